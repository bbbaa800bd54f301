//! Runs scenarios on the page: one session per press of Run or Compare.
//!
//! The controller owns the live [`Run`]s; the page sees only [`SessionView`] snapshots,
//! published at most once per animation frame and only when the timeline changed.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use playground_core::frame_meter::FrameUse;
use playground_core::lane_groups::{self, RowRoom};
use playground_core::moment::timeline_until;
use playground_core::rehearsal::rehearsal_timeline;
use playground_core::virtual_runtime::run_prepared_virtual;
use playground_core::{
    Ctx, Job, JobOutput, ModeSpec, ParamValues, RedrawPolicy, RedrawTally, ResultStat, Run, Scenario,
    Timeline,
};
use yew::Callback;

use crate::browser;
use crate::browser_runtime::{self, BrowserRuntime};
use crate::frame_loop::FrameLoop;
use crate::long_tasks::{LongTaskReading, LongTasks};
use crate::timer_wheel::TimerWheel;
use crate::worker_pool::{WorkerPool, WorkerSource};

/// Most Web Workers `to_thread` starts.
pub const MAX_WORKERS: usize = 8;

/// What the page shows of one run.
#[derive(Clone, Debug, PartialEq)]
pub struct RunView {
    /// The mode's key.
    pub mode: &'static str,
    /// The mode's label.
    pub mode_label: &'static str,
    /// The ideal total, in ms.
    pub predicted_ms: f64,
    /// The timeline so far.
    pub timeline: Rc<Timeline>,
    /// The run's clock when the snapshot was taken, for segments still open.
    pub now_ms: f64,
    /// Where the run is.
    pub status: RunStatus,
    /// The scenario's own figures for the finished run (e.g. requests per second).
    pub stats: Vec<ResultStat>,
    /// The room the run's timeline needs at its largest, as its run on the virtual clock had
    /// it (none when unknown): a live timeline keeps it from the start.
    pub room: RowRoom,
}

/// Where a run is.
#[derive(Clone, Debug, PartialEq)]
pub enum RunStatus {
    /// Waiting for the run before it (Compare).
    Waiting,
    /// Its turn has come: getting ready (its preparation, the workers, the page settling)
    /// before its clock starts.
    Preparing,
    /// Going on.
    Running,
    /// Finished.
    Done(RunStats),
    /// Stopped by the person; the stats cover the part that ran.
    Stopped(RunStats),
    /// Not run, because the session was stopped first.
    Skipped,
}

/// How long the page's first run leaves the thread idle before its clock starts, in ms. Loading
/// the page, its rehearsal and its warm-up leave V8 a major collection to do, which it does at
/// the next idle turns of the thread: 4-20 ms (measured), and with an autorun link it fell in
/// the run's first 50 ms in 4 of 5 cold runs. The browser's own work after a page opens takes
/// longer to settle: with 150 ms here, cold autorun runs of one game of one move dropped one
/// or two frames in 19 of 28 runs, against 3 of 18 with 600 ms; a run started by hand seconds
/// after the page opened dropped none (12 runs). After this wait both mostly fall before the
/// clock.
const FIRST_CLOCK_SETTLE_MS: u32 = 600;

/// The moments, as shares of the warm-up's run, at which a page's first run of a scenario and
/// mode is drawn unseen before its clock starts.
const REHEARSED_SHARES: [f64; 3] = [0.25, 0.5, 1.0];

/// A run's clock starts when the page is idle with this long before its next frame, in ms, or
/// after [`SETTLE_LIMIT_MS`] at the latest.
const SETTLE_ROOM_MS: f64 = 10.0;

/// A run's clock waits at most this long for such an idle period, in ms.
const SETTLE_LIMIT_MS: u32 = 100;

impl RunStatus {
    /// Whether the run is over: finished, stopped, or not run.
    pub fn is_over(&self) -> bool {
        matches!(self, Self::Done(_) | Self::Stopped(_) | Self::Skipped)
    }
}

/// What a finished run measured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunStats {
    /// Measured total, in ms.
    pub total_ms: f64,
    /// Longest gap between animation frames during the run, in ms.
    pub max_frame_gap_ms: f64,
    /// Frames the display should have drawn but did not.
    pub dropped_frames: u64,
    /// Long tasks the browser reported.
    pub long_tasks: LongTaskReading,
    /// Time the run held the main thread, in ms (see [`Timeline::main_thread_ms`]).
    pub main_thread_ms: f64,
    /// The live view's redraws during the run and their cost, where the page measured them.
    pub live_view: Option<RedrawTally>,
    /// How much longer than asked the run's holds of the thread took, in ms, where the page
    /// knows what they asked (see [`Run::hold_overrun_ms`]).
    pub hold_overrun_ms: Option<f64>,
}

