//! One browser timer per deadline, however many tasks sleep until it.
//!
//! Ten thousand tasks that each sleep a second would otherwise set ten thousand
//! `setTimeout`s; here they share one, and the page wakes them all at once.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll, Waker};

use gloo_timers::callback::Timeout;

use crate::browser;

/// Sleeps that share a timer per whole-millisecond deadline.
#[derive(Clone, Default)]
pub struct TimerWheel {
    groups: Rc<RefCell<BTreeMap<u64, Rc<Group>>>>,
}

/// The sleepers of one deadline and their timer.
#[derive(Default)]
struct Group {
    fired: Cell<bool>,
    wakers: RefCell<Vec<Option<Waker>>>,
    n_waiting: Cell<usize>,
    timer: RefCell<Option<Timeout>>,
}

/// A sleep on the wheel; dropping it before its deadline gives its place up.
pub struct WheelSleep {
    wheel: TimerWheel,
    deadline_ms: u64,
    group: Rc<Group>,
    slot: usize,
}

impl TimerWheel {
    /// Completes `duration_ms` from now (rounded up to the next whole millisecond of the page
    /// clock, which browsers' timers do anyway).
    pub fn sleep(&self, duration_ms: f64) -> WheelSleep {
        let now_ms = browser::now_ms();
        let deadline_ms = (now_ms + duration_ms.max(0.0)).ceil() as u64;
        let group = Rc::clone(self.groups.borrow_mut().entry(deadline_ms).or_default());
        if group.timer.borrow().is_none() {
            let groups = Rc::downgrade(&self.groups);
            let delay_ms = (deadline_ms as f64 - now_ms).max(0.0).ceil() as u32;
            *group.timer.borrow_mut() = Some(Timeout::new(delay_ms, move || fire(&groups, deadline_ms)));
        }
        let slot = {
            let mut wakers = group.wakers.borrow_mut();
            wakers.push(None);
            wakers.len() - 1
        };
        group.n_waiting.set(group.n_waiting.get() + 1);
        WheelSleep { wheel: self.clone(), deadline_ms, group, slot }
    }
}

fn fire(groups: &Weak<RefCell<BTreeMap<u64, Rc<Group>>>>, deadline_ms: u64) {
    let Some(groups) = groups.upgrade() else { return };
    let Some(group) = groups.borrow_mut().remove(&deadline_ms) else { return };
    group.fired.set(true);
    group.timer.borrow_mut().take();
    let wakers: Vec<Waker> = group.wakers.borrow_mut().drain(..).flatten().collect();
    for waker in wakers {
        waker.wake();
    }
}

impl Future for WheelSleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.group.fired.get() {
            return Poll::Ready(());
        }
        if let Some(place) = self.group.wakers.borrow_mut().get_mut(self.slot) {
            *place = Some(cx.waker().clone());
        }
        Poll::Pending
    }
}

impl Drop for WheelSleep {
    fn drop(&mut self) {
        if self.group.fired.get() {
            return;
        }
        if let Some(place) = self.group.wakers.borrow_mut().get_mut(self.slot) {
            place.take();
        }
        let n_left = self.group.n_waiting.get().saturating_sub(1);
        self.group.n_waiting.set(n_left);
        if n_left == 0 {
            // The last sleeper left: dropping the timer clears it, so it never fires for nobody.
            drop(self.group.timer.borrow_mut().take());
            self.wheel.groups.borrow_mut().remove(&self.deadline_ms);
        }
    }
}
