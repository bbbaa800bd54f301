//! The page's components: props go down, `on_*` callbacks go up.

pub mod bench_chart;
pub mod chess_boards;
pub mod code_panel;
pub mod code_view;
pub mod export_bar;
pub mod freeze_meter;
pub mod icecream_live;
pub mod live_canvas;
pub mod notices;
pub mod output_console;
pub mod params_panel;
pub mod picker;
pub mod pokemon_names;
pub mod result_card;
pub mod run_article;
pub mod run_controls;
pub mod session_panel;
pub mod timeline_view;

/// Formats milliseconds for people: "850 ms" below two seconds, "4.50 s" above (the same
/// rule as the exported pictures and tables).
pub use playground_core::decimal::format_duration_ms as format_ms;
