//! The asyncio vocabulary scenarios are written in: sleep, block, compute, create_task,
//! gather, wait (first completed), wait_for, to_thread and print, each recorded on the
//! timeline.

use std::cell::{Cell, Ref, RefCell};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use futures::channel::oneshot;
use futures::future::{self, AbortHandle, Abortable, Either, FutureExt};

use crate::decimal::Dec;
use crate::job::{Job, JobOutput};
use crate::outcome::Outcome;
use crate::runtime::Runtime;
use crate::timeline::{EventKind, LaneId, SegmentKind, Timeline};

/// The shortest wait for the thread shown as ready, in ms. A browser's timers fire a little
/// late even on an idle page; a task kept waiting longer found the thread busy.
pub const READY_MIN_MS: f64 = 4.0;

/// A hold that ran over by less than this, in ms, is taken as on time: the virtual clock keeps
/// whole microseconds, so a hold of a fraction of one is rounded by up to half a microsecond.
pub const HOLD_OVERRUN_MIN_MS: f64 = 0.001;

/// One run of a scenario: the runtime it runs on and the timeline it records.
#[derive(Clone)]
pub struct Run {
    shared: Rc<Shared>,
}

/// A handle to the scenario code of one task: its lane and the run it belongs to.
#[derive(Clone)]
pub struct Ctx {
    shared: Rc<Shared>,
    lane: LaneId,
}

/// A started task; await it for its result (`asyncio.create_task`).
///
/// Dropping the handle does not stop the task.
pub struct Task<T> {
    shared: Rc<Shared>,
    lane: LaneId,
    abort: AbortHandle,
    result: oneshot::Receiver<Result<T, Cancelled>>,
}

/// The task was cancelled before it finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled;

/// Why an await with a time limit did not produce a result.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum WaitError {
    /// The limit expired; the task was cancelled (`asyncio.TimeoutError`).
    Timeout {
        /// The limit, in ms.
        limit_ms: f64,
    },
    /// The task was cancelled by someone else.
    Cancelled,
}

/// What waiting for the first of several tasks gives back (`asyncio.wait`, FIRST_COMPLETED).
pub struct FirstCompleted<T> {
    /// The tasks that had finished, by lane, with their results.
    pub done: Vec<(LaneId, Result<T, Cancelled>)>,
    /// The tasks still running; they go on and can be awaited later.
    pub pending: Vec<Task<T>>,
}

struct Shared {
    runtime: Rc<dyn Runtime>,
    timeline: RefCell<Timeline>,
    revision: Cell<u64>,
    /// Tasks still running, so Stop can cancel them.
    live: RefCell<LiveTasks>,
    stopped: Cell<bool>,
    /// The event loop's turn (see [`Runtime::turn`]) and the end, in ms, of the run's last
    /// work on the main thread.
    last_held: Cell<Option<(u64, f64)>>,
    /// How much longer than asked the run's holds of the thread took, in all, in ms (see
    /// [`Run::hold_overrun_ms`]).
    hold_overrun_ms: Cell<f64>,
}

/// The abort handles of running tasks, by lane number (lanes are numbered from 0 in order).
#[derive(Default)]
struct LiveTasks(Vec<Option<AbortHandle>>);

impl LiveTasks {
    fn insert(&mut self, lane: LaneId, abort: AbortHandle) {
        let index = lane.0 as usize;
        if self.0.len() <= index {
            self.0.resize_with(index + 1, || None);
        }
        self.0[index] = Some(abort);
    }

    fn remove(&mut self, lane: LaneId) {
        if let Some(slot) = self.0.get_mut(lane.0 as usize) {
            *slot = None;
        }
    }

    /// The running tasks, in the order they were started.
    fn in_order(self) -> impl Iterator<Item = (LaneId, AbortHandle)> {
        self.0.into_iter().enumerate().filter_map(|(index, abort)| Some((LaneId(index as u32), abort?)))
    }
}

impl Run {
    /// A new, empty run on `runtime`.
    pub fn new(runtime: Rc<dyn Runtime>) -> Self {
        Self {
            shared: Rc::new(Shared {
                runtime,
                timeline: RefCell::new(Timeline::default()),
                revision: Cell::new(0),
                live: RefCell::new(LiveTasks::default()),
                stopped: Cell::new(false),
                last_held: Cell::new(None),
                hold_overrun_ms: Cell::new(0.0),
            }),
        }
    }

