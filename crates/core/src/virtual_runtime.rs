//! A deterministic runtime on a virtual clock, for native tests.
//!
//! Tasks are polled by `futures`' single-threaded `LocalPool`; this file adds only the
//! virtual clock and its timer queue. When every task is stalled, the clock jumps to the
//! next timer, so a ten-second scenario runs in microseconds and always gives the same
//! times. A block advances the clock without letting any other task run, exactly as a
//! busy-wait holds a real thread.

use std::cell::{Cell, RefCell};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use futures::executor::{LocalPool, LocalSpawner};
use futures::future::{FutureExt, LocalBoxFuture};
use futures::task::LocalSpawnExt;

use crate::ctx::{Cancelled, Ctx, Run};
use crate::job::{run_job, Job, JobHost, JobOutput};
use crate::outcome::Outcome;
use crate::params::ParamValues;
use crate::runtime::{no_answer_within, within_limit, Runtime};
use crate::scenario::Scenario;
use crate::timeline::Timeline;

/// The virtual clock's resolution: times are kept in whole microseconds, so they add exactly.
const MICROS_PER_MS: f64 = 1000.0;

/// A runtime whose clock only moves when every task waits, or when one blocks or computes.
#[derive(Clone)]
pub struct VirtualRuntime {
    clock: Rc<VirtualClock>,
    spawner: LocalSpawner,
    network: Rc<dyn VirtualNetwork>,
}

/// The network a virtual run sees: for each address, how long the answer takes and what it is.
pub trait VirtualNetwork {
    /// The round trip in ms, and the body or what failed.
    fn respond(&self, url: &str) -> (f64, Result<String, String>);
}

/// No network at all: every request fails at once.
pub struct NoNetwork;

impl VirtualNetwork for NoNetwork {
    fn respond(&self, _url: &str) -> (f64, Result<String, String>) {
        (0.0, Err("there is no network on the virtual clock".to_string()))
    }
}

/// What a run on the virtual clock produced.
#[derive(Debug)]
pub struct VirtualRun<T> {
    /// The main task's result; `None` if it never finished (every task waits on nothing).
    pub result: Option<Result<T, Cancelled>>,
    /// When the main task finished, in virtual ms.
    pub total_ms: f64,
    /// The recorded timeline.
    pub timeline: Timeline,
}

struct VirtualClock {
    now_us: Cell<i64>,
    /// Timers fired so far: the event loop's turns.
    n_fired: Cell<u64>,
    next_timer_id: Cell<u64>,
    /// Deadlines in order; ties go to the timer created first, as with browser timers.
    queue: RefCell<BinaryHeap<Reverse<(i64, u64)>>>,
    /// Live timers by id; a dropped sleep removes its entry so it never fires.
    timers: RefCell<BTreeMap<u64, TimerState>>,
}

#[derive(Default)]
struct TimerState {
    fired: bool,
    waker: Option<Waker>,
}

struct VirtualSleep {
    clock: Rc<VirtualClock>,
    id: u64,
}

/// Runs `main` as the main task named `name` on a fresh virtual clock until it finishes.
///
/// Tasks still running when the main task ends are cancelled, as `asyncio.run` does.
pub fn run_virtual<T, Fut>(name: &str, main: impl FnOnce(Ctx) -> Fut) -> VirtualRun<T>
where
    T: Outcome + 'static,
    Fut: Future<Output = T> + 'static,
{
    run_virtual_with_network(name, Rc::new(NoNetwork), main)
}

/// Runs `scenario` in `mode` on a fresh virtual clock, after doing its preparation (which the
/// page does in a worker) right here.
pub fn run_scenario_virtual(
    scenario: &'static dyn Scenario,
    values: ParamValues,
    mode: &'static str,
) -> VirtualRun<()> {
    let host = VirtualHost { network: Rc::new(NoNetwork), spent_ms: Cell::new(0.0) };
    let prepared = scenario.prepare(&values).map(|job| run_job(&job, &host));
    run_prepared_virtual(scenario, values, mode, prepared)
}

/// Runs `scenario` in `mode` on a fresh virtual clock with its preparation's output as
/// given: the page runs a scenario so, with what it prepared for the real run, to have the
/// browser compile the scenario's code before the real clock starts.
pub fn run_prepared_virtual(
    scenario: &'static dyn Scenario,
    values: ParamValues,
    mode: &'static str,
    prepared: Option<JobOutput>,
) -> VirtualRun<()> {
    run_virtual("main", move |ctx| scenario.run(ctx, values, mode, prepared))
}

/// Like [`run_virtual`], with requests answered by `network`.
pub fn run_virtual_with_network<T, Fut>(
    name: &str,
    network: Rc<dyn VirtualNetwork>,
    main: impl FnOnce(Ctx) -> Fut,
) -> VirtualRun<T>
where
    T: Outcome + 'static,
    Fut: Future<Output = T> + 'static,
{
    let mut pool = LocalPool::new();
    let runtime = VirtualRuntime {
        network,
        clock: Rc::new(VirtualClock {
            now_us: Cell::new(0),
            n_fired: Cell::new(0),
            next_timer_id: Cell::new(0),
            queue: RefCell::new(BinaryHeap::new()),
            timers: RefCell::new(BTreeMap::new()),
        }),
        spawner: pool.spawner(),
    };
    let clock = Rc::clone(&runtime.clock);
    let run = Run::new(Rc::new(runtime));
    let mut main_task = run.start(name, main);
    let main_lane = main_task.lane();
    loop {
        pool.run_until_stalled();
        if run.timeline().has_ended(main_lane) || !clock.fire_next_timer() {
            break;
        }
    }
    // The main task's result is ready if it finished; the loop only polls it, never blocks.
    let result = (&mut main_task).now_or_never();
    let total_ms = run.timeline().lane(main_lane).and_then(|lane| lane.ended_ms);
    run.stop();
    pool.run_until_stalled();
    let timeline = run.timeline().clone();
    VirtualRun { result, total_ms: total_ms.unwrap_or_else(|| clock.now_ms()), timeline }
}

