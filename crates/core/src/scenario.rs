//! What the shell knows about a scenario: its metadata, prediction, code and how to run it.

use futures::future::LocalBoxFuture;

use crate::ctx::Ctx;
use crate::decimal::Dec;
use crate::freeze_limits::MAX_BLOCK_MS;
use crate::job::{Job, JobOutput};
use crate::params::ParamValues;
pub use crate::params::{ParamKind, ParamSpec};
use crate::timeline::Timeline;

/// One way of running a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct ModeSpec {
    /// Short key used in links, e.g. `gather`.
    pub key: &'static str,
    /// Label on the mode's button.
    pub label: &'static str,
    /// What the mode shows, in one line.
    pub meaning: &'static str,
}

/// Everything the shell renders for a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioMeta {
    /// Id used in links (`s=`).
    pub id: &'static str,
    /// Title of the scenario's page.
    pub title: &'static str,
    /// The lesson, in two lines.
    pub lesson: [&'static str; 2],
    /// Its parameters, in display order.
    pub params: &'static [ParamSpec],
    /// Its modes, in display order; the first is the default.
    pub modes: &'static [ModeSpec],
    /// The two modes Compare runs back to back: the slow one first.
    pub compare: [&'static str; 2],
}

/// The two programs the code view shows for a mode, with the line that makes the difference.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeView {
    /// The Python asyncio program, in the style of the lessons, with the current values.
    pub python: String,
    /// Text of the Python line to mark.
    pub python_mark: &'static str,
    /// The Rust the page runs, cut from the scenario's source.
    pub rust: String,
    /// Text of the Rust line to mark.
    pub rust_mark: &'static str,
}

/// A further listing shown beside the code view, e.g. the same loop written another way.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeAside {
    /// What the listing shows.
    pub title: &'static str,
    /// The Python version.
    pub python: &'static str,
    /// The Rust version.
    pub rust: &'static str,
}

/// The key of the figure a scenario adds when it predicts its run again with the CPU time
/// the run measured (CPU work has no ideal duration); the benchmark chart prefers it.
pub const PREDICTED_WITH_CPU_STAT: &str = "predicted-with-cpu-ms";

/// A figure a scenario adds to its result card, e.g. requests per second.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultStat {
    /// Short key, also the card's `data-<key>` attribute.
    pub key: &'static str,
    /// Label shown on the card.
    pub label: &'static str,
    /// The figure.
    pub value: f64,
    /// The figure written for people, with its unit.
    pub text: String,
}

/// A lesson the playground can run.
pub trait Scenario: Sync {
    /// Its metadata.
    fn meta(&self) -> &'static ScenarioMeta;

    /// The ideal total of a run, in ms.
    fn predict_ms(&self, values: &ParamValues, mode: &str) -> f64;

    /// Whether `mode` holds the main thread for the whole run (a blocking sleep or call);
    /// none do by default.
    fn is_blocking(&self, _mode: &str) -> bool {
        false
    }

    /// How long a run holds the main thread, in ms: the freeze the page will feel. A blocking
    /// mode holds it for its whole predicted run; one that waits on a network, which no
    /// prediction bounds, for the most a run may (it stops sending after that long).
    fn blocking_ms(&self, values: &ParamValues, mode: &str) -> f64 {
        if self.blocks_on_network(values, mode) {
            MAX_BLOCK_MS
        } else if self.is_blocking(mode) {
            self.predict_ms(values, mode)
        } else {
            0.0
        }
    }

    /// Whether `mode` holds the thread while it waits on a network (synchronous requests),
    /// for as long as the server takes; none do by default.
    fn blocks_on_network(&self, _values: &ParamValues, _mode: &str) -> bool {
        false
    }

    /// How many `to_thread` jobs `mode` runs at once at most. The page starts that many workers
    /// before the clock, as Python's thread pool has its threads at hand; none by default.
    fn n_threads(&self, _values: &ParamValues, _mode: &str) -> usize {
        0
    }

    /// Work to do before the run's clock starts; none by default. A `Job::Fetch` is a download
    /// the page makes itself, while it is idle (the offline Pokemon list); any other job runs
    /// on a worker (planning chess games, so the page need not link a move generator).
    fn prepare(&self, _values: &ParamValues) -> Option<Job> {
        None
    }

    /// The run itself: the main task's body, given the output of [`Scenario::prepare`].
    fn run(
        &self,
        ctx: Ctx,
        values: ParamValues,
        mode: &str,
        prepared: Option<JobOutput>,
    ) -> LocalBoxFuture<'static, ()>;

    /// The code view for `mode`, its Python written with `values`.
    fn code(&self, values: &ParamValues, mode: &str) -> CodeView;

    /// The prediction's formula with the current values filled in; none by default.
    fn formula(&self, _values: &ParamValues, _mode: &str) -> Option<String> {
        None
    }

    /// Figures the result card adds for a finished run; none by default.
    fn result_stats(&self, _values: &ParamValues, _mode: &str, _timeline: &Timeline) -> Vec<ResultStat> {
        Vec::new()
    }

    /// Further listings for the lesson; none by default.
    fn asides(&self) -> Vec<CodeAside> {
        Vec::new()
    }

