//! The grandmaster's simultaneous exhibition: one player who thinks on the main thread
//! against many opponents who think concurrently.

use futures::channel::{mpsc, oneshot};
use futures::StreamExt;

use crate::chess_board::ReplayBoard;
use crate::chess_games::PlannedGame;
use crate::ctx::Ctx;
use crate::timeline::{EventKind, Timeline};

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
    let mut views = Vec::new();
    let mut gm_board = None;
    let mut last_gm_move_ms = f64::NEG_INFINITY;
    for lane in timeline.lanes.iter().filter(|lane| lane.name.starts_with("board ")) {
        let mut board = ReplayBoard::default();
        let mut view = BoardView {
            name: lane.name.to_string(),
            squares: Vec::new(),
            last_move: None,
            n_plies: 0,
            finished: lane.ended_ms.is_some(),
        };
        for event in timeline.events.iter().filter(|event| event.lane == lane.id) {
            let EventKind::Move { uci, by_grandmaster } = &event.kind else { continue };
            let Some((from, to)) = board.play(uci) else { continue };
            view.n_plies += 1;
            view.last_move = Some((display_index(from), display_index(to)));
            if *by_grandmaster && event.at_ms >= last_gm_move_ms && !view.finished {
                last_gm_move_ms = event.at_ms;
                gm_board = Some(views.len());
            }
        }
        view.squares = diagram_squares(&board);
        views.push(view);
    }
    let start = diagram_squares(&ReplayBoard::default());
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
