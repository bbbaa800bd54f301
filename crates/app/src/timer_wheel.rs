//! Awaited timers for the page: one driver for every sleep, on time to a fraction of a ms.
//!
//! Ten thousand tasks that each sleep a second would otherwise set ten thousand
//! `setTimeout`s. Here sleeps are grouped by deadline and one browser timer at a time is
//! armed, for the earliest group. Browser timers fire about a millisecond late, which adds
//! up over many short sleeps, so the timer is armed a little early and the last stretch is
//! covered by message hops: each hop is a task of its own, so the page stays responsive,
//! and sleepers wake within a hop of their deadline.
//!
//! Browsers hold a timer armed inside a chain of timer callbacks to at least 4 ms (HTML's
//! timer nesting level). A run's wakes often come from a timer, and its next sleeps are armed
//! from there, so a short timer is armed only from a hop's message, which starts a new chain.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll, Waker};

use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser;

/// How long before a deadline the browser timer is armed, in ms; hops cover the rest.
const EARLY_MS: f64 = 2.0;

/// Browsers hold a timer armed in a chain of timer callbacks to at least this, in ms.
const NESTED_TIMER_MIN_MS: f64 = 4.0;

/// Deadlines closer than this share a group, in ms.
const GROUP_MS: f64 = 0.1;

/// One tick of `performance.now()` in a page that is not cross-origin isolated, in ms. Like
/// asyncio's event loop, a timer counts as due when its deadline is less than one tick of the
/// clock away: waiting for the next tick would make every sleep late by most of one.
const CLOCK_TICK_MS: f64 = 0.1;

/// Sleeps on one driver. Clones share it.
#[derive(Clone, Default)]
pub struct TimerWheel {
    inner: Rc<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Groups by deadline, in units of [`GROUP_MS`].
    groups: RefCell<Groups>,
    /// The browser timer armed for the earliest group, with that group's key.
    armed: RefCell<Option<(u64, Timeout)>>,
    /// The last timer that fired, kept until it has returned.
    spent: RefCell<Option<Timeout>>,
    /// Whether a hop is in flight.
    hopping: Cell<bool>,
    /// Whether a hop's message is being handled: a timer armed now starts a new chain.
    in_hop: Cell<bool>,
    hop: RefCell<Option<Hop>>,
    /// Turns of the event loop that reached the run (see [`TimerWheel::turns`]).
    turns: Cell<u64>,
    /// Wakes expected from elsewhere (see [`TimerWheel::expect`]): ids and deadlines in ms on
    /// the page clock. An overdue one keeps counting until its guard drops: the live view then
    /// waits for the answer, or until it has gone stale and waited a few frames more.
    expected: RefCell<Vec<(u64, f64)>>,
    next_expected_id: Cell<u64>,
}

/// A message channel that posts to itself: the quickest way to yield a turn of the event
/// loop without a timer's clamping.
struct Hop {
    port: web_sys::MessagePort,
    _channel: web_sys::MessageChannel,
    _on_message: Closure<dyn FnMut()>,
}

/// The groups in deadline order, earliest first. Few deadlines are pending at a time (sleeps
/// started in the same tenth of a millisecond share one), and new ones mostly come last, so
/// a sorted list serves.
#[derive(Default)]
struct Groups(Vec<(u64, Rc<Group>)>);

impl Groups {
    fn get_or_insert(&mut self, key: u64) -> Rc<Group> {
        match self.0.binary_search_by_key(&key, |(group_key, _)| *group_key) {
            Ok(index) => Rc::clone(&self.0[index].1),
            Err(index) => {
                let group = Rc::<Group>::default();
                self.0.insert(index, (key, Rc::clone(&group)));
                group
            }
        }
    }

    fn first_key(&self) -> Option<u64> {
        self.0.first().map(|(key, _)| *key)
    }

    fn pop_first(&mut self) -> Option<Rc<Group>> {
        (!self.0.is_empty()).then(|| self.0.remove(0).1)
    }

    fn remove(&mut self, key: u64) -> Option<Rc<Group>> {
        let index = self.0.binary_search_by_key(&key, |(group_key, _)| *group_key).ok()?;
        Some(self.0.remove(index).1)
    }
}

/// The sleepers of one deadline.
#[derive(Default)]
struct Group {
    fired: Cell<bool>,
    wakers: RefCell<Vec<Option<Waker>>>,
    n_waiting: Cell<usize>,
}

/// A sleep on the wheel; dropping it before its deadline gives its place up.
pub struct WheelSleep {
    inner: Rc<Inner>,
    key: u64,
    group: Rc<Group>,
    slot: usize,
}

impl TimerWheel {
    /// Completes `duration_ms` from now.
    pub fn sleep(&self, duration_ms: f64) -> WheelSleep {
        let now_ms = browser::now_ms();
        let key = ((now_ms + duration_ms.max(0.0)) / GROUP_MS).ceil() as u64;
        let group = self.inner.groups.borrow_mut().get_or_insert(key);
        let slot = {
            let mut wakers = group.wakers.borrow_mut();
            wakers.push(None);
            wakers.len() - 1
        };
        group.n_waiting.set(group.n_waiting.get() + 1);
        schedule(&self.inner, now_ms);
        WheelSleep { inner: Rc::clone(&self.inner), key, group, slot }
    }
}

impl TimerWheel {
    /// The earliest deadline still to come or overdue, in ms on the page clock: a sleep's, or
    /// an expected wake's.
    pub fn next_deadline_ms(&self) -> Option<f64> {
        let sleep_ms = self.inner.groups.borrow().first_key().map(deadline_ms);
        let expected = self.inner.expected.borrow();
        expected.iter().map(|(_, deadline_ms)| *deadline_ms).chain(sleep_ms).reduce(f64::min)
    }

