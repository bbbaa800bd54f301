//! Long tasks (main-thread work over 50 ms) reported by the browser's PerformanceObserver.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{PerformanceEntry, PerformanceObserver, PerformanceObserverEntryList, PerformanceObserverInit};

/// What the observer saw since the last reset.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LongTaskReading {
    /// Whether this browser reports long tasks at all.
    pub supported: bool,
    /// Long tasks seen.
    pub count: u32,
    /// The longest one, in ms.
    pub longest_ms: f64,
}

impl LongTaskReading {
    /// The reading for people: how many and the longest, or "none".
    pub fn text(&self) -> String {
        match (self.supported, self.count) {
            (false, _) => "not reported by this browser".to_string(),
            (true, 0) => "none".to_string(),
            (true, count) => format!("{count} (longest {})", crate::components::format_ms(self.longest_ms)),
        }
    }
}

/// A running long-task observer; it stops when the last clone is dropped.
#[derive(Clone)]
pub struct LongTasks {
    inner: Rc<Inner>,
}

type ObserverCallback = Closure<dyn FnMut(PerformanceObserverEntryList, PerformanceObserver)>;

struct Inner {
    count: Cell<u32>,
    longest_ms: Cell<f64>,
    observer: Option<(PerformanceObserver, ObserverCallback)>,
}

impl LongTasks {
    /// Starts observing, where the browser supports it.
    pub fn start() -> Self {
        Self {
            inner: Rc::new_cyclic(|weak: &std::rc::Weak<Inner>| {
                let weak = weak.clone();
                let callback = ObserverCallback::new(move |list: PerformanceObserverEntryList, _| {
                    let Some(inner) = weak.upgrade() else { return };
                    for entry in list.get_entries().iter() {
                        if let Ok(entry) = entry.dyn_into::<PerformanceEntry>() {
                            inner.count.set(inner.count.get() + 1);
                            inner.longest_ms.set(inner.longest_ms.get().max(entry.duration()));
                        }
                    }
                });
                let observer = observe_long_tasks(&callback).map(|observer| (observer, callback));
                Inner { count: Cell::new(0), longest_ms: Cell::new(0.0), observer }
            }),
        }
    }

    /// Forgets what was seen, for a new run.
    pub fn reset(&self) {
        self.inner.count.set(0);
        self.inner.longest_ms.set(0.0);
    }

    /// What was seen since the last reset.
    pub fn reading(&self) -> LongTaskReading {
        LongTaskReading {
            supported: self.inner.observer.is_some(),
            count: self.inner.count.get(),
            longest_ms: self.inner.longest_ms.get(),
        }
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Some((observer, _)) = &self.observer {
            observer.disconnect();
        }
    }
}

fn observe_long_tasks(callback: &ObserverCallback) -> Option<PerformanceObserver> {
    let supported = js_sys::Reflect::get(&js_sys::global(), &"PerformanceObserver".into())
        .and_then(|class| js_sys::Reflect::get(&class, &"supportedEntryTypes".into()))
        .ok()
        .and_then(|types| types.dyn_into::<js_sys::Array>().ok())
        .is_some_and(|types| types.includes(&"longtask".into(), 0));
    if !supported {
        return None;
    }
    let observer = PerformanceObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    let entry_types = js_sys::Array::of1(&"longtask".into());
    observer.observe(&PerformanceObserverInit::new(&entry_types));
    Some(observer)
}
