//! A single-threaded executor that polls every ready task in one pass.
//!
//! The page ran each scenario task with `wasm_bindgen_futures::spawn_local`, which polls a
//! task woken during a microtask only in the next one, so each hop of a chain of tasks (one
//! ends, the one awaiting it goes on) cost a microtask. After a stretch of work that held the
//! thread (a blocking request's busy wait), Chromium took 35-120 µs to queue and start that
//! microtask, the same in plain JavaScript on a blank page; a blocking run of 134 requests
//! lost 5-10 ms that way. This executor polls the tasks woken while it runs in the same pass,
//! and asks for a new pass (in the page, a microtask) only when a task is woken from outside
//! one. Like a chain of microtasks, a pass lets nothing else on the page run until it ends.
//!
//! A trap inside a pass (in the page, a panic) leaves the executor stopped: its pass never
//! ends, so no later wake asks for another. The page's panic panel then asks for a reload.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Wake, Waker};

use futures::future::LocalBoxFuture;

/// The most polls one pass makes before it asks for another pass and returns, so the
/// microtasks queued meanwhile (a promise's callbacks) get their turn while a task keeps
/// waking itself. The page itself gets none until the tasks wait, as with microtasks.
pub const MAX_POLLS_PER_PASS: usize = 4096;

/// Runs tasks on the thread that made it. `request_pass` must arrange for
/// [`Executor::run_ready`] to be called soon, outside the current call stack (in the page, a
/// microtask).
pub struct Executor {
    /// The tasks not yet finished; a finished task's place is taken by a later one.
    tasks: RefCell<Vec<Option<Slot>>>,
    /// The places of finished tasks.
    free: RefCell<Vec<usize>>,
    /// The number the next task gets.
    next_id: Cell<u64>,
    queue: Arc<ReadyQueue>,
}

/// Where a task is kept, and its number, which no other task has: a place may hold another
/// task by the time a late wake comes.
#[derive(Clone, Copy)]
struct TaskKey {
    index: usize,
    id: u64,
}

struct Slot {
    /// Taken out while the task is polled, so the task may spawn others meanwhile.
    future: Option<LocalBoxFuture<'static, ()>>,
    waker: Arc<TaskWaker>,
}

/// The tasks that are ready, in the order they were woken.
struct ReadyQueue {
    keys: Mutex<VecDeque<TaskKey>>,
    in_pass: AtomicBool,
    pass_requested: AtomicBool,
    request_pass: fn(),
}

struct TaskWaker {
    key: TaskKey,
    /// Whether the task is in the ready queue already: a second wake adds nothing.
    queued: AtomicBool,
    queue: Arc<ReadyQueue>,
}

impl ReadyQueue {
    fn push(&self, key: TaskKey) {
        self.keys.lock().unwrap_or_else(PoisonError::into_inner).push_back(key);
        if !self.in_pass.load(Ordering::Relaxed) {
            self.request_pass_once();
        }
    }

    fn pop(&self) -> Option<TaskKey> {
        self.keys.lock().unwrap_or_else(PoisonError::into_inner).pop_front()
    }

    fn is_empty(&self) -> bool {
        self.keys.lock().unwrap_or_else(PoisonError::into_inner).is_empty()
    }

    fn request_pass_once(&self) {
        if !self.pass_requested.swap(true, Ordering::Relaxed) {
            (self.request_pass)();
        }
    }
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if !self.queued.swap(true, Ordering::Relaxed) {
            self.queue.push(self.key);
        }
    }
}

impl Executor {
    /// An executor with no tasks; see the type's documentation for `request_pass`.
    pub fn new(request_pass: fn()) -> Self {
        let queue = Arc::new(ReadyQueue {
            keys: Mutex::new(VecDeque::new()),
            in_pass: AtomicBool::new(false),
            pass_requested: AtomicBool::new(false),
            request_pass,
        });
        Self { tasks: RefCell::default(), free: RefCell::default(), next_id: Cell::new(0), queue }
    }

    /// Adds `future` as a ready task. Spawned during a pass, it runs in that pass.
    pub fn spawn(&self, future: LocalBoxFuture<'static, ()>) {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        let mut tasks = self.tasks.borrow_mut();
        let index = self.free.borrow_mut().pop().unwrap_or(tasks.len());
        if index == tasks.len() {
            tasks.push(None);
        }
        let key = TaskKey { index, id };
        let waker =
            Arc::new(TaskWaker { key, queued: AtomicBool::new(true), queue: Arc::clone(&self.queue) });
        tasks[index] = Some(Slot { future: Some(future), waker });
        drop(tasks);
        self.queue.push(key);
    }

