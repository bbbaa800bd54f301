//! The ice-cream server: a handler that waits on a slow "AI model", loaded by clients that
//! send requests back to back. Blocking serves one request at a time; awaiting serves them
//! all at once; moving the blocking call to threads serves as many as there are threads.

use crate::ctx::Ctx;
use crate::decimal::Dec;
use crate::job::Job;
use crate::limiter::Limiter;
use crate::summary::percentile;
use crate::timeline::{EventKind, Timeline};

/// The server's and the load's parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct IcecreamParams {
    /// The model call, in ms.
    pub work_ms: f64,
    /// Clients sending requests back to back.
    pub n_clients: u32,
    /// How long the clients keep sending, in ms.
    pub duration_ms: f64,
    /// Threads (Web Workers) for blocking calls.
    pub n_workers: u32,
    /// The first of two smaller models in `gather-two`, in ms.
    pub model_a_ms: f64,
    /// The second of two smaller models in `gather-two`, in ms.
    pub model_b_ms: f64,
}

impl Default for IcecreamParams {
    fn default() -> Self {
        Self {
            work_ms: 500.0,
            n_clients: 50,
            duration_ms: 5000.0,
            n_workers: 4,
            model_a_ms: 500.0,
            model_b_ms: 400.0,
        }
    }
}

/// How the handler waits for the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IcecreamMode {
    /// A blocking call: one request at a time, the page frozen.
    Blocking,
    /// An awaited call: every client is served at once.
    Async,
    /// The blocking call moved to a pool of threads.
    ToThread,
    /// Two smaller blocking models, each on a thread, gathered.
    GatherTwo,
}

/// What a run of the server measured.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServerStats {
    /// Requests answered before the load stopped.
    pub n_served: usize,
    /// Requests per second: those served within the load's duration, over the time from its
    /// start to the last of them.
    pub rps: f64,
    /// Median latency, in ms.
    pub p50_ms: f64,
    /// 95th percentile latency, in ms.
    pub p95_ms: f64,
    /// Longest latency, in ms.
    pub max_ms: f64,
    /// Requests answered in each quarter second, for the live chart.
    pub per_bucket: Vec<usize>,
}

/// Width of a bucket of the live chart, in ms.
pub const BUCKET_MS: f64 = 250.0;

/// Requests per second the mode should reach.
pub fn predict_rps(params: &IcecreamParams, mode: IcecreamMode) -> f64 {
    let clients = f64::from(params.n_clients.max(1));
    let workers = f64::from(params.n_workers.max(1));
    match mode {
        IcecreamMode::Blocking => 1000.0 / params.work_ms.max(1e-3),
        IcecreamMode::Async => clients * 1000.0 / params.work_ms.max(1e-3),
        IcecreamMode::ToThread => clients.min(workers) * 1000.0 / params.work_ms.max(1e-3),
        IcecreamMode::GatherTwo => {
            // Each request needs a + b ms of worker time, and takes at least the longer model.
            let (a, b) = (params.model_a_ms.max(1e-3), params.model_b_ms.max(1e-3));
            (workers * 1000.0 / (a + b)).min(clients * 1000.0 / a.max(b))
        }
    }
}

/// The total of a run: the load's duration. Requests still in flight when it ends are
/// dropped, but a blocking call that has started cannot be interrupted and runs to its end.
pub fn predict_ms(params: &IcecreamParams, mode: IcecreamMode) -> f64 {
    match mode {
        IcecreamMode::Blocking => {
            let work_ms = params.work_ms.max(1e-3);
            (params.duration_ms / work_ms).ceil() * work_ms
        }
        _ => params.duration_ms,
    }
}

/// Runs the load against the server; this is the main task.
pub async fn run(ctx: Ctx, params: IcecreamParams, mode: IcecreamMode) {
    let threads = Limiter::new(params.n_workers as usize);
    let clients: Vec<_> = (1..=params.n_clients)
        .map(|number| {
            let (params, threads) = (params.clone(), threads.clone());
            ctx.spawn(&format!("client {number}"), move |ctx| client(ctx, params, mode, threads))
        })
        .collect();
    // The load stops after its duration; requests still in flight are dropped. The second
    // sleep lets answers due at that very instant arrive first.
    ctx.sleep(params.duration_ms).await;
    ctx.sleep(0.0).await;
    // Served within the load's duration, as the result card counts them; a blocking call
    // that began before the end cannot be cut short, and finishes after it.
    let served = served_until(&clients, params.duration_ms + 1e-6);
    let late = served_until(&clients, f64::INFINITY) - served;
    for client in &clients {
        client.cancel();
    }
    let seconds = Dec(params.duration_ms / 1000.0);
    ctx.print(match late {
        0 => format!("The load stopped after {seconds:.1} s: {served} requests served"),
        _ => format!(
            "The load stopped after {seconds:.1} s: {served} requests served ({late} more finished after it: a blocking call cannot be cut short)"
        ),
    });
}

