//! The page's state: which scenario, mode, parameters and speed; changed only by actions
//! here, so the shell's logic is tested without a DOM.

use crate::decimal::{parse_decimal, round_to, Dec};
use crate::freeze_limits::{ASK_ABOVE_BLOCK_MS, MAX_BLOCK_MS};
use crate::params::{quote, ParamValues};
use crate::scenario::Scenario;
use crate::scenarios;

/// Slowest speed factor: delays ten times longer.
pub const MAX_SPEED_FACTOR: f64 = 10.0;
/// Fastest speed factor: delays ten times shorter.
pub const MIN_SPEED_FACTOR: f64 = 0.1;
/// Runs per mode in a benchmark, by default.
pub const DEFAULT_REPS: u32 = 5;
/// Most runs per mode in a benchmark.
pub const MAX_REPS: u32 = 20;
/// The site's name, as titles show it.
pub const SITE_TITLE: &str = "Async playground";
/// The picker's id of "your own program", the tab that is not a lesson (`s=code`).
pub const CODE_TAB: &str = "code";

/// What the page shows and a link encodes.
#[derive(Clone, Debug, PartialEq)]
pub struct PageState {
    /// The open scenario's id; `None` shows the picker alone.
    pub scenario_id: Option<&'static str>,
    /// The selected mode's key.
    pub mode: &'static str,
    /// The open scenario's parameter values.
    pub values: ParamValues,
    /// Factor every delay is multiplied by: above 1 is slow motion, below 1 is fast.
    pub speed: f64,
    /// Whether the link asks to run on open.
    pub autorun: bool,
    /// Runs per mode when benchmarking.
    pub reps: u32,
    /// Whether the page is shown compactly, for an iframe in slides or a blog post.
    pub embed: bool,
    /// Whether the page shows "your own program" (`s=code`) rather than a lesson.
    pub code: bool,
}

/// A change a person makes on the page.
#[derive(Clone, Debug, PartialEq)]
pub enum PageAction {
    /// Opens a scenario at its defaults.
    SelectScenario(String),
    /// Selects a mode of the open scenario.
    SetMode(String),
    /// Sets a parameter from a slider or a number box.
    SetParam {
        /// The parameter's key.
        key: String,
        /// The text the control gave.
        text: String,
    },
    /// Sets the speed factor.
    SetSpeed(String),
    /// Sets the runs per mode of a benchmark.
    SetReps(String),
    /// Puts every parameter and the speed back to the defaults.
    ResetToDefaults,
}

/// Whether a run may start given how long it would hold the main thread.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FreezeCheck {
    /// Short enough to run at once.
    Fine,
    /// Long enough that the page asks first.
    Ask {
        /// The predicted block, in ms; for requests over the network, the most the run allows.
        blocking_ms: f64,
        /// Whether the run waits on a network while it holds the thread, which no prediction
        /// bounds.
        on_network: bool,
    },
    /// Too long: the run is refused.
    Refuse {
        /// The predicted block, in ms.
        blocking_ms: f64,
    },
}

impl Default for PageState {
    fn default() -> Self {
        Self {
            scenario_id: None,
            mode: "",
            values: ParamValues::defaults(&[]),
            speed: 1.0,
            autorun: false,
            reps: DEFAULT_REPS,
            embed: false,
            code: false,
        }
    }
}

impl PageState {
    /// The state that opens `scenario` at its defaults.
    pub fn for_scenario(scenario: &dyn Scenario) -> Self {
        let meta = scenario.meta();
        Self {
            scenario_id: Some(meta.id),
            mode: meta.default_mode(),
            values: ParamValues::defaults(meta.params),
            speed: 1.0,
            autorun: false,
            reps: DEFAULT_REPS,
            embed: false,
            code: false,
        }
    }