    /// Polls the ready tasks, and those they wake or spawn, until none is ready or
    /// [`MAX_POLLS_PER_PASS`] polls have run. A call made during a pass does nothing.
    pub fn run_ready(&self) {
        if self.queue.in_pass.swap(true, Ordering::Relaxed) {
            return;
        }
        self.queue.pass_requested.store(false, Ordering::Relaxed);
        let mut polls = 0;
        while polls < MAX_POLLS_PER_PASS {
            let Some(key) = self.queue.pop() else { break };
            // A task woken after it finished has no slot; one woken while it is polled is
            // polled again after it.
            let Some((mut future, waker)) = self.take(key) else { continue };
            waker.queued.store(false, Ordering::Relaxed);
            let waker = Waker::from(waker);
            polls += 1;
            if future.as_mut().poll(&mut Context::from_waker(&waker)).is_ready() {
                let finished = self.tasks.borrow_mut()[key.index].take();
                self.free.borrow_mut().push(key.index);
                // Dropped with no borrow held: dropping a task may wake or start another.
                drop((finished, future));
            } else if let Some(slot) = self.slot(key).as_mut() {
                slot.future = Some(future);
            }
        }
        self.queue.in_pass.store(false, Ordering::Relaxed);
        if !self.queue.is_empty() {
            self.queue.request_pass_once();
        }
    }

    /// How many tasks have not finished.
    pub fn task_count(&self) -> usize {
        self.tasks.borrow().iter().flatten().count()
    }

    fn take(&self, key: TaskKey) -> Option<(LocalBoxFuture<'static, ()>, Arc<TaskWaker>)> {
        let mut slot = self.slot(key);
        let slot = slot.as_mut()?;
        Some((slot.future.take()?, Arc::clone(&slot.waker)))
    }

    /// The slot of the task `key` names, if it has not finished.
    fn slot(&self, key: TaskKey) -> Option<std::cell::RefMut<'_, Slot>> {
        let tasks = self.tasks.borrow_mut();
        std::cell::RefMut::filter_map(tasks, |tasks| {
            tasks.get_mut(key.index)?.as_mut().filter(|slot| slot.waker.key.id == key.id)
        })
        .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::channel::oneshot;
    use futures::FutureExt;
    use std::future::Future;
    use std::rc::Rc;

    thread_local! {
        static PASSES_REQUESTED: Cell<usize> = const { Cell::new(0) };
    }

    fn note_request() {
        PASSES_REQUESTED.with(|count| count.set(count.get() + 1));
    }

    fn requests() -> usize {
        PASSES_REQUESTED.with(Cell::get)
    }

    fn executor() -> Rc<Executor> {
        PASSES_REQUESTED.with(|count| count.set(0));
        Rc::new(Executor::new(note_request))
    }

    /// Pending once after waking itself, like `asyncio.sleep(0)`.
    fn yield_once() -> impl Future<Output = ()> {
        let mut yielded = false;
        std::future::poll_fn(move |cx| {
            if yielded {
                return std::task::Poll::Ready(());
            }
            yielded = true;
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        })
    }

    #[test]
    fn tasks_spawned_from_outside_ask_for_one_pass_and_run_in_order() {
        let executor = executor();
        let order = Rc::new(RefCell::new(Vec::new()));
        for index in 0..3 {
            let order = Rc::clone(&order);
            executor.spawn(async move { order.borrow_mut().push(index) }.boxed_local());
        }
        assert_eq!(requests(), 1);
        executor.run_ready();
        assert_eq!(*order.borrow(), vec![0, 1, 2]);
        assert_eq!(executor.task_count(), 0);
        assert_eq!(requests(), 1, "nothing was left for another pass");
    }

    #[test]
    fn a_chain_of_spawned_and_awaited_tasks_finishes_in_one_pass() {
        let executor = executor();
        let finished = Rc::new(Cell::new(0));
        let (inner, done) = (Rc::clone(&executor), Rc::clone(&finished));
        executor.spawn(
            async move {
                for _ in 0..100 {
                    let (sender, receiver) = oneshot::channel();
                    let done = Rc::clone(&done);
                    inner.spawn(
                        async move {
                            done.set(done.get() + 1);
                            let _ = sender.send(());
                        }
                        .boxed_local(),
                    );
                    let _ = receiver.await;
                }
            }
            .boxed_local(),
        );
        executor.run_ready();
        assert_eq!(finished.get(), 100);
        assert_eq!(executor.task_count(), 0);
        assert_eq!(requests(), 1, "the chain never left the pass");
    }

    #[test]
    fn a_task_woken_from_outside_a_pass_asks_for_one_more() {
        let executor = executor();
        let (sender, receiver) = oneshot::channel::<u32>();
        let got = Rc::new(Cell::new(0));
        let seen = Rc::clone(&got);
        executor.spawn(async move { seen.set(receiver.await.unwrap_or(0)) }.boxed_local());
        executor.run_ready();
        assert_eq!((executor.task_count(), requests()), (1, 1), "it waits for the answer");
        let _ = sender.send(7);
        assert_eq!(requests(), 2);
        executor.run_ready();
        assert_eq!((got.get(), executor.task_count()), (7, 0));
    }