impl Runtime for VirtualRuntime {
    fn now_ms(&self) -> f64 {
        self.clock.now_ms()
    }

    fn turn(&self) -> u64 {
        self.clock.n_fired.get()
    }

    fn sleep(&self, duration_ms: f64) -> LocalBoxFuture<'static, ()> {
        Box::pin(self.clock.sleep(duration_ms))
    }

    fn block(&self, duration_ms: f64) {
        self.clock.advance(duration_ms);
    }

    fn charge_cpu(&self, virtual_cost_ms: f64) {
        self.clock.advance(virtual_cost_ms);
    }

    fn spawn(&self, task: LocalBoxFuture<'static, ()>) {
        // Spawning fails only once the pool is gone, when nothing could run the task anyway.
        let _ = self.spawner.spawn_local(task);
    }

    fn run_off_thread(&self, job: Job) -> LocalBoxFuture<'static, Result<JobOutput, String>> {
        // The other thread's time passes as a timer: the main thread stays free meanwhile.
        let host = VirtualHost { network: Rc::clone(&self.network), spent_ms: Cell::new(0.0) };
        let output = run_job(&job, &host);
        let done = self.clock.sleep(host.spent_ms.get());
        Box::pin(async move {
            done.await;
            Ok(output)
        })
    }

    fn fetch_text(&self, url: &str, timeout_ms: f64) -> LocalBoxFuture<'static, Result<String, String>> {
        let (answer_ms, result) = answer_within(self.network.as_ref(), url, timeout_ms);
        let done = self.clock.sleep(answer_ms);
        Box::pin(async move {
            done.await;
            result
        })
    }

    fn fetch_text_blocking(&self, url: &str, timeout_ms: f64) -> Result<String, String> {
        let (latency_ms, result) = self.network.respond(url);
        self.clock.advance(latency_ms);
        within_limit(latency_ms.max(0.0), timeout_ms, result)
    }
}

impl VirtualClock {
    fn now_ms(&self) -> f64 {
        self.now_us.get() as f64 / MICROS_PER_MS
    }

    fn advance(&self, duration_ms: f64) {
        self.now_us.set(self.now_us.get() + to_micros(duration_ms));
    }

    fn sleep(self: &Rc<Self>, duration_ms: f64) -> VirtualSleep {
        let id = self.next_timer_id.get();
        self.next_timer_id.set(id + 1);
        let deadline_us = self.now_us.get() + to_micros(duration_ms);
        self.queue.borrow_mut().push(Reverse((deadline_us, id)));
        self.timers.borrow_mut().insert(id, TimerState::default());
        VirtualSleep { clock: Rc::clone(self), id }
    }

    /// Moves the clock to the earliest live timer and fires it; false if none is left.
    fn fire_next_timer(&self) -> bool {
        loop {
            let Some(Reverse((deadline_us, id))) = self.queue.borrow_mut().pop() else {
                return false;
            };
            let waker = {
                let mut timers = self.timers.borrow_mut();
                let Some(timer) = timers.get_mut(&id) else {
                    continue;
                };
                timer.fired = true;
                timer.waker.take()
            };
            // Timers that expired during a block fire late, never in the past.
            self.now_us.set(self.now_us.get().max(deadline_us));
            self.n_fired.set(self.n_fired.get() + 1);
            if let Some(waker) = waker {
                waker.wake();
            }
            return true;
        }
    }
}

impl Future for VirtualSleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut timers = self.clock.timers.borrow_mut();
        match timers.get_mut(&self.id) {
            Some(timer) if !timer.fired => {
                timer.waker = Some(cx.waker().clone());
                Poll::Pending
            }
            _ => Poll::Ready(()),
        }
    }
}

impl Drop for VirtualSleep {
    fn drop(&mut self) {
        self.clock.timers.borrow_mut().remove(&self.id);
    }
}

/// A worker thread on the virtual clock: it adds up the time its job would take.
struct VirtualHost {
    network: Rc<dyn VirtualNetwork>,
    spent_ms: Cell<f64>,
}

impl JobHost for VirtualHost {
    fn block(&self, duration_ms: f64) {
        self.spent_ms.set(self.spent_ms.get() + duration_ms);
    }

    fn fetch_blocking(&self, url: &str, timeout_ms: f64) -> Result<String, String> {
        let (answer_ms, result) = answer_within(self.network.as_ref(), url, timeout_ms);
        self.spent_ms.set(self.spent_ms.get() + answer_ms);
        result
    }
}

/// The network's answer, or a time-out if it would come after `timeout_ms`.
fn answer_within(network: &dyn VirtualNetwork, url: &str, timeout_ms: f64) -> (f64, Result<String, String>) {
    let (latency_ms, result) = network.respond(url);
    if latency_ms > timeout_ms {
        (timeout_ms.max(0.0), Err(no_answer_within(timeout_ms)))
    } else {
        (latency_ms.max(0.0), result)
    }
}

fn to_micros(duration_ms: f64) -> i64 {
    if duration_ms.is_finite() && duration_ms > 0.0 {
        (duration_ms * MICROS_PER_MS).round() as i64
    } else {
        0
    }
}
