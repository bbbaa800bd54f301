//! An async limit on how many jobs run at once: the size of a thread pool.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use futures::channel::oneshot;

/// At most `capacity` holders at once; the rest wait their turn, first come first served.
#[derive(Clone)]
pub struct Limiter {
    inner: Rc<RefCell<Inner>>,
}

struct Inner {
    available: usize,
    waiting: VecDeque<oneshot::Sender<()>>,
}

/// A place in the limiter; it is given back when dropped.
pub struct Permit {
    limiter: Limiter,
}

impl Limiter {
    /// A limiter letting `capacity` (at least one) hold a place at once.
    pub fn new(capacity: usize) -> Self {
        Self { inner: Rc::new(RefCell::new(Inner { available: capacity.max(1), waiting: VecDeque::new() })) }
    }

    /// Waits for a place.
    pub async fn acquire(&self) -> Permit {
        let receiver = {
            let mut inner = self.inner.borrow_mut();
            if inner.available > 0 {
                inner.available -= 1;
                None
            } else {
                let (sender, receiver) = oneshot::channel();
                inner.waiting.push_back(sender);
                Some(receiver)
            }
        };
        if let Some(receiver) = receiver {
            // The sender is only dropped after handing over a place, or with the limiter.
            let _ = receiver.await;
        }
        Permit { limiter: self.clone() }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut inner = self.limiter.inner.borrow_mut();
        // Hand the place straight to the first waiter still waiting.
        while let Some(waiter) = inner.waiting.pop_front() {
            if waiter.send(()).is_ok() {
                return;
            }
        }
        inner.available += 1;
    }
}