    /// The open tab: a scenario's id, [`CODE_TAB`], or `None` for the picker alone. Opening
    /// another tab is a step the browser's Back undoes; changing a value on a tab is not.
    pub fn tab(&self) -> Option<&'static str> {
        if self.code {
            Some(CODE_TAB)
        } else {
            self.scenario_id
        }
    }

    /// The document's title for this state: the open lesson's title first, as a tab or a
    /// bookmark shows it.
    pub fn document_title(&self) -> String {
        match (self.code, self.scenario()) {
            (true, _) => format!("Your own program · {SITE_TITLE}"),
            (false, Some(scenario)) => format!("{} · {SITE_TITLE}", scenario.meta().title),
            (false, None) => format!("{SITE_TITLE}: feel async/await on the browser's event loop"),
        }
    }

    /// The open scenario.
    pub fn scenario(&self) -> Option<&'static dyn Scenario> {
        self.scenario_id.and_then(scenarios::find)
    }

    /// Applies `action`; returns notices for anything that had to be fixed.
    pub fn apply(&mut self, action: PageAction) -> Vec<String> {
        let mut notices = Vec::new();
        match action {
            PageAction::SelectScenario(id) if id == CODE_TAB => {
                *self = Self { embed: self.embed, code: true, ..Self::default() };
            }
            PageAction::SelectScenario(id) => match scenarios::find(&id) {
                Some(scenario) => *self = Self { embed: self.embed, ..Self::for_scenario(scenario) },
                None => notices.push(format!("Unknown scenario {}; pick one of the list.", quote(&id))),
            },
            PageAction::SetMode(key) => match self.scenario().and_then(|s| s.meta().mode(&key)) {
                Some(mode) => self.mode = mode.key,
                None => notices.push(format!("Unknown mode {}.", quote(&key))),
            },
            PageAction::SetParam { key, text } => notices.extend(self.values.set_from_text(&key, &text)),
            PageAction::SetSpeed(text) => {
                let (speed, notice) = parse_speed(&text);
                self.speed = speed;
                notices.extend(notice);
            }
            PageAction::SetReps(text) => {
                let (reps, notice) = parse_reps(&text);
                self.reps = reps;
                notices.extend(notice);
            }
            PageAction::ResetToDefaults => {
                if let Some(scenario) = self.scenario() {
                    *self = Self { mode: self.mode, embed: self.embed, ..Self::for_scenario(scenario) };
                }
            }
        }
        self.autorun = false;
        notices
    }

    /// The parameter values a run uses: delays scaled by the speed factor.
    pub fn run_values(&self) -> ParamValues {
        self.values.with_delays_scaled(self.speed)
    }

    /// The ideal total of a run in `mode`, speed included, in ms.
    pub fn predict_ms(&self, mode: &str) -> f64 {
        self.scenario().map_or(0.0, |scenario| scenario.predict_ms(&self.run_values(), mode))
    }

    /// Whether a run in `mode` may start, by the freeze it would cause.
    pub fn freeze_check(&self, mode: &str) -> FreezeCheck {
        let Some(scenario) = self.scenario() else { return FreezeCheck::Fine };
        let values = self.run_values();
        let blocking_ms = scenario.blocking_ms(&values, mode);
        let on_network = scenario.blocks_on_network(&values, mode);
        if blocking_ms > MAX_BLOCK_MS {
            FreezeCheck::Refuse { blocking_ms }
        } else if blocking_ms > ASK_ABOVE_BLOCK_MS || on_network {
            FreezeCheck::Ask { blocking_ms, on_network }
        } else {
            FreezeCheck::Fine
        }
    }
}

/// Reads a speed factor; out-of-range or malformed text is fixed with a notice.
pub fn parse_speed(text: &str) -> (f64, Option<String>) {
    match parse_decimal(text.trim()) {
        Some(speed) if (MIN_SPEED_FACTOR..=MAX_SPEED_FACTOR).contains(&speed) => {
            // A factor has at most two decimals, so that links show it exactly.
            let rounded = round_to(speed, 2);
            let notice = (rounded != speed).then(|| {
                format!("speed: {} has more than two decimals; used {}.", quote(text), Dec(rounded))
            });
            (rounded, notice)
        }
        Some(speed) => {
            let clamped = speed.clamp(MIN_SPEED_FACTOR, MAX_SPEED_FACTOR);
            let notice = format!(
                "speed: {} is outside {} to {}; used {}.",
                quote(text),
                Dec(MIN_SPEED_FACTOR),
                Dec(MAX_SPEED_FACTOR),
                Dec(clamped)
            );
            (clamped, Some(notice))
        }
        None => (1.0, Some(format!("speed: {} is not a number; used 1.", quote(text)))),
    }
}

/// Reads the runs per mode of a benchmark; out-of-range or malformed text is fixed with a
/// notice.
pub fn parse_reps(text: &str) -> (u32, Option<String>) {
    match parse_decimal(text.trim()) {
        Some(reps) if reps.fract() == 0.0 && (1.0..=f64::from(MAX_REPS)).contains(&reps) => {
            (reps as u32, None)
        }
        Some(reps) => {
            let fixed = reps.round().clamp(1.0, f64::from(MAX_REPS)) as u32;
            (
                fixed,
                Some(format!(
                    "reps: {} must be a whole number from 1 to {MAX_REPS}; used {fixed}.",
                    quote(text)
                )),
            )
        }
        None => (DEFAULT_REPS, Some(format!("reps: {} is not a number; used {DEFAULT_REPS}.", quote(text)))),
    }
}
