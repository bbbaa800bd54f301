//! A pool of Web Workers that run core's blocking jobs for `to_thread`.
//!
//! The site ships one wasm: a worker loads the page's own module and, finding no window,
//! registers the job runner instead of drawing the page (see `main.rs`).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use futures::channel::oneshot;
use gloo_worker::oneshot::OneshotBridge;
use gloo_worker::Spawnable;
use playground_core::{Job, JobOutput};
use playground_worker::RunJob;
use wasm_bindgen::prelude::*;

/// Where a worker's code comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkerSource {
    /// The page's own wasm, loaded again as a module worker.
    ThisModule,
    /// A worker built on its own with wasm-bindgen's no-modules target, at this address (the
    /// browser tests, whose harness has no `main` to register the runner).
    Script(String),
}

#[wasm_bindgen]
extern "C" {
    /// The address of this module's JavaScript glue, which Trunk names with a hash.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: String;
}

thread_local! {
    static SELF_LOADER_URL: std::cell::OnceCell<Result<String, String>> = const { std::cell::OnceCell::new() };
}

/// A module script that loads this page's glue and wasm in a worker: made once, kept.
fn self_loader_url() -> Result<String, String> {
    SELF_LOADER_URL.with(|cell| cell.get_or_init(make_self_loader_url).clone())
}

fn make_self_loader_url() -> Result<String, String> {
    let glue_url = GLUE_URL.with(String::clone);
    let stem = glue_url
        .strip_suffix(".js")
        .ok_or_else(|| format!("the page's script {glue_url} is not a .js file"))?;
    let script =
        format!("import init from {glue_url:?};\nawait init({{ module_or_path: \"{stem}_bg.wasm\" }});\n");
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let parts = js_sys::Array::of1(&JsValue::from_str(&script));
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|error| {
        format!("the worker's loader could not be made: {}", playground_worker::describe(error))
    })?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(|error| {
        format!("the worker's loader could not be made: {}", playground_worker::describe(error))
    })
}

/// Workers are started on demand, up to a limit; a job waits when all of them are busy,
/// like Python's thread pool behind `asyncio.to_thread`.
#[derive(Clone)]
pub struct WorkerPool {
    inner: Rc<PoolInner>,
}

struct PoolInner {
    source: WorkerSource,
    max_workers: usize,
    n_started: Cell<usize>,
    idle: RefCell<Vec<OneshotBridge<RunJob>>>,
    waiting: RefCell<VecDeque<oneshot::Sender<OneshotBridge<RunJob>>>>,
}

impl WorkerPool {
    /// A pool of at most `max_workers` workers loaded from `source`.
    pub fn new(source: WorkerSource, max_workers: usize) -> Self {
        Self {
            inner: Rc::new(PoolInner {
                source,
                max_workers: max_workers.max(1),
                n_started: Cell::new(0),
                idle: RefCell::new(Vec::new()),
                waiting: RefCell::new(VecDeque::new()),
            }),
        }
    }

    /// Makes sure `n_workers` workers (at most the pool's limit) have started and answered, so
    /// the next jobs do not wait for a worker to load.
    pub async fn warm(&self, n_workers: usize) -> Result<(), String> {
        let n_workers = n_workers.min(self.inner.max_workers);
        // Each empty job runs as a task of its own, so the workers start together.
        let answers: Vec<_> = (0..n_workers)
            .map(|_| {
                let (sender, answer) = oneshot::channel();
                let pool = self.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = sender.send(pool.run(Job::Block { duration_ms: 0.0 }).await);
                });
                answer
            })
            .collect();
        for answer in answers {
            answer.await.map_err(|_| "a worker's start was abandoned".to_string())??;
        }
        Ok(())
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
            let bridge = match &self.inner.source {
                WorkerSource::ThisModule => {
                    RunJob::spawner().as_module(true).with_loader(true).spawn(&self_loader_url()?)
                }
                WorkerSource::Script(url) => RunJob::spawner().as_module(false).spawn(url),
            };
            self.inner.n_started.set(self.inner.n_started.get() + 1);
            return Ok(bridge);
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
