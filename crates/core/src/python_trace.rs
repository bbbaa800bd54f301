//! A Python program's run, turned into the same [`Timeline`] the lessons draw.
//!
//! The page runs the person's asyncio program in CPython (Pyodide) and records what its tasks
//! do as lines of text, one event a line, fields separated by tabs:
//!
//! ```text
//! spawn   <task> <parent or -> <at_ms> <name>
//! run     <task> <start_ms> <end_ms>       a step of the task on the main thread
//! block   <task> <start_ms> <end_ms>       time.sleep: the thread held, nothing else runs
//! off     <task> <start_ms>                a thread's call starts in a worker (to_thread)
//! print   <task> <at_ms> <text>
//! cancel  <task> <at_ms>
//! timeout <task> <at_ms> <limit_ms>
//! done    <task> <at_ms> <result>
//! ```
//!
//! Tasks are numbered by the recorder; `-` is "no parent". A call of `to_thread` is a lane of
//! its own ("thread: <function>"): waiting for a free worker from its spawn, off-thread from
//! its `off` event until its `done`. Text fields escape `\` as `\\`, a
//! tab as `\t` and a line break as `\n`. Between its steps a task is waiting. Lines arrive in
//! batches while the program runs, so [`PythonTrace`] is fed incrementally; a line it cannot
//! read is counted and skipped, never a panic.

use crate::decimal::parse_decimal;
use crate::timeline::{EventKind, LaneId, SegmentKind, Timeline};

/// A Python run's timeline, built from its event lines as they come.
#[derive(Clone, Debug, Default)]
pub struct PythonTrace {
    timeline: Timeline,
    /// The lane of each task number seen, in the order spawned.
    lanes: Vec<(u64, LaneId)>,
    /// Lines that could not be read, with the first one's problem.
    n_unreadable: usize,
    first_problem: Option<String>,
    /// When the last step on the main thread ended, in ms.
    last_held_end_ms: Option<f64>,
}

/// Steps on the main thread less than this far apart, in ms, are taken to be in one turn of
/// the page's event loop, with no frame between them: the recorder runs every step that is
/// due in one callback, and its lines do not say where the turns are (the lessons' runs know,
/// see `Ctx`).
const ONE_CALLBACK_MS: f64 = 1.0;

impl PythonTrace {
    /// An empty trace.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads every line of `text`.
    pub fn feed(&mut self, text: &str) {
        for line in text.lines().filter(|line| !line.is_empty()) {
            if let Err(problem) = self.apply(line) {
                self.n_unreadable += 1;
                self.first_problem.get_or_insert_with(|| format!("{problem}: {}", shortened(line)));
            }
        }
    }

    /// The timeline so far.
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// Lines that could not be read, and what was wrong with the first.
    pub fn unreadable(&self) -> (usize, Option<&str>) {
        (self.n_unreadable, self.first_problem.as_deref())
    }

    /// Ends every task still open at `at_ms` (the program finished or was stopped).
    pub fn finish(&mut self, at_ms: f64) {
        for index in 0..self.lanes.len() {
            let lane = self.lanes[index].1;
            if !self.timeline.has_ended(lane) {
                self.drop_empty_wait(lane, at_ms);
                self.timeline.end_lane(lane, at_ms);
            }
        }
    }

