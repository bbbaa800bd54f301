//! Highest prime below three limits: plain blocking calls, async awaited in turn, gathered
//! with a blocking sleep, and gathered with an awaited sleep.

use crate::ctx::Ctx;

/// Virtual cost of one trial division, in ms (one nanosecond).
pub const DIVISION_COST_MS: f64 = 1e-6;

/// How a candidate is tested.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrimeTest {
    /// Trial division by every smaller number, from the top down, as the lesson does.
    Naive,
    /// Trial division up to the square root.
    Sqrt,
}

/// The primes lesson's parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct PrimesParams {
    /// The three limits, searched in this order.
    pub limits: [u64; 3],
    /// Sleep after each candidate that is not prime, in ms.
    pub sleep_ms: f64,
    /// How candidates are tested.
    pub test: PrimeTest,
}

impl Default for PrimesParams {
    fn default() -> Self {
        Self { limits: [100_000, 10_000, 1000], sleep_ms: 10.0, test: PrimeTest::Naive }
    }
}

/// How the three searches run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrimesMode {
    /// Plain calls with a blocking sleep: one after another, the page frozen throughout.
    Sync,
    /// Async functions awaited one after another: same order and total, page responsive.
    AsyncSerial,
    /// Gathered, but the sleep blocks: still no interleaving, page frozen.
    GatherBlocking,
    /// Gathered with an awaited sleep: the searches interleave.
    Gather,
}

/// What searching below one limit involves, found without running the test.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchPlan {
    /// The highest prime below the limit, if there is one.
    pub prime: Option<u64>,
    /// Candidates tested, the prime included.
    pub n_candidates: u64,
    /// Trial divisions the chosen test makes over all candidates.
    pub n_divisions: u64,
}

impl PrimesMode {
    /// Whether the sleep blocks the thread.
    pub fn sleep_blocks(self) -> bool {
        matches!(self, PrimesMode::Sync | PrimesMode::GatherBlocking)
    }
}

/// Plans the search below `limit`: the candidates from `limit - 1` down to the first prime.
pub fn plan(limit: u64, test: PrimeTest) -> SearchPlan {
    let mut n_candidates = 0;
    let mut n_divisions = 0;
    for candidate in (2..limit).rev() {
        n_candidates += 1;
        let smallest_factor = smallest_factor(candidate);
        n_divisions += divisions(candidate, smallest_factor, test);
        if smallest_factor.is_none() {
            return SearchPlan { prime: Some(candidate), n_candidates, n_divisions };
        }
    }
    SearchPlan { prime: None, n_candidates, n_divisions }
}

/// The ideal total of a run in ms, with CPU at its virtual cost.
pub fn predict_ms(params: &PrimesParams, mode: PrimesMode) -> f64 {
    let n_divisions: u64 = params.limits.iter().map(|&limit| plan(limit, params.test).n_divisions).sum();
    predict_with_cpu_ms(params, mode, n_divisions as f64 * DIVISION_COST_MS)
}

/// The ideal total of a run in ms given the CPU time the prime tests take: serial adds every
/// sleep and every test; gather overlaps the sleeps, but one thread still does all the tests
/// in turn.
pub fn predict_with_cpu_ms(params: &PrimesParams, mode: PrimesMode, cpu_ms: f64) -> f64 {
    let sleeps_ms = params.limits.map(|limit| {
        let plan = plan(limit, params.test);
        let n_sleeps = plan.n_candidates - u64::from(plan.prime.is_some());
        n_sleeps as f64 * params.sleep_ms
    });
    match mode {
        PrimesMode::Gather => sleeps_ms.iter().copied().fold(0.0, f64::max) + cpu_ms,
        _ => sleeps_ms.iter().sum::<f64>() + cpu_ms,
    }
}

/// Whether `candidate` is prime, by `test`; returns the answer and the divisions made.
pub fn is_prime(candidate: u64, test: PrimeTest) -> (bool, u64) {
    if candidate < 2 {
        return (false, 0);
    }
    let mut n_divisions = 0;
    match test {
        PrimeTest::Naive => {
            for divisor in (2..candidate).rev() {
                n_divisions += 1;
                if candidate.is_multiple_of(divisor) {
                    return (false, n_divisions);
                }
            }
        }
        PrimeTest::Sqrt => {
            let mut divisor = 2;
            while divisor * divisor <= candidate {
                n_divisions += 1;
                if candidate.is_multiple_of(divisor) {
                    return (false, n_divisions);
                }
                divisor += 1;
            }
        }
    }
    (true, n_divisions)
}

/// Runs the lesson in `mode`; this is the main task.
pub async fn run(ctx: Ctx, params: PrimesParams, mode: PrimesMode) {
    let [a, b, c] = params.limits;
    match mode {
        // region: serial
        PrimesMode::Sync | PrimesMode::AsyncSerial => {
            let blocks = mode.sleep_blocks();
            for limit in [a, b, c] {
                highest_prime_below(&ctx, limit, params.sleep_ms, params.test, blocks).await;
            }
        }
        // endregion
        // region: gather
        PrimesMode::Gather | PrimesMode::GatherBlocking => {
            let (sleep_ms, test, blocks) = (params.sleep_ms, params.test, mode.sleep_blocks());
            let searches = [a, b, c]
                .into_iter()
                .map(|limit| {
                    let name = format!("below {limit}");
                    ctx.spawn(&name, move |ctx| async move {
                        highest_prime_below(&ctx, limit, sleep_ms, test, blocks).await
                    })
                })
                .collect();
            ctx.gather(searches).await;
        } // endregion
    }
}

// region: search
/// Searches down from `limit - 1`; sleeps after each candidate that is not prime.
async fn highest_prime_below(
    ctx: &Ctx,
    limit: u64,
    sleep_ms: f64,
    test: PrimeTest,
    blocks: bool,
) -> Option<u64> {
    ctx.print(format!("Searching for the highest prime below {limit}"));
    for candidate in (2..limit).rev() {
        let prime = ctx.compute_costed(|| {
            let (prime, n_divisions) = is_prime(candidate, test);
            (prime, n_divisions as f64 * DIVISION_COST_MS)
        });
        if prime {
            ctx.print(format!("Highest prime below {limit} is {candidate}"));
            return Some(candidate);
        }
        if blocks {
            ctx.block(sleep_ms);
        } else {
            ctx.sleep(sleep_ms).await;
        }
    }
    ctx.print(format!("There is no prime below {limit}"));
    None
}
// endregion

fn smallest_factor(candidate: u64) -> Option<u64> {
    let mut divisor = 2;
    while divisor * divisor <= candidate {
        if candidate.is_multiple_of(divisor) {
            return Some(divisor);
        }
        divisor += 1;
    }
    None
}

/// Divisions `test` makes on `candidate`, whose smallest factor is known.
fn divisions(candidate: u64, smallest_factor: Option<u64>, test: PrimeTest) -> u64 {
    match (test, smallest_factor) {
        // From the top down, the first divisor found is the largest proper one.
        (PrimeTest::Naive, Some(factor)) => candidate - candidate / factor,
        (PrimeTest::Naive, None) => candidate.saturating_sub(2),
        (PrimeTest::Sqrt, Some(factor)) => factor - 1,
        (PrimeTest::Sqrt, None) => (2..).take_while(|d: &u64| d * d <= candidate).count() as u64,
    }
}
