//! A worker on its own, for the browser tests: their harness has no `main` to register the
//! job runner. The site ships none; there the page's own module is the worker.

fn main() {
    playground_worker::serve();
}