fn served_until(clients: &[crate::ctx::Task<()>], until_ms: f64) -> usize {
    clients
        .iter()
        .map(|client| client.n_events_until(until_ms, |kind| matches!(kind, EventKind::Served { .. })))
        .sum()
}

/// A client sends a request, waits for the answer, and sends the next, until the load stops.
/// Clients stand for other machines: all send their first request when the load starts,
/// even if the server only gets to it later.
async fn client(ctx: Ctx, params: IcecreamParams, mode: IcecreamMode, threads: Limiter) {
    let mut sent_ms = 0.0;
    while ctx.now_ms() < params.duration_ms {
        handle_request(&ctx, &params, mode, &threads).await;
        let answered_ms = ctx.now_ms();
        ctx.record_event(EventKind::Served { latency_ms: answered_ms - sent_ms });
        sent_ms = answered_ms;
        // The answer travels back and the next request arrives behind those already waiting.
        ctx.yield_now().await;
    }
}

// region: handler
/// The server's handler: it asks the model and answers with ice cream.
async fn handle_request(ctx: &Ctx, params: &IcecreamParams, mode: IcecreamMode, threads: &Limiter) {
    match mode {
        IcecreamMode::Blocking => ctx.block(params.work_ms),
        IcecreamMode::Async => ctx.sleep(params.work_ms).await,
        IcecreamMode::ToThread => {
            let _thread = ctx.wait(threads.acquire()).await;
            let job = Job::Block { duration_ms: params.work_ms };
            let _ = ctx.to_thread(job).await;
        }
        IcecreamMode::GatherTwo => {
            let model = |duration_ms| async move {
                let _thread = ctx.wait(threads.acquire()).await;
                ctx.to_thread(Job::Block { duration_ms }).await
            };
            let _ = futures::join!(model(params.model_a_ms), model(params.model_b_ms));
        }
    }
}
// endregion

/// Throughput and latency of a run, from the requests served on its timeline.
pub fn server_stats(timeline: &Timeline, duration_ms: f64) -> ServerStats {
    let served: Vec<(f64, f64)> = timeline
        .events()
        .iter()
        .filter_map(|event| match event.kind {
            EventKind::Served { latency_ms } => Some((event.at_ms, latency_ms)),
            _ => None,
        })
        .collect();
    let in_window: Vec<f64> =
        served.iter().filter(|(at_ms, _)| *at_ms <= duration_ms + 1e-6).map(|(_, l)| *l).collect();
    // Throughput over the time it took to serve them: answers due right at the load's end
    // that arrive a millisecond late fall out of the window, and dividing by the whole
    // duration would then read a tenth low.
    let last_served_ms = served
        .iter()
        .map(|(at_ms, _)| *at_ms)
        .filter(|at_ms| *at_ms <= duration_ms + 1e-6)
        .fold(0.0, f64::max);
    let latencies: Vec<f64> = served.iter().map(|(_, latency_ms)| *latency_ms).collect();
    let n_buckets = (duration_ms / BUCKET_MS).ceil().max(1.0) as usize;
    let mut per_bucket = vec![0; n_buckets];
    for (at_ms, _) in &served {
        let bucket = ((at_ms - 1e-6).max(0.0) / BUCKET_MS) as usize;
        if let Some(count) = per_bucket.get_mut(bucket) {
            *count += 1;
        }
    }
    ServerStats {
        n_served: in_window.len(),
        rps: if last_served_ms > 0.0 { in_window.len() as f64 * 1000.0 / last_served_ms } else { 0.0 },
        p50_ms: percentile(&latencies, 0.5).unwrap_or(0.0),
        p95_ms: percentile(&latencies, 0.95).unwrap_or(0.0),
        max_ms: latencies.iter().copied().fold(0.0, f64::max),
        per_bucket,
    }
}
