//! Pure logic of the async playground.
//!
//! This crate knows nothing about the browser: it never touches the DOM, a real clock,
//! randomness or the network. Time and blocking come in through the [`Runtime`] trait, so
//! the same scenario code runs on the [`virtual_runtime`] in `cargo test` and on the
//! browser's event loop in the page.

pub mod chess_board;
pub mod chess_games;
pub mod code_examples;
pub mod code_link;
pub mod console;
pub mod ctx;
pub mod decimal;
pub mod duration_input;
pub mod embed;
pub mod executor;
pub mod export;
pub mod fidelity;
pub mod frame_meter;
pub mod freeze_limits;
pub mod job;
pub mod json;
pub mod lane_groups;
pub mod limiter;
pub mod live_paint;
pub mod moment;
pub mod outcome;
pub mod page_state;
pub mod params;
pub mod python_trace;
pub mod redraw_policy;
pub mod rehearsal;
pub mod rng;
pub mod runtime;
pub mod scenario;
pub mod scenarios;
pub mod shared_log;
pub mod summary;
pub mod timeline;
pub mod timeline_layout;
pub mod url_codec;
pub mod virtual_runtime;
pub mod wire;

pub use ctx::{Cancelled, Ctx, FirstCompleted, Run, Task, WaitError};
pub use duration_input::{parse_duration_ms, MAX_DURATION_MS};
pub use export::{results_markdown, timeline_svg, ExportRun};
pub use frame_meter::FrameMeter;
pub use job::{run_job, Job, JobHost, JobOutput};
pub use limiter::Limiter;
pub use outcome::Outcome;
pub use page_state::{FreezeCheck, PageAction, PageState};
pub use params::{ParamValue, ParamValues};
pub use redraw_policy::{RedrawPolicy, RedrawTally};
pub use rng::SeededRng;
pub use runtime::Runtime;
pub use scenario::{CodeAside, CodeView, ModeSpec, ParamKind, ParamSpec, ResultStat, Scenario, ScenarioMeta};
pub use timeline::{Event, EventKind, Lane, LaneId, Segment, SegmentKind, Timeline};
pub use virtual_runtime::{
    run_scenario_virtual, run_virtual, run_virtual_with_network, NoNetwork, VirtualNetwork, VirtualRun,
    VirtualRuntime,
};
