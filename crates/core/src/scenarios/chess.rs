//! The grandmaster's simultaneous exhibition: one player who thinks on the main thread
//! against many opponents who think concurrently.

use futures::channel::{mpsc, oneshot};
use futures::StreamExt;

use crate::chess_board::ReplayBoard;
use crate::chess_games::PlannedGame;
use crate::ctx::Ctx;
use crate::timeline::{Event, EventKind, LaneId, Timeline};

/// The exhibition's parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct ChessParams {
    /// Opponents, one board each.
    pub n_opponents: u32,
    /// The grandmaster's thinking per move, in ms: CPU work on the main thread.
    pub gm_move_ms: f64,
    /// An opponent's thinking per move, in ms: awaited, so opponents think together.
    pub opponent_move_ms: f64,
    /// Move pairs (grandmaster, then opponent) per game.
    pub n_move_pairs: u32,
    /// Seed of the moves played.
    pub seed: u64,
}

impl Default for ChessParams {
    fn default() -> Self {
        Self { n_opponents: 10, gm_move_ms: 10.0, opponent_move_ms: 90.0, n_move_pairs: 10, seed: 1 }
    }
}

/// How the grandmaster plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChessMode {
    /// One game to the end, then the next.
    Sync,
    /// A move on each board in turn, while the opponents think.
    Async,
}

/// The ideal total of a run in ms.
///
/// Sync: n × moves × (gm + opp). Async: moves × max(n × gm, gm + opp), plus the last
/// round's tail, min(opp, (n − 1) × gm): the last opponent still has to answer.
pub fn predict_ms(params: &ChessParams, mode: ChessMode) -> f64 {
    let n = f64::from(params.n_opponents);
    let moves = f64::from(params.n_move_pairs);
    let (gm, opp) = (params.gm_move_ms, params.opponent_move_ms);
    match mode {
        ChessMode::Sync => n * moves * (gm + opp),
        ChessMode::Async => moves * (n * gm).max(gm + opp) + opp.min((n - 1.0).max(0.0) * gm),
    }
}

/// The headline formula of the lesson, without the last round's tail.
pub fn headline_ms(params: &ChessParams, mode: ChessMode) -> f64 {
    let n = f64::from(params.n_opponents);
    let moves = f64::from(params.n_move_pairs);
    let (gm, opp) = (params.gm_move_ms, params.opponent_move_ms);
    match mode {
        ChessMode::Sync => n * moves * (gm + opp),
        ChessMode::Async => moves * (n * gm).max(gm + opp),
    }
}

/// A board asks the grandmaster for her next move.
struct MoveRequest {
    chosen: Option<String>,
    reply: oneshot::Sender<String>,
}

/// Runs the exhibition in `mode` with the games planned beforehand; this is the main task.
pub async fn run(ctx: Ctx, params: ChessParams, mode: ChessMode, games: Vec<PlannedGame>) {
    let (requests, inbox) = mpsc::unbounded::<MoveRequest>();
    let gm_move_ms = params.gm_move_ms;
    let grandmaster = ctx.spawn("grandmaster", move |ctx| grandmaster(ctx, inbox, gm_move_ms));
    let boards = games.into_iter().enumerate().map(|(index, game)| {
        let (requests, params) = (requests.clone(), params.clone());
        move |ctx: Ctx| play_board(ctx, index as u32 + 1, params, game, requests)
    });
    match mode {
        // region: sync
        ChessMode::Sync => {
            for (index, board) in boards.enumerate() {
                let game = ctx.spawn(&format!("board {}", index + 1), board);
                let _ = ctx.wait(game).await;
            }
        }
        // endregion
        // region: async
        ChessMode::Async => {
            let games = boards
                .enumerate()
                .map(|(index, board)| ctx.spawn(&format!("board {}", index + 1), board))
                .collect();
            ctx.gather(games).await;
        } // endregion
    }
    // With every board done, the grandmaster's inbox closes and she stops.
    drop(requests);
    let _ = ctx.wait(grandmaster).await;
}

// region: grandmaster
/// The grandmaster answers boards in the order they ask: one head, one move at a time.
async fn grandmaster(ctx: Ctx, mut inbox: mpsc::UnboundedReceiver<MoveRequest>, gm_move_ms: f64) {
    while let Some(request) = ctx.wait(inbox.next()).await {
        // Her thinking is CPU work on the main thread: nothing else runs meanwhile.
        let chosen = ctx.compute_for(gm_move_ms, || request.chosen);
        if let Some(chosen) = chosen {
            let _ = request.reply.send(chosen);
        }
        // She hands the move over and walks on: the opponent starts thinking at once.
        ctx.yield_now().await;
    }
}
// endregion

