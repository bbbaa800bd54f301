//! The chess exhibition's games, planned before the clock starts: legal moves chosen from a
//! seed. A domain module: a job (the worker's planning) and the scenario both use it, and it
//! knows neither.

use crate::chess_board::{GameStatus, Position};
use crate::rng::SeededRng;

/// One game, planned from the seed before the clock starts: its moves, and how it ended if it
/// ended before the last move pair.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedGame {
    /// The moves in UCI notation, the grandmaster's (White's) first.
    pub moves: Vec<String>,
    /// `checkmate` or `stalemate` if the game ended early.
    pub ending: Option<String>,
}

/// Plans every board's game: legal moves from [`Position`], chosen from the seed. This runs off
/// the main thread in the page (in the worker), so the page need not ship the move generator.
pub fn plan_games(seed: u64, n_boards: u32, n_move_pairs: u32) -> Vec<PlannedGame> {
    (1..=n_boards)
        .map(|number| {
            let mut rng = SeededRng::new(seed.wrapping_mul(1000).wrapping_add(u64::from(number)));
            let mut position = Position::default();
            let mut moves = Vec::new();
            let mut ending = None;
            for _ in 0..n_move_pairs * 2 {
                let Some((chosen, after)) = pick_successor(&position, rng.next_u64()) else { break };
                position = after;
                moves.push(chosen);
                match position.status() {
                    GameStatus::Ongoing => {}
                    GameStatus::Checkmate => {
                        ending = Some("checkmate".to_string());
                        break;
                    }
                    GameStatus::Stalemate => {
                        ending = Some("stalemate".to_string());
                        break;
                    }
                }
            }
            PlannedGame { moves, ending }
        })
        .collect()
}

/// Picks a legal move in UCI notation with `choice`, preferring moves after which the game goes
/// on. The moves are taken in [`Position::legal_moves`] order, so a choice always picks the same
/// move; `None` when there is no legal move.
pub fn pick_move(position: &Position, choice: u64) -> Option<String> {
    pick_successor(position, choice).map(|(uci, _)| uci)
}

/// [`pick_move`]'s move with the position after it. The chosen move is tried first, then the
/// ones after it in turn, until one lets the game go on; so a game-ending move is played only
/// when every move ends the game, and usually only one position's status is looked at.
fn pick_successor(position: &Position, choice: u64) -> Option<(String, Position)> {
    let mut successors = position.successors();
    let n_moves = successors.len();
    let first = usize::try_from(choice.checked_rem(n_moves as u64)?).ok()?;
    let chosen = (0..n_moves)
        .map(|offset| (first + offset) % n_moves)
        .find(|&index| successors[index].1.status() == GameStatus::Ongoing)
        .unwrap_or(first);
    Some(successors.swap_remove(chosen))
}
