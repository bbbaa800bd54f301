//! A pool of Web Workers that run core's blocking jobs for `to_thread`.
//!
//! The site ships one wasm: a worker loads the page's own module and, finding no window,
//! registers the job runner instead of drawing the page (see `main.rs`).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use futures::channel::{mpsc, oneshot};
use futures::StreamExt;
use playground_core::{Job, JobOutput};
use playground_worker::{describe, READY};

use crate::browser;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, WorkerOptions, WorkerType};

/// Where a worker's code comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkerSource {
    /// The page's own wasm, loaded again as a module worker.
    ThisModule,
    /// A worker built on its own with wasm-bindgen's no-modules target, at this address (the
    /// browser tests, whose harness has no `main` to start the job runner).
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
    let wasm_url =
        wasm_url_of(&glue_url).ok_or_else(|| format!("the page's script {glue_url} is not a .js file"))?;
    browser::script_url(&format!(
        "import init from {};\nawait init({{ module_or_path: {} }});\n",
        js_text(&glue_url),
        js_text(&wasm_url)
    ))
}

/// A classic script that loads a no-modules worker build found at `url` (page-relative).
fn script_loader_url(url: &str) -> Result<String, String> {
    let glue_url = web_sys::Url::new_with_base(url, &browser::location_href())
        .map_err(|error| format!("the worker address {url} is not valid: {}", describe(error)))?
        .href();
    let wasm_url =
        wasm_url_of(&glue_url).ok_or_else(|| format!("the worker script {url} is not a .js file"))?;
    browser::script_url(&format!(
        "importScripts({});\nwasm_bindgen({});\n",
        js_text(&glue_url),
        js_text(&wasm_url)
    ))
}

/// The wasm that wasm-bindgen's glue at `glue_url` loads: `x.js` goes with `x_bg.wasm`.
fn wasm_url_of(glue_url: &str) -> Option<String> {
    glue_url.strip_suffix(".js").map(|stem| format!("{stem}_bg.wasm"))
}

/// `text` as a JavaScript string literal.
fn js_text(text: &str) -> String {
    js_sys::JSON::stringify(&JsValue::from_str(text)).map(String::from).unwrap_or_default()
}

/// One started worker and the messages it sends back.
struct JobWorker {
    worker: web_sys::Worker,
    answers: mpsc::UnboundedReceiver<Result<String, String>>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::Event)>,
}

impl JobWorker {
    /// Starts a worker from `source` and waits until it listens.
    async fn start(source: &WorkerSource) -> Result<Self, String> {
        let options = WorkerOptions::new();
        let url = match source {
            WorkerSource::ThisModule => {
                options.set_type(WorkerType::Module);
                self_loader_url()?
            }
            WorkerSource::Script(url) => script_loader_url(url)?,
        };
        let worker = web_sys::Worker::new_with_options(&url, &options)
            .map_err(|error| format!("the worker could not start: {}", describe(error)))?;
        let (sender, answers) = mpsc::unbounded();
        let on_error = {
            let sender = sender.clone();
            Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
                let _ = sender.unbounded_send(Err("the worker failed to load or crashed".to_string()));
            })
        };
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let answer =
                event.data().as_string().ok_or_else(|| "the worker answered with no text".to_string());
            let _ = sender.unbounded_send(answer);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let mut started = Self { worker, answers, _on_message: on_message, _on_error: on_error };
        match started.next_answer().await?.as_str() {
            READY => Ok(started),
            _ => Err("the worker spoke before it was ready".to_string()),
        }
    }

    /// Runs `job` and waits for its output.
    async fn run(&mut self, job: &Job) -> Result<JobOutput, String> {
        self.worker
            .post_message(&JsValue::from_str(&job.encode()))
            .map_err(|error| format!("the job could not be sent: {}", describe(error)))?;
        JobOutput::decode(&self.next_answer().await?)
    }

    async fn next_answer(&mut self) -> Result<String, String> {
        self.answers.next().await.unwrap_or_else(|| Err("the worker is gone".to_string()))
    }
}