// region: board
/// One game: the grandmaster moves, then the opponent thinks and answers.
async fn play_board(
    ctx: Ctx,
    number: u32,
    params: ChessParams,
    game: PlannedGame,
    requests: mpsc::UnboundedSender<MoveRequest>,
) -> u32 {
    let mut moves = game.moves.into_iter();
    let mut n_pairs = 0;
    while n_pairs < params.n_move_pairs {
        let (reply, answer) = oneshot::channel();
        if requests.unbounded_send(MoveRequest { chosen: moves.next(), reply }).is_err() {
            break;
        }
        let Ok(gm_move) = ctx.wait(answer).await else { break };
        ctx.record_event(EventKind::Move { uci: gm_move, by_grandmaster: true });
        n_pairs += 1;
        let Some(reply_move) = moves.next() else { break };
        ctx.sleep(params.opponent_move_ms).await;
        ctx.record_event(EventKind::Move { uci: reply_move, by_grandmaster: false });
    }
    let how = game.ending.as_deref().unwrap_or("game adjourned");
    ctx.print(format!("Board {number}: {how} after {n_pairs} moves"));
    n_pairs
}
// endregion

/// A board as the page draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardView {
    /// The lane's name, e.g. `board 3`.
    pub name: String,
    /// The 64 squares from a8 to h1, row by row as seen by White: a piece symbol or a space.
    pub squares: Vec<char>,
    /// The squares (same indexing) of the last move, from and to.
    pub last_move: Option<(usize, usize)>,
    /// Plies played.
    pub n_plies: usize,
    /// Whether the game is over.
    pub finished: bool,
}

/// The boards of a run, replayed from the moves on the timeline, and the index of the
/// board where the grandmaster moved last. Boards up to `n_boards` whose game has not begun
/// (no lane yet) stand at the starting position, so the page can draw every board before the
/// run's clock starts.
pub fn board_views(timeline: &Timeline, n_boards: usize) -> (Vec<BoardView>, Option<usize>) {
    BoardReplay::default().views(timeline, n_boards)
}

/// [`board_views`] kept from redraw to redraw: each call replays only the moves recorded since
/// the one before, so a live run's redraw costs its boards, not every move played so far. Given
/// another timeline (a new run, or the cursor moved back), it starts again.
#[derive(Clone, Debug, Default)]
pub struct BoardReplay {
    /// One per board lane, in the order of the lanes.
    boards: Vec<ReplayedBoard>,
    /// Events taken in, and the first and last of them, to notice another timeline.
    n_events: usize,
    first_event: Option<Event>,
    last_event: Option<Event>,
    /// Plies the last call replayed (what its cost follows).
    n_played: usize,
}

/// A board lane's game as replayed so far.
#[derive(Clone, Debug)]
struct ReplayedBoard {
    lane: LaneId,
    board: ReplayBoard,
    view: BoardView,
    /// When the grandmaster last moved here, in ms.
    last_gm_move_ms: f64,
}

impl BoardReplay {
    /// What [`board_views`] gives for `timeline`, replaying only what is new.
    pub fn views(&mut self, timeline: &Timeline, n_boards: usize) -> (Vec<BoardView>, Option<usize>) {
        if !self.continues(timeline) {
            *self = Self::default();
        }
        let start = diagram_squares(&ReplayBoard::default());
        // Lanes are only added, so the boards taken in are the first board lanes.
        let lanes = timeline.lanes.iter().filter(|lane| lane.name.starts_with("board "));
        for lane in lanes.skip(self.boards.len()) {
            self.boards.push(ReplayedBoard {
                lane: lane.id,
                board: ReplayBoard::default(),
                view: BoardView {
                    name: lane.name.to_string(),
                    squares: start.clone(),
                    last_move: None,
                    n_plies: 0,
                    finished: false,
                },
                last_gm_move_ms: f64::NEG_INFINITY,
            });
        }
        let mut changed = vec![false; self.boards.len()];
        self.n_played = 0;
        for event in timeline.events().iter_from(self.n_events) {
            let EventKind::Move { uci, by_grandmaster } = &event.kind else { continue };
            let Some(index) = self.boards.iter().position(|board| board.lane == event.lane) else { continue };
            let replayed = &mut self.boards[index];
            let Some((from, to)) = replayed.board.play(uci) else { continue };
            replayed.view.n_plies += 1;
            replayed.view.last_move = Some((display_index(from), display_index(to)));
            self.n_played += 1;
            if *by_grandmaster {
                replayed.last_gm_move_ms = replayed.last_gm_move_ms.max(event.at_ms);
            }
            changed[index] = true;
        }
        self.n_events = timeline.events().len();
        self.first_event = timeline.events().first().cloned();
        self.last_event = timeline.events().last().cloned();
        let mut gm_board = None;
        let mut last_gm_move_ms = f64::NEG_INFINITY;
        for (index, (replayed, changed)) in self.boards.iter_mut().zip(changed).enumerate() {
            if changed {
                replayed.view.squares = diagram_squares(&replayed.board);
            }
            replayed.view.finished = timeline.lane(replayed.lane).is_some_and(|lane| lane.ended_ms.is_some());
            // The board she moved on last, of those still playing; a later board wins a tie.
            let moved_ms = replayed.last_gm_move_ms;
            if !replayed.view.finished && moved_ms.is_finite() && moved_ms >= last_gm_move_ms {
                last_gm_move_ms = moved_ms;
                gm_board = Some(index);
            }
        }
        let mut views: Vec<BoardView> = self.boards.iter().map(|replayed| replayed.view.clone()).collect();
        for number in 1..=n_boards {
            let name = format!("board {number}");
            if views.iter().all(|view| view.name != name) {
                views.push(BoardView {
                    name,
                    squares: start.clone(),
                    last_move: None,
                    n_plies: 0,
                    finished: false,
                });
            }
        }
        (views, gm_board)
    }

