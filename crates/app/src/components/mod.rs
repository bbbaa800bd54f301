//! The page's components: props go down, `on_*` callbacks go up.

pub mod bench_chart;
pub mod chess_boards;
pub mod code_view;
pub mod freeze_meter;
pub mod icecream_live;
pub mod notices;
pub mod output_console;
pub mod params_panel;
pub mod picker;
pub mod pokemon_names;
pub mod result_card;
pub mod run_controls;
pub mod session_panel;
pub mod timeline_view;

use playground_core::decimal::Dec;

/// Formats milliseconds for people: "850 ms" below two seconds, "4.50 s" above.
pub fn format_ms(ms: f64) -> String {
    if ms.abs() < 2000.0 {
        format!("{:.0} ms", Dec(ms))
    } else {
        format!("{:.2} s", Dec(ms / 1000.0))
    }
}