impl Drop for JobWorker {
    fn drop(&mut self) {
        // No answer may reach the handlers, which go with this value.
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
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
    idle: RefCell<Vec<JobWorker>>,
    waiting: RefCell<VecDeque<oneshot::Sender<Lease>>>,
}

impl PoolInner {
    /// Hands `lease` to the first job still waiting for one; gives it back when none is.
    fn pass_to_waiter(&self, mut lease: Lease) -> Option<Lease> {
        loop {
            // Not `while let`: the queue's borrow must end before a returned lease may drop.
            let Some(waiter) = self.waiting.borrow_mut().pop_front() else { return Some(lease) };
            match waiter.send(lease) {
                Ok(()) => return None,
                // That job was cancelled while it waited: the lease goes to the next.
                Err(returned) => lease = returned,
            }
        }
    }
}

/// A place among the pool's started workers, lent to one job with its worker (none yet while
/// the worker starts). Dropped before it is given back (the job's task was cancelled while
/// its worker started or ran, or the worker failed), it stops the worker, which may still be
/// busy, and passes the place to the first job waiting, which starts a worker in it; with no
/// job waiting, the place is freed.
struct Lease {
    worker: Option<JobWorker>,
    pool: Rc<PoolInner>,
    given_back: bool,
}

impl Lease {
    fn new(worker: Option<JobWorker>, pool: &Rc<PoolInner>) -> Self {
        Self { worker, pool: Rc::clone(pool), given_back: false }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if self.given_back {
            return;
        }
        // The worker, if any, stops here (see `JobWorker`'s drop); its place goes to the first
        // job waiting, or is freed.
        self.worker.take();
        if let Some(mut unclaimed) = self.pool.pass_to_waiter(Lease::new(None, &self.pool)) {
            unclaimed.given_back = true;
            self.pool.n_started.set(self.pool.n_started.get() - 1);
        }
    }
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
        self.run_noting(job, |_| ()).await
    }

    /// Runs `job` as [`WorkerPool::run`] does, calling `on_start` as the job goes to its
    /// worker (after any wait for one); what `on_start` returns is kept until the answer.
    pub async fn run_noting<Started>(
        &self,
        job: Job,
        on_start: impl FnOnce(&Job) -> Started,
    ) -> Result<JobOutput, String> {
        let mut lease = self.acquire().await?;
        let output = match &mut lease.worker {
            Some(worker) => {
                let _started = on_start(&job);
                worker.run(&job).await
            }
            None => Err("the worker pool lent no worker".to_string()),
        };
        // A worker that failed may be broken: then the lease's drop lets it go.
        if output.is_ok() {
            self.release(lease);
        }
        output
    }

    async fn acquire(&self) -> Result<Lease, String> {
        let inner = &self.inner;
        let idle = inner.idle.borrow_mut().pop();
        let mut lease = if let Some(worker) = idle {
            Lease::new(Some(worker), inner)
        } else if inner.n_started.get() < inner.max_workers {
            // The place is taken before the worker starts, so two jobs cannot both take the last;
            // if the start fails or is abandoned, the lease's drop frees it.
            inner.n_started.set(inner.n_started.get() + 1);
            Lease::new(None, inner)
        } else {
            let (sender, receiver) = oneshot::channel();
            inner.waiting.borrow_mut().push_back(sender);
            receiver.await.map_err(|_| "the worker pool was shut down".to_string())?
        };
        // A new place, or one freed by a job that failed or was cancelled, has no worker yet.
        if lease.worker.is_none() {
            lease.worker = Some(JobWorker::start(&inner.source).await?);
        }
        Ok(lease)
    }

    fn release(&self, lease: Lease) {
        let Some(mut lease) = self.inner.pass_to_waiter(lease) else { return };
        if let Some(worker) = lease.worker.take() {
            // The idle worker keeps the place.
            lease.given_back = true;
            self.inner.idle.borrow_mut().push(worker);
        }
    }
}