    /// Starts the scenario's main task, named `name`, like `asyncio.run(main())`.
    pub fn start<T, Fut>(&self, name: &str, main: impl FnOnce(Ctx) -> Fut) -> Task<T>
    where
        T: Outcome + 'static,
        Fut: Future<Output = T> + 'static,
    {
        spawn_task(&self.shared, name, None, main)
    }

    /// The timeline as recorded so far.
    pub fn timeline(&self) -> Ref<'_, Timeline> {
        self.shared.timeline.borrow()
    }

    /// A counter that grows with every change to the timeline, to redraw only on change.
    pub fn revision(&self) -> u64 {
        self.shared.revision.get()
    }

    /// Cancels every task still running; nothing is recorded or printed after this.
    pub fn stop(&self) {
        self.shared.stopped.set(true);
        let live = std::mem::take(&mut *self.shared.live.borrow_mut());
        for (lane, abort) in live.in_order() {
            abort.abort();
            self.shared.record_cancel(lane);
        }
    }

    /// Milliseconds since the run began, on its runtime's clock.
    pub fn now_ms(&self) -> f64 {
        self.shared.runtime.now_ms()
    }

    /// How much longer than asked the run's holds of a set length took, in all, in ms: its
    /// blocking calls ([`Ctx::block`]) and its CPU work of a known length
    /// ([`Ctx::compute_for`]). A hold waits for the clock, so it runs over when the thread
    /// lost the processor near its end (to the browser's other threads, or to other programs
    /// on the machine), or when CPU work took longer than its length: time the run's total
    /// carries that the lesson's arithmetic does not. It is 0 on the virtual clock (see
    /// [`HOLD_OVERRUN_MIN_MS`]).
    pub fn hold_overrun_ms(&self) -> f64 {
        self.shared.hold_overrun_ms.get()
    }
}

impl Ctx {
    /// This task's lane on the timeline.
    pub fn lane(&self) -> LaneId {
        self.lane
    }

    /// Milliseconds since the run began.
    pub fn now_ms(&self) -> f64 {
        self.shared.runtime.now_ms()
    }

    /// Prints a line, stamped with the time and this task.
    pub fn print(&self, text: impl Into<String>) {
        let now_ms = self.now_ms();
        let text = text.into();
        self.shared
            .edit(|timeline| timeline.add_event(self.lane, now_ms, EventKind::Print { text: text.into() }));
    }

    /// Records an event of this task at the current time.
    pub fn record_event(&self, kind: EventKind) {
        let now_ms = self.now_ms();
        self.shared.edit(|timeline| timeline.add_event(self.lane, now_ms, kind));
    }

    /// Records work that held the main thread (`kind`: running or blocked) on this task's lane.
    /// If the event loop had no turn since the run's last such work, the break between the two
    /// is recorded as held too: the thread went from one to the other through the microtask
    /// queue, where no frame can be drawn (see [`Timeline::held_breaks`]).
    fn record_held(&self, kind: SegmentKind, start_ms: f64, end_ms: f64) {
        let turn = self.shared.runtime.turn();
        let last_held = self.shared.last_held.replace(Some((turn, end_ms)));
        self.shared.edit(|timeline| {
            timeline.add_segment(self.lane, kind, start_ms, end_ms);
            if let Some((last_turn, last_end_ms)) = last_held {
                if last_turn == turn && start_ms > last_end_ms {
                    timeline.add_held_break(last_end_ms, start_ms);
                }
            }
        });
    }

    /// Runs `work`, then keeps computing until `duration_ms` has passed: CPU work of a known
    /// length on this thread, recorded as running. Nothing else runs meanwhile.
    pub fn compute_for<T>(&self, duration_ms: f64, work: impl FnOnce() -> T) -> T {
        let start_ms = self.now_ms();
        let value = work();
        let spent_ms = self.now_ms() - start_ms;
        self.shared.runtime.block((duration_ms - spent_ms).max(0.0));
        let end_ms = self.now_ms();
        self.record_held(SegmentKind::Running, start_ms, end_ms);
        self.shared.note_hold(duration_ms, end_ms - start_ms);
        value
    }

