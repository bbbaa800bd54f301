//! Blocking jobs that `to_thread` runs off the main thread (in a Web Worker in the page).
//!
//! A closure cannot cross into a worker, so each job is data, and [`run_job`] is the one
//! function the worker calls.

use serde::{Deserialize, Serialize};

/// A blocking job to run on another thread.
///
/// Jobs cross to the worker in bincode, which needs serde's default (external) enum tagging.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Job {
    /// Busy-wait for `duration_ms`, as a blocking call (`time.sleep`, a synchronous request).
    Block {
        /// How long to hold the thread, in ms.
        duration_ms: f64,
    },
}

/// What a job produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum JobOutput {
    /// The job finished with nothing to report.
    Done,
}

impl Job {
    /// How long the job takes on the virtual clock, in ms.
    pub fn virtual_cost_ms(&self) -> f64 {
        match self {
            Job::Block { duration_ms } => duration_ms.max(0.0),
        }
    }

    /// A short description for the timeline.
    pub fn describe(&self) -> String {
        match self {
            Job::Block { duration_ms } => format!("blocking call of {duration_ms:.0} ms"),
        }
    }
}

/// Runs `job` on the calling thread; `block` holds that thread for the given ms.
pub fn run_job(job: &Job, block: &dyn Fn(f64)) -> JobOutput {
    match job {
        Job::Block { duration_ms } => {
            block(duration_ms.max(0.0));
            JobOutput::Done
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_and_outputs_cross_to_the_worker_in_bincode() {
        // gloo-worker encodes messages with bincode, which rejects internally tagged enums.
        let job = Job::Block { duration_ms: 250.0 };
        let bytes = bincode::serialize(&job).expect("encode");
        assert_eq!(bincode::deserialize::<Job>(&bytes).expect("decode"), job);
        let bytes = bincode::serialize(&JobOutput::Done).expect("encode");
        assert_eq!(bincode::deserialize::<JobOutput>(&bytes).expect("decode"), JobOutput::Done);
    }

    #[test]
    fn a_block_job_holds_its_thread_for_its_duration() {
        let held_ms = std::cell::Cell::new(0.0);
        let output = run_job(&Job::Block { duration_ms: 40.0 }, &|ms| held_ms.set(ms));
        assert_eq!((output, held_ms.get()), (JobOutput::Done, 40.0));
        assert_eq!(Job::Block { duration_ms: -3.0 }.virtual_cost_ms(), 0.0);
    }
}