    /// Spawns a task that counts its polls and finishes on its first if `finish`, runs a pass,
    /// and gives back the task's waker and its count.
    fn spawn_noting_waker(executor: &Executor, finish: bool) -> (Waker, Rc<Cell<usize>>) {
        let (waker_out, polls) = (Rc::new(RefCell::new(None::<Waker>)), Rc::new(Cell::new(0)));
        let (keep, counted) = (Rc::clone(&waker_out), Rc::clone(&polls));
        executor.spawn(
            std::future::poll_fn(move |cx| {
                counted.set(counted.get() + 1);
                *keep.borrow_mut() = Some(cx.waker().clone());
                if finish {
                    std::task::Poll::Ready(())
                } else {
                    std::task::Poll::Pending
                }
            })
            .boxed_local(),
        );
        executor.run_ready();
        let waker = waker_out.borrow().clone().expect("the task was polled");
        (waker, polls)
    }

    #[test]
    fn a_task_woken_twice_before_a_pass_is_polled_once() {
        let executor = executor();
        let (waker, polls) = spawn_noting_waker(&executor, false);
        waker.wake_by_ref();
        waker.wake_by_ref();
        executor.run_ready();
        assert_eq!(polls.get(), 2);
    }

    #[test]
    fn a_task_that_keeps_yielding_hands_the_thread_back() {
        let executor = executor();
        let turns = Rc::new(Cell::new(0usize));
        let counted = Rc::clone(&turns);
        executor.spawn(
            async move {
                loop {
                    counted.set(counted.get() + 1);
                    yield_once().await;
                }
            }
            .boxed_local(),
        );
        executor.run_ready();
        assert_eq!(turns.get(), MAX_POLLS_PER_PASS);
        assert_eq!(requests(), 2, "it asked for a pass to go on");
        executor.run_ready();
        assert_eq!(turns.get(), 2 * MAX_POLLS_PER_PASS);
    }

    #[test]
    fn a_task_that_yields_runs_after_those_ready_before_it() {
        let executor = executor();
        let order = Rc::new(RefCell::new(Vec::new()));
        let first = Rc::clone(&order);
        executor.spawn(
            async move {
                first.borrow_mut().push("a1");
                yield_once().await;
                first.borrow_mut().push("a2");
            }
            .boxed_local(),
        );
        let second = Rc::clone(&order);
        executor.spawn(async move { second.borrow_mut().push("b") }.boxed_local());
        executor.run_ready();
        assert_eq!(*order.borrow(), vec!["a1", "b", "a2"]);
    }

    #[test]
    fn a_wake_after_the_task_finished_wakes_nothing_not_even_the_task_in_its_place() {
        let executor = executor();
        let (stale, polls) = spawn_noting_waker(&executor, true);
        let (_, next_polls) = spawn_noting_waker(&executor, false);
        stale.wake();
        executor.run_ready();
        assert_eq!((polls.get(), next_polls.get(), executor.task_count()), (1, 1, 1));
    }

    /// Starts a task on its executor when dropped.
    struct SpawnOnDrop(Rc<Executor>, Rc<Cell<bool>>);

    impl Drop for SpawnOnDrop {
        fn drop(&mut self) {
            let ran = Rc::clone(&self.1);
            self.0.spawn(async move { ran.set(true) }.boxed_local());
        }
    }

    #[test]
    fn a_task_started_as_a_finished_one_is_dropped_runs_in_the_same_pass() {
        let executor = executor();
        let ran = Rc::new(Cell::new(false));
        let guard = SpawnOnDrop(Rc::clone(&executor), Rc::clone(&ran));
        executor.spawn(
            std::future::poll_fn(move |_| {
                let _ = &guard;
                std::task::Poll::Ready(())
            })
            .boxed_local(),
        );
        executor.run_ready();
        assert!(ran.get());
        assert_eq!((executor.task_count(), requests()), (0, 1));
    }

    #[test]
    fn a_pass_started_inside_a_pass_does_nothing() {
        let executor = executor();
        let inner = Rc::clone(&executor);
        let order = Rc::new(RefCell::new(Vec::new()));
        let (first, second) = (Rc::clone(&order), Rc::clone(&order));
        executor.spawn(
            async move {
                first.borrow_mut().push("outer");
                inner.run_ready();
                first.borrow_mut().push("outer again");
            }
            .boxed_local(),
        );
        executor.spawn(async move { second.borrow_mut().push("next") }.boxed_local());
        executor.run_ready();
        assert_eq!(*order.borrow(), vec!["outer", "outer again", "next"]);
    }
}