    /// Lets every other task that is ready run first, without a timer (`await asyncio.sleep(0)`).
    pub async fn yield_now(&self) {
        YieldNow { yielded: false }.await;
    }

    /// Awaits a timer (`await asyncio.sleep`): this task waits, everything else runs. If the
    /// thread is busy when the timer is due, the task is ready from then until it runs.
    pub async fn sleep(&self, duration_ms: f64) {
        let duration_ms = duration_ms.max(0.0);
        let timer = self.shared.runtime.sleep(duration_ms);
        let due_ms = self.now_ms() + duration_ms;
        let _segment = WaitingSegment::open(&self.shared, self.lane, SegmentKind::Waiting).ready_from(due_ms);
        timer.await;
    }

    /// Busy-waits (`time.sleep`): holds the thread, so nothing else runs.
    pub fn block(&self, duration_ms: f64) {
        let start_ms = self.now_ms();
        self.shared.runtime.block(duration_ms.max(0.0));
        let end_ms = self.now_ms();
        self.record_held(SegmentKind::Blocked, start_ms, end_ms);
        self.shared.note_hold(duration_ms, end_ms - start_ms);
    }

    /// Runs CPU work on this thread, recorded as running; on the virtual clock it costs
    /// `virtual_cost_ms`.
    pub fn compute<T>(&self, virtual_cost_ms: f64, work: impl FnOnce() -> T) -> T {
        self.compute_costed(|| (work(), virtual_cost_ms))
    }

    /// Runs CPU work that reports its own virtual cost in ms with its value, recorded as
    /// running.
    pub fn compute_costed<T>(&self, work: impl FnOnce() -> (T, f64)) -> T {
        let start_ms = self.now_ms();
        let (value, virtual_cost_ms) = work();
        self.shared.runtime.charge_cpu(virtual_cost_ms.max(0.0));
        let end_ms = self.now_ms();
        self.record_held(SegmentKind::Running, start_ms, end_ms);
        value
    }

    /// Starts a task that runs concurrently with this one (`asyncio.create_task`).
    pub fn spawn<T, Fut>(&self, name: &str, body: impl FnOnce(Ctx) -> Fut) -> Task<T>
    where
        T: Outcome + 'static,
        Fut: Future<Output = T> + 'static,
    {
        spawn_task(&self.shared, name, Some(self.lane), body)
    }

    /// Awaits `future`, recording this task as waiting meanwhile.
    pub async fn wait<F: Future>(&self, future: F) -> F::Output {
        let _segment = WaitingSegment::open(&self.shared, self.lane, SegmentKind::Waiting);
        future.await
    }

    /// Awaits every task and returns their results in the order given (`asyncio.gather`).
    pub async fn gather<T>(&self, tasks: Vec<Task<T>>) -> Vec<Result<T, Cancelled>> {
        self.wait(future::join_all(tasks)).await
    }

    /// Waits until at least one task finishes; the others keep running
    /// (`asyncio.wait(..., return_when=FIRST_COMPLETED)`).
    pub async fn first_completed<T>(&self, tasks: Vec<Task<T>>) -> FirstCompleted<T> {
        if tasks.is_empty() {
            return FirstCompleted { done: Vec::new(), pending: Vec::new() };
        }
        let lanes: Vec<LaneId> = tasks.iter().map(|task| task.lane).collect();
        let (first, index, rest) = self.wait(future::select_all(tasks)).await;
        let mut done = vec![(lanes[index], first)];
        let mut pending = Vec::new();
        for mut task in rest {
            match (&mut task).now_or_never() {
                Some(result) => done.push((task.lane, result)),
                None => pending.push(task),
            }
        }
        FirstCompleted { done, pending }
    }

    /// Awaits `task` for at most `limit_ms`; on expiry cancels it (`asyncio.wait_for`).
    pub async fn wait_for<T>(&self, task: Task<T>, limit_ms: f64) -> Result<T, WaitError> {
        let timer = self.shared.runtime.sleep(limit_ms.max(0.0));
        match self.wait(future::select(task, timer)).await {
            Either::Left((result, _timer)) => result.map_err(|Cancelled| WaitError::Cancelled),
            Either::Right(((), task)) => {
                let now_ms = self.now_ms();
                self.shared
                    .edit(|timeline| timeline.add_event(self.lane, now_ms, EventKind::Timeout { limit_ms }));
                task.cancel();
                Err(WaitError::Timeout { limit_ms })
            }
        }
    }

