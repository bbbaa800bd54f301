//! Blocking jobs that `to_thread` runs off the main thread (in a Web Worker in the page).
//!
//! A closure cannot cross into a worker, so each job is data, and [`run_job`] is the one
//! function the worker calls, with a [`JobHost`] that does the blocking work there.

use crate::chess_games::PlannedGame;
use crate::decimal::Dec;
use crate::wire::{WireReader, WireWriter};

/// A blocking job to run on another thread. It crosses to the worker as text
/// ([`Job::encode`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Job {
    /// Hold the thread for `duration_ms`, as a blocking call (`time.sleep`, a slow model): the
    /// page busy-waits (nothing else may run), a worker waits on a timer (it computes nothing).
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

/// What a job produced. It crosses back as text ([`JobOutput::encode`]).
#[derive(Clone, Debug, PartialEq)]
pub enum JobOutput {
    /// The job finished with nothing to report.
    Done,
    /// The body of a response.
    Text(String),
    /// What went wrong, for people.
    Failed(String),
    /// Planned chess games, one per board.
    Games(Vec<PlannedGame>),
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
            Job::Block { duration_ms } => format!("blocking call of {:.0} ms", Dec(*duration_ms)),
            Job::Fetch { url, .. } => format!("blocking GET {url}"),
            Job::PlanChessGames { n_boards, .. } => format!("plan {n_boards} chess games"),
        }
    }

    /// How long the job takes once its thread starts it, in ms, where that is known before:
    /// a blocking call's hold. Planning and requests take what the machine and network take.
    pub fn known_duration_ms(&self) -> Option<f64> {
        match self {
            Job::Block { duration_ms } => Some(duration_ms.max(0.0)),
            Job::PlanChessGames { .. } | Job::Fetch { .. } => None,
        }
    }
}

impl Job {
    /// The job as a message for the worker.
    pub fn encode(&self) -> String {
        let mut message = WireWriter::new();
        match self {
            Job::Block { duration_ms } => message.text("block").float(*duration_ms),
            Job::PlanChessGames { seed, n_boards, n_move_pairs } => {
                message.text("chess").number(*seed).number((*n_boards).into()).number((*n_move_pairs).into())
            }
            Job::Fetch { url, timeout_ms } => message.text("fetch").text(url).float(*timeout_ms),
        };
        message.finish()
    }

    /// Reads a job from its message.
    pub fn decode(message: &str) -> Result<Job, String> {
        let mut reader = WireReader::new(message);
        let job = match reader.text()? {
            "block" => Job::Block { duration_ms: reader.float()? },
            "chess" => Job::PlanChessGames {
                seed: reader.number()?,
                n_boards: small(reader.number()?)?,
                n_move_pairs: small(reader.number()?)?,
            },
            "fetch" => Job::Fetch { url: reader.text()?.to_string(), timeout_ms: reader.float()? },
            other => return Err(format!("the worker has no job called \"{other}\"")),
        };
        reader.finish()?;
        Ok(job)
    }
}

impl JobOutput {
    /// The output as a message for the page.
    pub fn encode(&self) -> String {
        let mut message = WireWriter::new();
        match self {
            JobOutput::Done => message.text("done"),
            JobOutput::Text(text) => message.text("text").text(text),
            JobOutput::Failed(why) => message.text("failed").text(why),
            JobOutput::Games(games) => {
                message.text("games").number(games.len() as u64);
                for game in games {
                    message.number(game.moves.len() as u64);
                    for played in &game.moves {
                        message.text(played);
                    }
                    message.text(game.ending.as_deref().unwrap_or(""));
                }
                &mut message
            }
        };
        message.finish()
    }

    /// Reads an output from its message.
    pub fn decode(message: &str) -> Result<JobOutput, String> {
        let mut reader = WireReader::new(message);
        let output = match reader.text()? {
            "done" => JobOutput::Done,
            "text" => JobOutput::Text(reader.text()?.to_string()),
            "failed" => JobOutput::Failed(reader.text()?.to_string()),
            "games" => {
                let n_games = reader.number()?;
                let mut games = Vec::new();
                for _ in 0..n_games {
                    let n_moves = reader.number()?;
                    let mut moves = Vec::new();
                    for _ in 0..n_moves {
                        moves.push(reader.text()?.to_string());
                    }
                    let ending = Some(reader.text()?).filter(|ending| !ending.is_empty()).map(str::to_string);
                    games.push(PlannedGame { moves, ending });
                }
                JobOutput::Games(games)
            }
            other => return Err(format!("the worker answered \"{other}\", which is not an output")),
        };
        reader.finish()?;
        Ok(output)
    }
}

fn small(number: u64) -> Result<u32, String> {
    u32::try_from(number).map_err(|_| format!("{number} is too large for a job"))
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
            JobOutput::Games(crate::chess_games::plan_games(*seed, *n_boards, *n_move_pairs))
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
    fn jobs_and_outputs_cross_to_the_worker_and_back_unchanged() {
        let jobs = [
            Job::Block { duration_ms: 250.5 },
            Job::Fetch { url: "https://x/y?a=1:2".into(), timeout_ms: 9.0 },
            Job::PlanChessGames { seed: u64::MAX, n_boards: 50, n_move_pairs: 60 },
        ];
        for job in jobs {
            assert_eq!(Job::decode(&job.encode()), Ok(job));
        }
        let outputs = [
            JobOutput::Done,
            JobOutput::Text("{\"name\": \"ditto\"}".into()),
            JobOutput::Failed("404 Not Found".into()),
            JobOutput::Games(crate::chess_games::plan_games(7, 3, 40)),
            JobOutput::Games(vec![PlannedGame { moves: vec![], ending: Some("stalemate".into()) }]),
        ];
        for output in outputs {
            assert_eq!(JobOutput::decode(&output.encode()), Ok(output));
        }
    }

    #[test]
    fn unknown_or_truncated_messages_are_refused() {
        assert!(Job::decode("5:sleep1:1").is_err_and(|why| why.contains("no job called")));
        assert!(Job::decode("5:chess1:12:990:").is_err_and(|why| why.starts_with("a malformed")));
        assert!(Job::decode("5:chess1:111:99999999999").is_err());
        assert!(JobOutput::decode("5:games1:2").is_err());
        assert!(JobOutput::decode("4:done4:done").is_err_and(|why| why.contains("after its last field")));
    }

    #[test]
    fn only_a_blocking_call_knows_its_length_before_it_runs() {
        assert_eq!(Job::Block { duration_ms: 86.5 }.known_duration_ms(), Some(86.5));
        assert_eq!(Job::Block { duration_ms: -3.0 }.known_duration_ms(), Some(0.0));
        assert_eq!(Job::Fetch { url: "h/ok".into(), timeout_ms: 1.0 }.known_duration_ms(), None);
        let plan = Job::PlanChessGames { seed: 1, n_boards: 2, n_move_pairs: 3 };
        assert_eq!(plan.known_duration_ms(), None);
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