    fn apply(&mut self, line: &str) -> Result<(), String> {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            ["spawn", task, parent, at, name] => {
                let task = task_number(task)?;
                if self.lane_of(task).is_some() {
                    return Err(format!("task {task} was spawned twice"));
                }
                let parent = match *parent {
                    "-" => None,
                    number => Some(self.lane(task_number(number)?)?),
                };
                let at_ms = time(at)?;
                let lane = self.timeline.add_lane(&unescape(name), parent, at_ms);
                self.lanes.push((task, lane));
                self.timeline.open_segment(lane, SegmentKind::Waiting, at_ms);
            }
            [kind @ ("run" | "block"), task, start, end] => {
                let lane = self.lane(task_number(task)?)?;
                let (start_ms, end_ms) = (time(start)?, time(end)?);
                if end_ms < start_ms {
                    return Err("a segment ends before it starts".to_string());
                }
                let kind = if *kind == "run" { SegmentKind::Running } else { SegmentKind::Blocked };
                self.check_in_order(lane, start_ms)?;
                self.drop_empty_wait(lane, start_ms);
                self.timeline.add_segment(lane, kind, start_ms, end_ms);
                if let Some(last_end_ms) = self.last_held_end_ms {
                    if (last_end_ms..last_end_ms + ONE_CALLBACK_MS).contains(&start_ms) {
                        self.timeline.add_held_break(last_end_ms, start_ms);
                    }
                }
                self.last_held_end_ms = Some(end_ms);
                if !self.timeline.has_ended(lane) {
                    self.timeline.open_segment(lane, SegmentKind::Waiting, end_ms);
                }
            }
            ["off", task, start] => {
                let lane = self.lane(task_number(task)?)?;
                let start_ms = time(start)?;
                self.check_in_order(lane, start_ms)?;
                self.drop_empty_wait(lane, start_ms);
                self.timeline.open_segment(lane, SegmentKind::OffThread, start_ms);
            }
            ["print", task, at, text] => {
                let lane = self.lane(task_number(task)?)?;
                self.timeline.add_event(lane, time(at)?, EventKind::Print { text: unescape(text).into() });
            }
            ["cancel", task, at] => {
                let lane = self.lane(task_number(task)?)?;
                self.timeline.add_event(lane, time(at)?, EventKind::Cancel);
            }
            ["timeout", task, at, limit] => {
                let lane = self.lane(task_number(task)?)?;
                let limit_ms = time(limit)?;
                self.timeline.add_event(lane, time(at)?, EventKind::Timeout { limit_ms });
            }
            ["done", task, at, result] => {
                let lane = self.lane(task_number(task)?)?;
                let at_ms = time(at)?;
                self.timeline.add_event(lane, at_ms, EventKind::Done { result: unescape(result) });
                self.drop_empty_wait(lane, at_ms);
                self.timeline.end_lane(lane, at_ms);
            }
            [kind, ..] => return Err(format!("unknown or malformed event {kind:?}")),
            [] => return Err("an empty event".to_string()),
        }
        Ok(())
    }

    /// A lane's segments stay in order (the timeline counts on it): a step may not start
    /// before the lane's last closed segment ends.
    fn check_in_order(&self, lane: LaneId, start_ms: f64) -> Result<(), String> {
        let last_end_ms = self
            .timeline
            .lane(lane)
            .and_then(|lane| lane.segments.iter().rev().find_map(|segment| segment.end_ms));
        match last_end_ms {
            Some(end_ms) if start_ms < end_ms => {
                Err("a step starts before the one before it ends".to_string())
            }
            _ => Ok(()),
        }
    }

    /// Removes the open waiting segment of `lane` if it would end at `at_ms` having lasted
    /// nothing: back-to-back steps have no wait between them.
    fn drop_empty_wait(&mut self, lane: LaneId, at_ms: f64) {
        if let Some(lane) = self.timeline.lanes.get_mut(lane.0 as usize) {
            if lane.segments.last().is_some_and(|segment| {
                segment.end_ms.is_none() && segment.kind == SegmentKind::Waiting && segment.start_ms >= at_ms
            }) {
                lane.segments.pop();
            }
        }
    }

    fn lane_of(&self, task: u64) -> Option<LaneId> {
        self.lanes.iter().find(|(number, _)| *number == task).map(|&(_, lane)| lane)
    }

    fn lane(&self, task: u64) -> Result<LaneId, String> {
        self.lane_of(task).ok_or_else(|| format!("task {task} was never spawned"))
    }
}

/// Escapes `text` for a text field of an event line.
pub fn escape_field(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// Reads a text field back; an unknown escape is kept as it is.
fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn task_number(field: &str) -> Result<u64, String> {
    match parse_decimal(field) {
        Some(number) if number >= 0.0 && number.fract() == 0.0 && number < 1e15 => Ok(number as u64),
        _ => Err(format!("{field:?} is not a task number")),
    }
}

fn time(field: &str) -> Result<f64, String> {
    match parse_decimal(field) {
        Some(ms) if ms.is_finite() && ms >= 0.0 => Ok(ms),
        _ => Err(format!("{field:?} is not a time in ms")),
    }
}

fn shortened(line: &str) -> String {
    line.chars().take(80).collect()
}
