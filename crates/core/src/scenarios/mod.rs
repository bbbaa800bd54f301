//! The lessons, each written once against [`crate::Ctx`], and the list the shell shows.

pub mod chess;
pub mod chess_meta;
pub mod icecream;
pub mod icecream_meta;
pub mod pokemon;
pub mod pokemon_meta;
pub mod primes;
pub mod primes_meta;
pub mod tasks;
pub mod tasks_meta;

use crate::scenario::Scenario;

/// Every scenario that is built, in the order the picker shows them.
pub fn all() -> &'static [&'static dyn Scenario] {
    &[
        &primes_meta::PrimesScenario,
        &chess_meta::ChessScenario,
        &pokemon_meta::PokemonScenario,
        &tasks_meta::TasksScenario,
        &icecream_meta::IcecreamScenario,
    ]
}

/// The scenario with link id `id`.
pub fn find(id: &str) -> Option<&'static dyn Scenario> {
    all().iter().copied().find(|scenario| scenario.meta().id == id)
}