    /// Gets `url` without holding the thread (an awaited HTTP request); this task waits.
    pub async fn fetch_text(&self, url: &str, timeout_ms: f64) -> Result<String, String> {
        let request = self.shared.runtime.fetch_text(url, timeout_ms);
        self.wait(request).await
    }

    /// Gets `url` synchronously: the thread is held until the answer, nothing else runs.
    pub fn fetch_text_blocking(&self, url: &str, timeout_ms: f64) -> Result<String, String> {
        let start_ms = self.now_ms();
        let result = self.shared.runtime.fetch_text_blocking(url, timeout_ms);
        let end_ms = self.now_ms();
        self.record_held(SegmentKind::Blocked, start_ms, end_ms);
        result
    }

    /// Runs a blocking `job` on another thread and awaits it (`asyncio.to_thread`); this
    /// task waits, the thread's own lane shows the work.
    pub async fn to_thread(&self, job: Job) -> Result<JobOutput, String> {
        let now_ms = self.now_ms();
        let thread_lane = self.shared.edit(|timeline| {
            let lane = timeline.add_lane(&format!("thread: {}", job.describe()), Some(self.lane), now_ms);
            timeline.open_segment(lane, SegmentKind::OffThread, now_ms);
            lane
        });
        let thread_guard = LaneGuard { shared: &self.shared, lane: thread_lane };
        let output = self.wait(self.shared.runtime.run_off_thread(job)).await;
        let end_ms = self.now_ms();
        let result = output.describe();
        self.shared.edit(|timeline| {
            timeline.add_event(thread_lane, end_ms, EventKind::Done { result });
            timeline.end_lane(thread_lane, end_ms);
        });
        drop(thread_guard);
        output
    }
}

impl<T> Task<T> {
    /// The task's lane on the timeline.
    pub fn lane(&self) -> LaneId {
        self.lane
    }

    /// The task's name.
    pub fn name(&self) -> String {
        self.shared.timeline.borrow().lane(self.lane).map(|lane| lane.name.to_string()).unwrap_or_default()
    }

    /// How many of the task's events match `kind`.
    pub fn n_events(&self, kind: impl Fn(&EventKind) -> bool) -> usize {
        self.n_events_until(f64::INFINITY, kind)
    }

    /// How many of its events of a kind the task recorded up to `until_ms`.
    pub fn n_events_until(&self, until_ms: f64, kind: impl Fn(&EventKind) -> bool) -> usize {
        self.shared
            .timeline
            .borrow()
            .events()
            .iter()
            .filter(|event| event.lane == self.lane && event.at_ms <= until_ms && kind(&event.kind))
            .count()
    }

    /// Whether the task has finished or was cancelled.
    pub fn is_done(&self) -> bool {
        self.shared.timeline.borrow().has_ended(self.lane)
    }

    /// Cancels the task if it is still running (`task.cancel()`); returns whether it was.
    pub fn cancel(&self) -> bool {
        if self.is_done() {
            return false;
        }
        self.abort.abort();
        self.shared.live.borrow_mut().remove(self.lane);
        self.shared.record_cancel(self.lane);
        true
    }
}

impl<T> Future for Task<T> {
    type Output = Result<T, Cancelled>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.result.poll_unpin(cx) {
            Poll::Ready(Ok(result)) => Poll::Ready(result),
            // The runtime dropped the task without finishing it.
            Poll::Ready(Err(oneshot::Canceled)) => Poll::Ready(Err(Cancelled)),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl fmt::Display for Cancelled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cancelled")
    }
}

impl fmt::Display for WaitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Timeout { limit_ms } => write!(f, "timed out after {:.0} ms", Dec(*limit_ms)),
            WaitError::Cancelled => f.write_str("cancelled"),
        }
    }
}

impl Shared {
    fn edit<R>(&self, change: impl FnOnce(&mut Timeline) -> R) -> R {
        self.revision.set(self.revision.get() + 1);
        change(&mut self.timeline.borrow_mut())
    }