    /// How many times the event loop has handed the run control: each time the wheel's timer
    /// or hop ran, and each wake [`TimerWheel::note_turn`] was told of.
    pub fn turns(&self) -> u64 {
        self.inner.turns.get()
    }

    /// Counts a turn of the event loop that woke the run from elsewhere (a worker's answer, a
    /// response).
    pub fn note_turn(&self) {
        self.inner.turns.set(self.inner.turns.get() + 1);
    }

    /// Counts a wake that comes from elsewhere, `duration_ms` from now (a worker's answer to a
    /// blocking call), among the deadlines, until the returned guard drops. The live view then
    /// does not start a redraw just before it, as it does not before a sleep's. No timer is
    /// armed for it.
    pub fn expect(&self, duration_ms: f64) -> ExpectedWake {
        let id = self.inner.next_expected_id.get();
        self.inner.next_expected_id.set(id + 1);
        let deadline_ms = browser::now_ms() + duration_ms.max(0.0);
        self.inner.expected.borrow_mut().push((id, deadline_ms));
        ExpectedWake { inner: Rc::downgrade(&self.inner), id }
    }
}

/// A wake expected from elsewhere; dropping it takes its deadline off the wheel.
pub struct ExpectedWake {
    inner: Weak<Inner>,
    id: u64,
}

impl Drop for ExpectedWake {
    fn drop(&mut self) {
        if let Some(inner) = self.inner.upgrade() {
            inner.expected.borrow_mut().retain(|(id, _)| *id != self.id);
        }
    }
}

/// The deadline of group `key`, in ms on the page clock.
fn deadline_ms(key: u64) -> f64 {
    key as f64 * GROUP_MS
}

/// Wakes every group that is due, then arms for the next.
fn drive(inner: &Rc<Inner>) {
    // Only a timer or a hop calls this: a task of its own, which the page may draw before.
    inner.turns.set(inner.turns.get() + 1);
    let now_ms = browser::now_ms();
    let mut wakers = Vec::new();
    {
        let mut groups = inner.groups.borrow_mut();
        while let Some(key) = groups.first_key() {
            if deadline_ms(key) >= now_ms + CLOCK_TICK_MS {
                break;
            }
            let Some(group) = groups.pop_first() else { break };
            group.fired.set(true);
            wakers.extend(group.wakers.borrow_mut().drain(..).flatten());
        }
    }
    schedule(inner, now_ms);
    for waker in wakers {
        waker.wake();
    }
}

/// Makes sure the earliest group will be woken: by a hop if it is near, else by a browser
/// timer armed for it. With no group left, nothing stays armed.
fn schedule(inner: &Rc<Inner>, now_ms: f64) {
    if inner.hopping.get() {
        return;
    }
    let Some(key) = inner.groups.borrow().first_key() else {
        inner.armed.borrow_mut().take();
        return;
    };
    let remaining_ms = deadline_ms(key) - now_ms;
    if remaining_ms <= EARLY_MS {
        inner.armed.borrow_mut().take();
        hop(inner);
        return;
    }
    if inner.armed.borrow().as_ref().is_some_and(|(armed_key, _)| *armed_key == key) {
        return;
    }
    let delay_ms = (remaining_ms - EARLY_MS).floor();
    if delay_ms < NESTED_TIMER_MIN_MS && !inner.in_hop.get() {
        // Armed here, in what may be a timer's callback, it could wait 4 ms: a hop comes first.
        inner.armed.borrow_mut().take();
        hop(inner);
        return;
    }
    let weak = Rc::downgrade(inner);
    let delay_ms = delay_ms as u32;
    let timeout = Timeout::new(delay_ms, move || {
        if let Some(inner) = weak.upgrade() {
            // This timer has fired. It cannot be dropped while it runs, so it waits in
            // `spent` until the next one fires.
            let fired = inner.armed.borrow_mut().take().map(|(_, timeout)| timeout);
            drop(inner.spent.replace(fired));
            drive(&inner);
        }
    });
    // Replacing an earlier timer clears it.
    *inner.armed.borrow_mut() = Some((key, timeout));
}

/// Posts a message to ourselves; its arrival drives the wheel again.
fn hop(inner: &Rc<Inner>) {
    if inner.hop.borrow().is_none() {
        *inner.hop.borrow_mut() = new_hop(Rc::downgrade(inner));
    }
    let posted =
        inner.hop.borrow().as_ref().is_some_and(|hop| hop.port.post_message(&JsValue::UNDEFINED).is_ok());
    if posted {
        inner.hopping.set(true);
    } else {
        // No message channel: a zero timer does the same, a little later.
        let weak = Rc::downgrade(inner);
        inner.hopping.set(true);
        Timeout::new(0, move || on_hop(&weak)).forget();
    }
}

fn new_hop(weak: Weak<Inner>) -> Option<Hop> {
    let channel = web_sys::MessageChannel::new().ok()?;
    let on_message = Closure::<dyn FnMut()>::new(move || on_hop(&weak));
    channel.port2().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    Some(Hop { port: channel.port1(), _channel: channel, _on_message: on_message })
}

fn on_hop(weak: &Weak<Inner>) {
    if let Some(inner) = weak.upgrade() {
        inner.hopping.set(false);
        inner.in_hop.set(true);
        drive(&inner);
        inner.in_hop.set(false);
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
            // The last sleeper left: the group goes, and the timer with it if it was the last.
            self.inner.groups.borrow_mut().remove(self.key);
            schedule(&self.inner, browser::now_ms());
        }
    }
}