/// The page's view of the current session.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SessionView {
    /// Grows with every session, so the page can tell them apart.
    pub id: u64,
    /// The scenario run.
    pub scenario_id: &'static str,
    /// The parameter values the runs use, speed included.
    pub values: Option<ParamValues>,
    /// Whether the session is a benchmark: the modes repeated, summarised per mode.
    pub benchmark: bool,
    /// One run, or two for Compare.
    pub runs: Vec<RunView>,
    /// A run drawn unseen before a clock starts: the made-up one (`core::rehearsal`) before
    /// the page's first, and a mode's run on the virtual clock, at a few moments, before that
    /// mode's first.
    pub rehearsal: Option<RunView>,
}

/// Starts and stops runs; shared by the page's components.
#[derive(Clone)]
pub struct Controller {
    inner: Rc<Inner>,
}

struct Inner {
    frame_loop: FrameLoop,
    long_tasks: LongTasks,
    workers: WorkerPool,
    view: RefCell<SessionView>,
    active: RefCell<Option<(usize, Run, TimerWheel)>>,
    /// When the live view may be redrawn without delaying the run.
    redraw: Rc<RefCell<RedrawPolicy>>,
    running: Cell<bool>,
    stop_requested: Cell<bool>,
    /// Whether the page has drawn its rehearsal.
    rehearsed: Cell<bool>,
    /// The scenarios and modes this page has run before a clock (see [`Inner::warm_up`]).
    warmed: RefCell<Vec<(&'static str, &'static str)>>,
    published_revision: Cell<u64>,
    listener: RefCell<Option<Callback<SessionView>>>,
    running_listener: RefCell<Option<Callback<bool>>>,
}

impl PartialEq for Controller {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Controller {
    /// A controller measuring with `frame_loop`; it redraws live runs on its frames.
    pub fn new(frame_loop: FrameLoop, workers: WorkerSource) -> Self {
        let controller = Self {
            inner: Rc::new(Inner {
                frame_loop: frame_loop.clone(),
                long_tasks: LongTasks::start(),
                workers: WorkerPool::new(workers, MAX_WORKERS),
                view: RefCell::new(SessionView::default()),
                active: RefCell::new(None),
                redraw: Rc::default(),
                running: Cell::new(false),
                stop_requested: Cell::new(false),
                rehearsed: Cell::new(false),
                warmed: RefCell::default(),
                published_revision: Cell::new(0),
                listener: RefCell::new(None),
                running_listener: RefCell::new(None),
            }),
        };
        let weak = Rc::downgrade(&controller.inner);
        frame_loop.set_on_frame(move || weak.upgrade().map_or(FrameUse::Idle, |inner| inner.publish_live()));
        controller
    }

    /// Sends every new snapshot to `listener`.
    pub fn set_listener(&self, listener: Callback<SessionView>) {
        *self.inner.listener.borrow_mut() = Some(listener);
    }

    /// Tells `listener` whenever a session starts or ends.
    pub fn set_running_listener(&self, listener: Callback<bool>) {
        *self.inner.running_listener.borrow_mut() = Some(listener);
    }

    /// Whether a session is going on.
    pub fn is_running(&self) -> bool {
        self.inner.running.get()
    }

    /// The long-task observer's reading for the current run.
    pub fn long_tasks(&self) -> LongTaskReading {
        self.inner.long_tasks.reading()
    }