    /// Counts what a hold asked to last for `asked_ms` took beyond that, having taken `took_ms`.
    fn note_hold(&self, asked_ms: f64, took_ms: f64) {
        let over_ms = took_ms - asked_ms.max(0.0);
        if over_ms >= HOLD_OVERRUN_MIN_MS && over_ms.is_finite() {
            self.hold_overrun_ms.set(self.hold_overrun_ms.get() + over_ms);
        }
    }

    fn record_cancel(&self, lane: LaneId) {
        let now_ms = self.runtime.now_ms();
        self.edit(|timeline| {
            if !timeline.has_ended(lane) {
                timeline.add_event(lane, now_ms, EventKind::Cancel);
                timeline.end_lane(lane, now_ms);
            }
        });
    }
}

fn spawn_task<T, Fut>(
    shared: &Rc<Shared>,
    name: &str,
    parent: Option<LaneId>,
    body: impl FnOnce(Ctx) -> Fut,
) -> Task<T>
where
    T: Outcome + 'static,
    Fut: Future<Output = T> + 'static,
{
    let now_ms = shared.runtime.now_ms();
    let lane = shared.edit(|timeline| timeline.add_lane(name, parent, now_ms));
    let (abort, registration) = AbortHandle::new_pair();
    let (sender, result) = oneshot::channel();
    let body = Abortable::new(body(Ctx { shared: Rc::clone(shared), lane }), registration);
    if shared.stopped.get() {
        abort.abort();
        shared.record_cancel(lane);
    } else {
        shared.live.borrow_mut().insert(lane, abort.clone());
    }
    let task_shared = Rc::clone(shared);
    shared.runtime.spawn(Box::pin(async move {
        // A new task is ready at once; if the thread is busy, it waits in the queue.
        let started_ms = task_shared.runtime.now_ms();
        if started_ms - now_ms >= READY_MIN_MS {
            task_shared.edit(|timeline| {
                if !timeline.has_ended(lane) {
                    timeline.add_segment(lane, SegmentKind::Ready, now_ms, started_ms);
                }
            });
        }
        let outcome = match body.await {
            Ok(value) => {
                let end_ms = task_shared.runtime.now_ms();
                let result = value.describe();
                task_shared.edit(|timeline| {
                    timeline.add_event(lane, end_ms, EventKind::Done { result });
                    timeline.end_lane(lane, end_ms);
                });
                task_shared.live.borrow_mut().remove(lane);
                Ok(value)
            }
            Err(future::Aborted) => Err(Cancelled),
        };
        // The handle may have been dropped: a fire-and-forget task.
        let _ = sender.send(outcome);
    }));
    Task { shared: Rc::clone(shared), lane, abort, result }
}

/// Pending once, after waking itself: the task goes to the back of the ready queue.
struct YieldNow {
    yielded: bool,
}

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// Keeps a segment open on a lane while a future is awaited; closes it on completion or
/// when the awaiting task is cancelled.
struct WaitingSegment<'a> {
    shared: &'a Shared,
    lane: LaneId,
    /// When the wait was over (a timer's due time), if known.
    ready_from_ms: Option<f64>,
}

impl<'a> WaitingSegment<'a> {
    fn open(shared: &'a Shared, lane: LaneId, kind: SegmentKind) -> Self {
        let now_ms = shared.runtime.now_ms();
        shared.edit(|timeline| {
            if !timeline.has_ended(lane) {
                timeline.open_segment(lane, kind, now_ms);
            }
        });
        Self { shared, lane, ready_from_ms: None }
    }

    /// The wait is over at `due_ms`: time after it, until the task runs, is shown as ready.
    fn ready_from(mut self, due_ms: f64) -> Self {
        // Set in place: a new value built from this one would drop it, closing the segment.
        self.ready_from_ms = Some(due_ms);
        self
    }
}

impl Drop for WaitingSegment<'_> {
    fn drop(&mut self) {
        let now_ms = self.shared.runtime.now_ms();
        let lane = self.lane;
        self.shared.edit(|timeline| match self.ready_from_ms {
            Some(due_ms) if now_ms - due_ms >= READY_MIN_MS && !timeline.has_ended(lane) => {
                timeline.close_segment(lane, due_ms);
                timeline.add_segment(lane, SegmentKind::Ready, due_ms, now_ms);
            }
            _ => timeline.close_segment(lane, now_ms),
        });
    }
}

