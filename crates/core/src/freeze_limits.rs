//! How long the page may be frozen: the one place for the limits that runs, link checks and
//! the freeze meter's probe obey.

/// A run or probe that would hold the main thread longer than this asks first, in ms.
pub const ASK_ABOVE_BLOCK_MS: f64 = 3000.0;
/// Nothing may hold the main thread longer than this, in ms.
pub const MAX_BLOCK_MS: f64 = 15_000.0;