    /// Whether the Python listing runs as it is in the page's CPython (it needs no network
    /// library and defines everything it calls), so [`Scenario::editor_program`] opens it
    /// unchanged.
    fn runs_in_editor(&self) -> bool {
        false
    }

    /// The program "Open in editor" puts in the code tab for `mode`, written with `values`: one
    /// that runs in the page's CPython. By default the Python listing itself, if it runs there
    /// as it is; a scenario whose listing needs what the page lacks (a network, a web server)
    /// adapts it, saying what differs in comments at its top.
    fn editor_program(&self, values: &ParamValues, mode: &str) -> Option<String> {
        self.runs_in_editor().then(|| self.code(values, mode).python)
    }
}

impl ScenarioMeta {
    /// The mode with `key`.
    pub fn mode(&self, key: &str) -> Option<&'static ModeSpec> {
        self.modes.iter().find(|mode| mode.key == key)
    }

    /// The labels of the modes that use `spec`, as their buttons say them: "create_task",
    /// "to_thread, gather two"; "every mode" for a parameter all use.
    pub fn modes_using(&self, spec: &ParamSpec) -> String {
        if spec.modes.is_empty() {
            return "every mode".to_string();
        }
        let labels: Vec<&str> =
            self.modes.iter().filter(|mode| spec.applies_to(mode.key)).map(|mode| mode.label).collect();
        labels.join(", ")
    }

    /// The parameter with `key`.
    pub fn param(&self, key: &str) -> Option<&'static ParamSpec> {
        self.params.iter().find(|param| param.key == key)
    }

    /// The default mode's key.
    pub fn default_mode(&self) -> &'static str {
        self.modes.first().map_or("", |mode| mode.key)
    }
}

/// Writes milliseconds as Python seconds: 1500 as `1.5`, 10 as `0.01`.
pub fn python_seconds(ms: f64) -> String {
    let text = format!("{:.4}", Dec(ms / 1000.0));
    let text = text.trim_end_matches('0');
    match text.strip_suffix('.') {
        Some(whole) => format!("{whole}.0"),
        None => text.to_string(),
    }
}

/// Cuts the lines between `// region: NAME` and the next `// endregion` out of `source`,
/// removing their common indentation. rustfmt may leave the end marker after code on the
/// same line; that code is kept.
pub fn source_region(source: &str, name: &str) -> String {
    let start_marker = format!("// region: {name}");
    // The region's context (see build.rs): the lines that open the blocks around it.
    let all: Vec<&str> = source.lines().collect();
    let context: Vec<&str> = match all.iter().position(|line| line.trim() == start_marker) {
        Some(start) => all[..start]
            .iter()
            .rev()
            .take_while(|line| line.starts_with("// context: "))
            .map(|line| &line["// context: ".len()..])
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect(),
        None => Vec::new(),
    };
    let region = region_lines(source, &start_marker);
    if context.is_empty() || region.is_empty() {
        return region;
    }
    // The region as part of its function: the openers, an elision, the region at its own
    // depth, an elision, and the closing braces.
    let depth = context.iter().map(|line| line.len() - line.trim_start().len()).max().unwrap_or(0) + 4;
    let outer = context.first().map_or(0, |line| line.len() - line.trim_start().len());
    let mut shown: Vec<String> = context.iter().map(|line| line[outer..].to_string()).collect();
    let pad = " ".repeat(depth - outer);
    shown.push(format!("{pad}// …"));
    shown.extend(
        region.lines().map(|line| if line.is_empty() { String::new() } else { format!("{pad}{line}") }),
    );
    shown.push(format!("{pad}// …"));
    for line in context.iter().rev() {
        let indent = line.len() - line.trim_start().len() - outer;
        shown.push(format!("{}}}", " ".repeat(indent)));
    }
    shown.join("\n")
}

/// The lines of the region that starts at `start_marker`, without their common indentation.
fn region_lines(source: &str, start_marker: &str) -> String {
    let mut lines = Vec::new();
    for line in source.lines().skip_while(|line| line.trim() != start_marker).skip(1) {
        if let Some((code, _)) = line.split_once("// endregion") {
            if !code.trim().is_empty() {
                lines.push(code.trim_end());
            }
            break;
        }
        lines.push(line);
    }
    let indent = lines
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    lines.iter().map(|line| line.get(indent..).unwrap_or("").trim_end()).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_a_region_and_removes_its_indentation() {
        let source = "fn x() {\n    // region: a\n    let y = 1;\n        z(y);\n    // endregion\n}\n";
        assert_eq!(source_region(source, "a"), "let y = 1;\n    z(y);");
        assert_eq!(source_region(source, "missing"), "");
        let trailing = "// region: b\n    if x {\n        y();\n    } // endregion\n";
        assert_eq!(source_region(trailing, "b"), "if x {\n    y();\n}");
    }

    #[test]
    fn writes_python_seconds() {
        assert_eq!(python_seconds(1500.0), "1.5");
        assert_eq!(python_seconds(10.0), "0.01");
        assert_eq!(python_seconds(2000.0), "2.0");
        assert_eq!(python_seconds(0.0), "0.0");
    }
}