/// Ends a thread's lane if the task awaiting it is cancelled first.
struct LaneGuard<'a> {
    shared: &'a Shared,
    lane: LaneId,
}

impl Drop for LaneGuard<'_> {
    fn drop(&mut self) {
        let now_ms = self.shared.runtime.now_ms();
        self.shared.edit(|timeline| timeline.end_lane(self.lane, now_ms));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::{LocalPool, LocalSpawner};
    use futures::future::LocalBoxFuture;
    use futures::task::LocalSpawnExt;

    /// A clock on which every hold, every sleep and every piece of costed work takes `extra_ms`
    /// more than asked: a thread that loses the processor at the end of each. Only the holds'
    /// excess is an overrun.
    struct SlowHolds {
        now_ms: Cell<f64>,
        extra_ms: f64,
        spawner: LocalSpawner,
    }

    impl Runtime for SlowHolds {
        fn now_ms(&self) -> f64 {
            self.now_ms.get()
        }
        fn turn(&self) -> u64 {
            0
        }
        fn sleep(&self, duration_ms: f64) -> LocalBoxFuture<'static, ()> {
            self.now_ms.set(self.now_ms.get() + duration_ms + self.extra_ms);
            Box::pin(async {})
        }
        fn block(&self, duration_ms: f64) {
            self.now_ms.set(self.now_ms.get() + duration_ms + self.extra_ms);
        }
        fn charge_cpu(&self, virtual_cost_ms: f64) {
            self.now_ms.set(self.now_ms.get() + virtual_cost_ms + self.extra_ms);
        }
        fn spawn(&self, task: LocalBoxFuture<'static, ()>) {
            let _ = self.spawner.spawn_local(task);
        }
        fn run_off_thread(&self, _job: Job) -> LocalBoxFuture<'static, Result<JobOutput, String>> {
            Box::pin(async { Err("no threads here".to_string()) })
        }
        fn fetch_text(
            &self,
            _url: &str,
            _timeout_ms: f64,
        ) -> LocalBoxFuture<'static, Result<String, String>> {
            Box::pin(async { Err("no network here".to_string()) })
        }
        fn fetch_text_blocking(&self, _url: &str, _timeout_ms: f64) -> Result<String, String> {
            Err("no network here".to_string())
        }
    }

    /// Runs `main` on [`SlowHolds`] and gives back the run's overrun and its total in ms.
    fn overrun_of<Fut: Future<Output = ()> + 'static>(
        extra_ms: f64,
        main: impl FnOnce(Ctx) -> Fut,
    ) -> (f64, f64) {
        let mut pool = LocalPool::new();
        let runtime = SlowHolds { now_ms: Cell::new(0.0), extra_ms, spawner: pool.spawner() };
        let run = Run::new(Rc::new(runtime));
        let _main = run.start("main", main);
        pool.run_until_stalled();
        (run.hold_overrun_ms(), run.now_ms())
    }

    #[test]
    fn holds_that_run_over_count_their_excess_and_nothing_else() {
        let (overrun_ms, total_ms) = overrun_of(1.5, |ctx| async move {
            ctx.block(10.0);
            ctx.compute_for(20.0, || ());
            ctx.sleep(100.0).await;
            // Work that reports its own cost has no set length: it never runs over.
            ctx.compute(5.0, || ());
        });
        assert_eq!(total_ms, 141.0);
        assert_eq!(overrun_ms, 3.0);
    }

    #[test]
    fn holds_on_time_count_nothing() {
        let (overrun_ms, total_ms) = overrun_of(0.0, |ctx| async move {
            ctx.block(10.0);
            ctx.compute_for(20.0, || ());
            ctx.block(-5.0);
        });
        assert_eq!((overrun_ms, total_ms), (0.0, 30.0));
    }

    #[test]
    fn a_hold_over_by_the_virtual_clocks_rounding_is_on_time() {
        let (overrun_ms, _) = overrun_of(HOLD_OVERRUN_MIN_MS / 2.0, |ctx| async move {
            ctx.block(0.0004);
        });
        assert_eq!(overrun_ms, 0.0);
    }
}