    /// Runs `scenario` in each of `modes`, one after another, with `values`, `reps` times over
    /// (a benchmark when `reps` is above one). Returns false, doing nothing, if a session is
    /// already going on.
    pub fn start(
        &self,
        scenario: &'static dyn Scenario,
        values: ParamValues,
        modes: Vec<&'static ModeSpec>,
        reps: usize,
    ) -> bool {
        if self.inner.running.replace(true) {
            return false;
        }
        self.inner.stop_requested.set(false);
        let benchmark = reps > 1;
        let modes: Vec<&'static ModeSpec> = (0..reps.max(1)).flat_map(|_| modes.iter().copied()).collect();
        // The first run's turn has come at once; every other waits for the one before it.
        let runs = modes
            .iter()
            .enumerate()
            .map(|(index, mode)| RunView {
                mode: mode.key,
                mode_label: mode.label,
                predicted_ms: scenario.predict_ms(&values, mode.key),
                timeline: Rc::new(Timeline::default()),
                now_ms: 0.0,
                status: if index == 0 { RunStatus::Preparing } else { RunStatus::Waiting },
                stats: Vec::new(),
                room: RowRoom::default(),
            })
            .collect();
        {
            let mut view = self.inner.view.borrow_mut();
            *view = SessionView {
                id: view.id + 1,
                scenario_id: scenario.meta().id,
                values: Some(values.clone()),
                benchmark,
                runs,
                rehearsal: None,
            };
        }
        browser::set_body_attribute("data-run-state", "running");
        self.inner.publish();
        self.inner.announce_running(true);
        let inner = Rc::clone(&self.inner);
        wasm_bindgen_futures::spawn_local(async move {
            for (index, mode) in modes.into_iter().enumerate() {
                if inner.skipped_if_stopped(index) {
                    continue;
                }
                inner.run_one(index, scenario, values.clone(), mode.key).await;
            }
            inner.running.set(false);
            browser::set_body_attribute("data-run-state", "done");
            inner.publish();
            inner.announce_running(false);
        });
        true
    }

