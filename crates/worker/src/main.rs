//! Worker entry point that Trunk builds: registers the job runner and waits for jobs.

use gloo_worker::Registrable;

fn main() {
    playground_worker::RunJob::registrar().register();
}
