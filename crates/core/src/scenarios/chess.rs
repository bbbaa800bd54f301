//! The grandmaster's simultaneous exhibition: one player who thinks on the main thread
//! against many opponents who think concurrently.

use cozy_chess::{Board, Color, GameStatus, Move, Piece, Square};
use futures::channel::{mpsc, oneshot};
use futures::StreamExt;

use crate::ctx::Ctx;
use crate::rng::SeededRng;
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

/// A board asks the grandmaster for a move.
struct MoveRequest {
    board: Board,
    choice: u64,
    reply: oneshot::Sender<Move>,
}

/// Runs the exhibition in `mode`; this is the main task.
pub async fn run(ctx: Ctx, params: ChessParams, mode: ChessMode) {
    let (requests, inbox) = mpsc::unbounded::<MoveRequest>();
    let gm_move_ms = params.gm_move_ms;
    let grandmaster = ctx.spawn("grandmaster", move |ctx| grandmaster(ctx, inbox, gm_move_ms));
    let boards = (1..=params.n_opponents).map(|number| {
        let (requests, params) = (requests.clone(), params.clone());
        move |ctx: Ctx| play_board(ctx, number, params, requests)
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
        let chosen = ctx.compute_for(gm_move_ms, || pick_move(&request.board, request.choice));
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
    requests: mpsc::UnboundedSender<MoveRequest>,
) -> u32 {
    let mut rng = SeededRng::new(params.seed.wrapping_mul(1000).wrapping_add(u64::from(number)));
    let mut board = Board::startpos();
    for pair in 1..=params.n_move_pairs {
        let (reply, answer) = oneshot::channel();
        let request = MoveRequest { board: board.clone(), choice: rng.next_u64(), reply };
        if requests.unbounded_send(request).is_err() {
            break;
        }
        let Ok(gm_move) = ctx.wait(answer).await else {
            break;
        };
        if play(&ctx, &mut board, gm_move, true) {
            return finish(&ctx, number, &board, pair);
        }
        ctx.sleep(params.opponent_move_ms).await;
        let Some(reply_move) = pick_move(&board, rng.next_u64()) else {
            break;
        };
        if play(&ctx, &mut board, reply_move, false) {
            return finish(&ctx, number, &board, pair);
        }
    }
    finish(&ctx, number, &board, params.n_move_pairs)
}
// endregion

/// Plays `chosen` on `board` and records it; true if the game is over.
fn play(ctx: &Ctx, board: &mut Board, chosen: Move, by_grandmaster: bool) -> bool {
    board.play_unchecked(chosen);
    ctx.record_event(EventKind::Move { uci: chosen.to_string(), by_grandmaster });
    board.status() != GameStatus::Ongoing
}

fn finish(ctx: &Ctx, number: u32, board: &Board, n_pairs: u32) -> u32 {
    let how = match board.status() {
        GameStatus::Won => "checkmate",
        GameStatus::Drawn => "stalemate",
        GameStatus::Ongoing => "game adjourned",
    };
    ctx.print(format!("Board {number}: {how} after {n_pairs} moves"));
    n_pairs
}

/// Picks a legal move with `choice`, preferring moves after which the game goes on.
pub fn pick_move(board: &Board, choice: u64) -> Option<Move> {
    let mut moves = Vec::new();
    board.generate_moves(|piece_moves| {
        moves.extend(piece_moves);
        false
    });
    let ongoing: Vec<Move> = moves
        .iter()
        .copied()
        .filter(|&candidate| {
            let mut after = board.clone();
            after.play_unchecked(candidate);
            after.status() == GameStatus::Ongoing
        })
        .collect();
    let pool = if ongoing.is_empty() { &moves } else { &ongoing };
    (!pool.is_empty()).then(|| pool[(choice % pool.len() as u64) as usize])
}

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
/// board where the grandmaster moved last.
pub fn board_views(timeline: &Timeline) -> (Vec<BoardView>, Option<usize>) {
    let mut views = Vec::new();
    let mut gm_board = None;
    let mut last_gm_move_ms = f64::NEG_INFINITY;
    for lane in timeline.lanes.iter().filter(|lane| lane.name.starts_with("board ")) {
        let mut board = Board::startpos();
        let mut view = BoardView {
            name: lane.name.clone(),
            squares: Vec::new(),
            last_move: None,
            n_plies: 0,
            finished: lane.ended_ms.is_some(),
        };
        for event in timeline.events.iter().filter(|event| event.lane == lane.id) {
            let EventKind::Move { uci, by_grandmaster } = &event.kind else {
                continue;
            };
            let Ok(played) = uci.parse::<Move>() else {
                continue;
            };
            if board.try_play(played).is_err() {
                continue;
            }
            view.n_plies += 1;
            view.last_move = Some((display_index(played.from), display_index(played.to)));
            if *by_grandmaster && event.at_ms >= last_gm_move_ms && !view.finished {
                last_gm_move_ms = event.at_ms;
                gm_board = Some(views.len());
            }
        }
        view.squares = Square::ALL
            .iter()
            .map(|&square| (display_index(square), symbol(&board, square)))
            .fold(vec![' '; 64], |mut squares, (index, piece)| {
                squares[index] = piece;
                squares
            });
        views.push(view);
    }
    (views, gm_board)
}

/// Index of `square` when drawn from a8 (top left) to h1 (bottom right).
fn display_index(square: Square) -> usize {
    let index = square as usize;
    let (file, rank) = (index % 8, index / 8);
    (7 - rank) * 8 + file
}

fn symbol(board: &Board, square: Square) -> char {
    let (Some(piece), Some(color)) = (board.piece_on(square), board.color_on(square)) else {
        return ' ';
    };
    let white = color == Color::White;
    match (piece, white) {
        (Piece::King, true) => '♔',
        (Piece::Queen, true) => '♕',
        (Piece::Rook, true) => '♖',
        (Piece::Bishop, true) => '♗',
        (Piece::Knight, true) => '♘',
        (Piece::Pawn, true) => '♙',
        (Piece::King, false) => '♚',
        (Piece::Queen, false) => '♛',
        (Piece::Rook, false) => '♜',
        (Piece::Bishop, false) => '♝',
        (Piece::Knight, false) => '♞',
        (Piece::Pawn, false) => '♟',
    }
}