    /// Stops the session: every task and timer of the live run is cancelled.
    pub fn stop(&self) {
        self.inner.stop_requested.set(true);
        if let Some((_, run, _)) = self.inner.active.borrow().as_ref() {
            run.stop();
        }
    }
}

impl Inner {
    async fn run_one(
        &self,
        index: usize,
        scenario: &'static dyn Scenario,
        values: ParamValues,
        mode: &'static str,
    ) {
        self.set_status(index, RunStatus::Preparing);
        // Work the scenario needs before its clock starts: a download (the offline Pokemon
        // list) in the page, which is idle meanwhile; anything else on a worker (chess plans
        // its games there).
        let prepared = match scenario.prepare(&values) {
            Some(Job::Fetch { url, timeout_ms }) => Some(
                browser_runtime::fetch_text(url, timeout_ms)
                    .await
                    .map_or_else(JobOutput::Failed, JobOutput::Text),
            ),
            Some(job) => Some(self.workers.run(job).await.unwrap_or_else(JobOutput::Failed)),
            None => None,
        };
        // Threads are ready before the clock starts, as in Python's pool: a worker that loads
        // on the clock would add its start-up to the first job.
        if let Err(message) = self.workers.warm(scenario.n_threads(&values, mode)).await {
            web_sys::console::warn_1(&format!("the workers did not start: {message}").into());
        }
        let first_run = !self.rehearsed.get();
        self.rehearse().await;
        // Stop may have been pressed while the run was prepared.
        if self.skipped_if_stopped(index) {
            return;
        }
        // The run on the virtual clock, which takes no real time: the live timeline keeps the
        // room it needed at its largest (rows and names) from the start, so the page below it
        // does not move and its canvas is not made anew as tasks start (cold runs whose lanes
        // came one by one had frames of 40-76 ms as the timeline grew).
        let timeline = run_prepared_virtual(scenario, values.clone(), mode, prepared.clone()).timeline;
        let room = lane_groups::room(&timeline);
        if let Some(run_view) = self.view.borrow_mut().runs.get_mut(index) {
            run_view.room = room;
        }
        if self.warm_up(scenario, mode).await {
            // The scenario's own views (its boards, names, servers) are compiled on first use
            // too, and the browser optimises the code a live redraw runs only once it has run
            // a few times: the warm-up's run is drawn unseen as it stood at a few moments, one
            // frame each, each drawn over the last as a live run's redraws are.
            let end_ms = timeline.end_ms();
            let predicted_ms = scenario.predict_ms(&values, mode);
            let stages = REHEARSED_SHARES.map(|share| {
                let at_ms = end_ms * share;
                RunView {
                    mode,
                    mode_label: "rehearsal",
                    predicted_ms,
                    timeline: Rc::new(timeline_until(&timeline, at_ms)),
                    now_ms: at_ms,
                    status: RunStatus::Running,
                    stats: Vec::new(),
                    room,
                }
            });
            self.draw_unseen(stages).await;
        }
        // Its timeline is not kept through the real run.
        drop(timeline);
        if first_run {
            gloo_timers::future::TimeoutFuture::new(FIRST_CLOCK_SETTLE_MS).await;
            // Stop may have been pressed meanwhile: the run is not shown as running first.
            if self.skipped_if_stopped(index) {
                return;
            }
        }
        // The run is shown as running before its clock starts: making and painting that view
        // is the page's work, not the run's. Yew renders it after this task; the next frame
        // paints it; the clock starts once the frame after has been drawn, so the run has a
        // whole frame's time before the page draws again (started inside the frame, its first
        // steps would wait for that frame's layout and paint).
        self.set_status(index, RunStatus::Running);
        browser::next_frame().await;
        browser::next_frame().await;
        browser::rendered().await;
        // Nor may the page's own work be left queued for the clock: Yew puts off what is left
        // of a render that took over 16 ms, and any render asked for meanwhile, to a timer of
        // its own, which ran for 3-15 ms in the first 5 ms of a run started just after another.
        // So the clock starts in an idle period, one with most of a frame ahead of it.
        browser::idle(SETTLE_ROOM_MS, SETTLE_LIMIT_MS).await;
        // Stop may have been pressed meanwhile, before there was a run to stop.
        if self.skipped_if_stopped(index) {
            return;
        }
        self.frame_loop.reset_meter();
        self.long_tasks.reset();
        // The run's clock starts here, after the preparation and the workers' start. The mark
        // lets a performance trace find it.
        browser::mark("run clock starts");
        let runtime = BrowserRuntime::new(self.workers.clone());
        let timers = runtime.timers();
        let run = Run::new(Rc::new(runtime));
        *self.active.borrow_mut() = Some((index, run.clone(), timers));
        // The live view drawn at the last frame is fresh as the clock starts; the run's own
        // redraws are counted from here.
        {
            let mut redraw = self.redraw.borrow_mut();
            redraw.drawn(browser::now_ms());
            redraw.start_tally();
        }
        let run_values = values.clone();
        let main = run.start("main", move |ctx| scenario.run(ctx, run_values, mode, prepared));
        let main_lane = main.lane();
        let outcome = main.await;
        let end_ms =
            run.timeline().lane(main_lane).and_then(|lane| lane.ended_ms).unwrap_or_else(|| run.now_ms());
        // The run is over: its frames no longer redraw it live. The finished run is drawn
        // once, below, after its frame gaps are read; a live redraw of its last moments in the
        // frames before would count the page's drawing of the results as the run's.
        self.active.borrow_mut().take();
        // A block's frame gap is only seen by the first frame after it.
        browser::next_frame().await;
        browser::next_frame().await;
        let meter = self.frame_loop.meter();
        let stats = RunStats {
            total_ms: end_ms,
            max_frame_gap_ms: meter.max_gap_ms(),
            dropped_frames: meter.dropped_frames(),
            long_tasks: self.long_tasks.reading(),
            main_thread_ms: run.timeline().main_thread_ms(),
            live_view: Some(self.redraw.borrow().tally()),
            hold_overrun_ms: Some(run.hold_overrun_ms()),
        };
        self.snapshot(index, &run);
        if let Some(run_view) = self.view.borrow_mut().runs.get_mut(index) {
            run_view.stats = scenario.result_stats(&values, mode, &run_view.timeline);
        }
        let status = if outcome.is_ok() { RunStatus::Done(stats) } else { RunStatus::Stopped(stats) };
        self.set_status(index, status);
    }

    /// Draws the made-up run once, unseen, so the browser compiles the live view's code before
    /// the page's first clock starts, not in that run's first frames.
    async fn rehearse(&self) {
        if self.rehearsed.replace(true) {
            return;
        }
        self.draw_unseen([RunView {
            mode: "rehearsal",
            mode_label: "rehearsal",
            predicted_ms: 100.0,
            timeline: Rc::new(rehearsal_timeline()),
            now_ms: 100.0,
            status: RunStatus::Running,
            stats: Vec::new(),
            room: RowRoom::default(),
        }])
        .await;
    }