    /// Whether `timeline` carries on from what was taken in: at least as many events, the
    /// first and the last taken in unchanged, and every board's lane still a board.
    fn continues(&self, timeline: &Timeline) -> bool {
        timeline.events().len() >= self.n_events
            && timeline.events().first() == self.first_event.as_ref()
            && self.n_events.checked_sub(1).and_then(|last| timeline.events().get(last))
                == self.last_event.as_ref()
            && self
                .boards
                .iter()
                .all(|board| timeline.lane(board.lane).is_some_and(|lane| *lane.name == *board.view.name))
    }
}

/// The 64 squares of `board` as [`BoardView::squares`] holds them.
fn diagram_squares(board: &ReplayBoard) -> Vec<char> {
    (0..64).map(|index| symbol(board.piece(display_square(index)))).collect()
}

/// Index of square `square` (a1 = 0) when drawn from a8 (top left) to h1 (bottom right).
fn display_index(square: usize) -> usize {
    let (file, rank) = (square % 8, square / 8);
    (7 - rank) * 8 + file
}

/// The square drawn at `index`, the inverse of [`display_index`].
fn display_square(index: usize) -> usize {
    let (row, file) = (index / 8, index % 8);
    (7 - row) * 8 + file
}

fn symbol(piece: Option<crate::chess_board::ReplayPiece>) -> char {
    let Some(piece) = piece else { return ' ' };
    match (piece.kind, piece.white) {
        ('K', true) => '♔',
        ('Q', true) => '♕',
        ('R', true) => '♖',
        ('B', true) => '♗',
        ('N', true) => '♘',
        ('P', true) => '♙',
        ('K', false) => '♚',
        ('Q', false) => '♛',
        ('R', false) => '♜',
        ('B', false) => '♝',
        ('N', false) => '♞',
        ('P', false) => '♟',
        _ => '?',
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::moment::timeline_until;
    use crate::run_virtual;

    fn exhibition(seed: u64) -> Timeline {
        let params =
            ChessParams { n_opponents: 6, gm_move_ms: 5.0, opponent_move_ms: 40.0, n_move_pairs: 8, seed };
        let games = crate::chess_games::plan_games(params.seed, params.n_opponents, params.n_move_pairs);
        run_virtual("main", move |ctx| run(ctx, params, ChessMode::Async, games)).timeline
    }

    #[test]
    fn boards_kept_from_redraw_to_redraw_show_what_a_fresh_replay_shows() {
        let timeline = exhibition(5);
        let end_ms = timeline.end_ms();
        let mut replay = BoardReplay::default();
        let mut n_played = 0;
        // As a live run grows, frame by frame.
        for step in 0..=200 {
            let live = timeline_until(&timeline, end_ms * f64::from(step) / 200.0);
            assert_eq!(replay.views(&live, 6), board_views(&live, 6), "step {step}");
            n_played += replay.n_played;
            assert!(replay.n_played <= 12, "step {step} replayed {} plies", replay.n_played);
        }
        // Each ply was replayed once: 6 games of 8 move pairs.
        assert_eq!(n_played, 6 * 8 * 2);
        // The cursor goes back, and another run comes: each starts again.
        let earlier = timeline_until(&timeline, end_ms / 3.0);
        assert_eq!(replay.views(&earlier, 6), board_views(&earlier, 6));
        let other = exhibition(6);
        assert_ne!(board_views(&other, 6), board_views(&timeline, 6));
        assert_eq!(replay.views(&other, 6), board_views(&other, 6));
        assert_eq!(replay.views(&Timeline::default(), 6), board_views(&Timeline::default(), 6));
    }
}
