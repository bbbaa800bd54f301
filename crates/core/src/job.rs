//! Blocking jobs that `to_thread` runs off the main thread (in a Web Worker in the page).
//!
//! A closure cannot cross into a worker, so each job is data, and [`run_job`] is the one
//! function the worker calls, with a [`JobHost`] that does the blocking work there.

use serde::{Deserialize, Serialize};

/// A blocking job to run on another thread.
///
/// Jobs cross to the worker in bincode, which needs serde's default (external) enum tagging.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Job {
    /// Busy-wait for `duration_ms`, as a blocking call (`time.sleep`, a slow model).
    Block {
        /// How long to hold the thread, in ms.
        duration_ms: f64,
    },
    /// Plan the games of a chess exhibition (legal moves chosen from the seed).
    PlanChessGames {
        /// Seed of the moves.
        seed: u64,
        /// Boards to plan.
        n_boards: u32,
        /// Move pairs per game.
        n_move_pairs: u32,
    },
    /// A synchronous HTTP GET of `url`, holding the thread until the answer.
    Fetch {
        /// The address to get.
        url: String,
        /// Give up after this long, in ms.
        timeout_ms: f64,
    },
}

/// What a job produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum JobOutput {
    /// The job finished with nothing to report.
    Done,
    /// The body of a response.
    Text(String),
    /// What went wrong, for people.
    Failed(String),
    /// Planned chess games, one per board.
    Games(Vec<crate::scenarios::chess::PlannedGame>),
}

/// What a thread offers the jobs it runs.
pub trait JobHost {
    /// Holds the thread for `duration_ms`.
    fn block(&self, duration_ms: f64);

    /// Gets `url` synchronously; the body, or a message saying what failed.
    fn fetch_blocking(&self, url: &str, timeout_ms: f64) -> Result<String, String>;
}

impl Job {
    /// A short description for the timeline.
    pub fn describe(&self) -> String {
        match self {
            Job::Block { duration_ms } => format!("blocking call of {duration_ms:.0} ms"),
            Job::Fetch { url, .. } => format!("blocking GET {url}"),
            Job::PlanChessGames { n_boards, .. } => format!("plan {n_boards} chess games"),
        }
    }
}

/// Runs `job` on the calling thread, with `host` doing the blocking work.
pub fn run_job(job: &Job, host: &dyn JobHost) -> JobOutput {
    match job {
        Job::Block { duration_ms } => {
            host.block(duration_ms.max(0.0));
            JobOutput::Done
        }
        Job::Fetch { url, timeout_ms } => match host.fetch_blocking(url, *timeout_ms) {
            Ok(body) => JobOutput::Text(body),
            Err(message) => JobOutput::Failed(message),
        },
        Job::PlanChessGames { seed, n_boards, n_move_pairs } => {
            JobOutput::Games(crate::scenarios::chess::plan_games(*seed, *n_boards, *n_move_pairs))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    struct RecordingHost {
        held_ms: Cell<f64>,
    }

    impl JobHost for RecordingHost {
        fn block(&self, duration_ms: f64) {
            self.held_ms.set(self.held_ms.get() + duration_ms);
        }

        fn fetch_blocking(&self, url: &str, _timeout_ms: f64) -> Result<String, String> {
            if url.ends_with("/ok") {
                Ok("{}".to_string())
            } else {
                Err("404 Not Found".to_string())
            }
        }
    }

    #[test]
    fn jobs_and_outputs_cross_to_the_worker_in_bincode() {
        // gloo-worker encodes messages with bincode, which rejects internally tagged enums.
        for job in
            [Job::Block { duration_ms: 250.0 }, Job::Fetch { url: "https://x/y".into(), timeout_ms: 9.0 }]
        {
            let bytes = bincode::serialize(&job).expect("encode");
            assert_eq!(bincode::deserialize::<Job>(&bytes).expect("decode"), job);
        }
        for output in [JobOutput::Done, JobOutput::Text("a".into()), JobOutput::Failed("b".into())] {
            let bytes = bincode::serialize(&output).expect("encode");
            assert_eq!(bincode::deserialize::<JobOutput>(&bytes).expect("decode"), output);
        }
    }

    #[test]
    fn jobs_use_their_host() {
        let host = RecordingHost { held_ms: Cell::new(0.0) };
        assert_eq!(run_job(&Job::Block { duration_ms: 40.0 }, &host), JobOutput::Done);
        assert_eq!(host.held_ms.get(), 40.0);
        assert_eq!(
            run_job(&Job::Fetch { url: "h/ok".into(), timeout_ms: 1.0 }, &host),
            JobOutput::Text("{}".into())
        );
        assert_eq!(
            run_job(&Job::Fetch { url: "h/no".into(), timeout_ms: 1.0 }, &host),
            JobOutput::Failed("404 Not Found".into())
        );
    }
}