    /// Draws `stages` one frame each as the session's rehearsal, laid out but unseen (the panel
    /// draws them on its rehearsal stage), each over the last. Drawn inside a frame, as a live
    /// redraw is, they tell the redraw policy what the view may cost before a redraw has been
    /// measured: the dearest of them.
    async fn draw_unseen<const N: usize>(&self, stages: [RunView; N]) {
        for run in stages {
            browser::next_frame().await;
            let start_ms = browser::now_ms();
            self.view.borrow_mut().rehearsal = Some(run);
            self.publish();
            if let Some(end_ms) = browser::rendered().await {
                self.redraw.borrow_mut().rehearsed(end_ms - start_ms);
            }
        }
        self.view.borrow_mut().rehearsal = None;
        self.publish();
    }

    /// The browser compiles the page's WebAssembly a function at a time, the first time each
    /// is called: a page's first run of a scenario and mode would pay for compiling its code on
    /// its own clock (cold runs of zero-length waits took 2-25 ms instead of 0). The scenario's
    /// code has run on the virtual clock by now; once per page, a small run on the event loop
    /// warms the browser's runtime too. Says whether this scenario and mode are new to the
    /// page, so that their virtual run should be drawn unseen.
    async fn warm_up(&self, scenario: &'static dyn Scenario, mode: &'static str) -> bool {
        let key = (scenario.meta().id, mode);
        if self.warmed.borrow().contains(&key) {
            return false;
        }
        let first = self.warmed.borrow().is_empty();
        self.warmed.borrow_mut().push(key);
        if first {
            let run = Run::new(Rc::new(BrowserRuntime::new(self.workers.clone())));
            let main = run.start("main", |ctx: Ctx| async move {
                let tasks = (0..2)
                    .map(|index| {
                        ctx.spawn(&format!("task {index}"), move |ctx| async move {
                            ctx.sleep(0.0).await;
                            ctx.print("ready");
                        })
                    })
                    .collect();
                ctx.gather(tasks).await;
            });
            let _ = main.await;
            run.stop();
        }
        true
    }

    /// Marks run `index` as not run if Stop has been pressed, and says whether it was.
    fn skipped_if_stopped(&self, index: usize) -> bool {
        let stopped = self.stop_requested.get();
        if stopped {
            self.set_status(index, RunStatus::Skipped);
        }
        stopped
    }

    fn set_status(&self, index: usize, status: RunStatus) {
        if let Some(run_view) = self.view.borrow_mut().runs.get_mut(index) {
            run_view.status = status;
        }
        self.publish();
    }

    fn snapshot(&self, index: usize, run: &Run) {
        if let Some(run_view) = self.view.borrow_mut().runs.get_mut(index) {
            run_view.timeline = Rc::new(run.timeline().clone());
            run_view.now_ms = run.now_ms();
        }
        self.published_revision.set(run.revision());
    }

    /// Called every frame during a run: open segments grow with the clock, so the live
    /// timeline is redrawn at frames where that delays none of the run's timers (see
    /// [`RedrawPolicy`]); the timeline itself is copied only when it changed. Says how the
    /// frame was used.
    fn publish_live(&self) -> FrameUse {
        let active = self.active.borrow().clone();
        let Some((index, run, timers)) = active else { return FrameUse::Idle };
        let start_ms = browser::now_ms();
        let next_deadline_ms = timers.next_deadline_ms();
        if !self.redraw.borrow_mut().should_draw(start_ms, next_deadline_ms) {
            return FrameUse::RunUntouched;
        }
        if run.revision() != self.published_revision.get() {
            self.snapshot(index, &run);
        } else if let Some(run_view) = self.view.borrow_mut().runs.get_mut(index) {
            run_view.now_ms = run.now_ms();
        }
        self.publish();
        self.redraw.borrow_mut().drawn(start_ms);
        // The cost counts the style, layout and paint the redraw caused, not only the render.
        let redraw = Rc::downgrade(&self.redraw);
        browser::after_rendering(move |end_ms| {
            if let Some(redraw) = redraw.upgrade() {
                redraw.borrow_mut().measured_redraw(start_ms, end_ms, next_deadline_ms);
            }
        });
        FrameUse::RunRedrawn
    }

    fn announce_running(&self, running: bool) {
        if let Some(listener) = self.running_listener.borrow().as_ref() {
            listener.emit(running);
        }
    }

    fn publish(&self) {
        let view = self.view.borrow().clone();
        if let Some(listener) = self.listener.borrow().as_ref() {
            listener.emit(view);
        }
    }
}
