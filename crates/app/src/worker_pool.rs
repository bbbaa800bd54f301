//! A pool of Web Workers that run core's blocking jobs for `to_thread`.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use futures::channel::oneshot;
use gloo_worker::oneshot::OneshotBridge;
use gloo_worker::Spawnable;
use playground_core::{Job, JobOutput};
use playground_worker::RunJob;

/// Workers are started on demand, up to a limit; a job waits when all of them are busy,
/// like Python's thread pool behind `asyncio.to_thread`.
#[derive(Clone)]
pub struct WorkerPool {
    inner: Rc<PoolInner>,
}

struct PoolInner {
    script_url: String,
    max_workers: usize,
    n_started: Cell<usize>,
    idle: RefCell<Vec<OneshotBridge<RunJob>>>,
    waiting: RefCell<VecDeque<oneshot::Sender<OneshotBridge<RunJob>>>>,
}

impl WorkerPool {
    /// A pool of at most `max_workers` workers loaded from `script_url`.
    pub fn new(script_url: &str, max_workers: usize) -> Self {
        Self {
            inner: Rc::new(PoolInner {
                script_url: script_url.to_string(),
                max_workers: max_workers.max(1),
                n_started: Cell::new(0),
                idle: RefCell::new(Vec::new()),
                waiting: RefCell::new(VecDeque::new()),
            }),
        }
    }

    /// Runs `job` on a free worker, waiting for one if all are busy.
    pub async fn run(&self, job: Job) -> Result<JobOutput, String> {
        let mut bridge = self.acquire().await?;
        let output = bridge.run(job).await;
        self.release(bridge);
        Ok(output)
    }

    async fn acquire(&self) -> Result<OneshotBridge<RunJob>, String> {
        if let Some(bridge) = self.inner.idle.borrow_mut().pop() {
            return Ok(bridge);
        }
        if self.inner.n_started.get() < self.inner.max_workers {
            self.inner.n_started.set(self.inner.n_started.get() + 1);
            // Trunk builds the worker as a classic script (no-modules), not as a module.
            return Ok(RunJob::spawner().as_module(false).spawn(&self.inner.script_url));
        }
        let (sender, receiver) = oneshot::channel();
        self.inner.waiting.borrow_mut().push_back(sender);
        receiver.await.map_err(|_| "the worker pool was shut down".to_string())
    }

    fn release(&self, mut bridge: OneshotBridge<RunJob>) {
        loop {
            let Some(waiter) = self.inner.waiting.borrow_mut().pop_front() else {
                break;
            };
            match waiter.send(bridge) {
                Ok(()) => return,
                // That job was cancelled while it waited; offer the worker to the next.
                Err(returned) => bridge = returned,
            }
        }
        self.inner.idle.borrow_mut().push(bridge);
    }
}
