//! The exhibition's boards: every game as it is played, the grandmaster's board marked.

use std::rc::Rc;

use playground_core::decimal::Dec;
use playground_core::scenarios::chess::{BoardReplay, BoardView};
use playground_core::Timeline;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::browser;

/// Props of [`ChessBoards`].
#[derive(Properties, PartialEq)]
pub struct ChessBoardsProps {
    /// The run's timeline; the boards are replayed from its moves.
    pub timeline: Rc<Timeline>,
    /// Boards in the exhibition: those whose game has not begun are drawn at the start.
    pub n_boards: usize,
}

/// A small board per opponent.
#[function_component(ChessBoards)]
pub fn chess_boards(props: &ChessBoardsProps) -> Html {
    // Mounted before the run's clock starts: the page's first drawing of chess symbols makes
    // the browser look for a font that has them (1-3 ms, measured), so that happens now.
    use_effect_with((), |_| warm_glyphs());
    // Every board is drawn when the session is shown, before the run's clock starts; during
    // the run only the squares that moves change are painted again.
    // Kept from redraw to redraw: a live run's redraw replays only the moves since the last.
    let replay = use_mut_ref(BoardReplay::default);
    let (boards, gm_board) = replay.borrow_mut().views(&props.timeline, props.n_boards);
    html! {
        <div class="chess-boards" data-testid="chess-boards">
            { for boards.into_iter().enumerate().map(|(index, board)| html! {
                <MiniBoard board={board} at_grandmaster={gm_board == Some(index)} />
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct MiniBoardProps {
    board: BoardView,
    at_grandmaster: bool,
}

/// Side of a drawn board, in canvas pixels.
const BOARD_PX: f64 = 160.0;

/// One board, drawn on a canvas (64 squares as DOM elements per board made every frame that
/// moved a piece cost tens of milliseconds of layout and paint); it redraws only when its own
/// game changes.
#[function_component(MiniBoard)]
fn mini_board(props: &MiniBoardProps) -> Html {
    let board = &props.board;
    let canvas = use_node_ref();
    // What each square shows on the canvas now, so a move repaints only the squares it changed.
    let painted = use_mut_ref(|| None::<[PaintedSquare; 64]>);
    {
        let canvas = canvas.clone();
        use_effect_with(board.clone(), move |board| draw(&canvas, board, &mut painted.borrow_mut()));
    }
    let status = if board.finished {
        "finished"
    } else if props.at_grandmaster {
        "grandmaster here"
    } else {
        ""
    };
    html! {
        <figure class={classes!("mini-board", board.finished.then_some("finished"), props.at_grandmaster.then_some("at-gm"))}
            data-board={board.name.clone()} data-plies={board.n_plies.to_string()}
            data-finished={board.finished.to_string()}>
            <canvas ref={canvas} width={Dec(BOARD_PX).to_string()} height={Dec(BOARD_PX).to_string()} role="img"
                aria-label={format!("{} after {} moves", board.name, board.n_plies)}></canvas>
            <figcaption>{ format!("{} · {} plies", board.name, board.n_plies) }<span class="status">{ status }</span></figcaption>
        </figure>
    }
}

/// Draws every piece symbol once on a canvas of no size, so the font lookup happens now.
fn warm_glyphs() {
    let Some(context) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|canvas| canvas.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        .and_then(|canvas| browser::context_2d(&canvas))
    else {
        return;
    };
    context.set_font(&format!("{:.0}px serif", Dec(BOARD_PX / 8.0 * 0.8)));
    let _ = context.fill_text("♔♕♖♗♘♙♚♛♜♝♞♟", 0.0, 0.0);
}

/// What one square shows: its piece (a space for none) and whether it is part of the last move.
type PaintedSquare = (char, bool);

/// Paints the squares, the last move and the pieces: on a fresh canvas all of them, after
/// that only the squares that changed since `painted`.
fn draw(canvas: &NodeRef, board: &BoardView, painted: &mut Option<[PaintedSquare; 64]>) {
    let Some(context) =
        canvas.cast::<web_sys::HtmlCanvasElement>().and_then(|canvas| browser::context_2d(&canvas))
    else {
        return;
    };
    let square_px = BOARD_PX / 8.0;
    let (from, to) = board.last_move.map_or((usize::MAX, usize::MAX), |(from, to)| (from, to));
    if painted.is_none() {
        // Setting a canvas's font parses it: once per canvas.
        context.set_font(&format!("{:.0}px serif", Dec(square_px * 0.8)));
        context.set_text_align("center");
        context.set_text_baseline("middle");
    }
    let mut now = [(' ', false); 64];
    for (index, square) in now.iter_mut().enumerate() {
        *square = (board.squares.get(index).copied().unwrap_or(' '), index == from || index == to);
    }
    for (index, &(piece, highlighted)) in now.iter().enumerate() {
        if painted.as_ref().is_some_and(|before| before[index] == (piece, highlighted)) {
            continue;
        }
        let (x, y) = ((index % 8) as f64 * square_px, (index / 8) as f64 * square_px);
        let dark = (index / 8 + index % 8) % 2 == 1;
        let colour = match (dark, highlighted) {
            (false, false) => "#eeeed2",
            (true, false) => "#769656",
            (false, true) => "#f6f669",
            (true, true) => "#baca2b",
        };
        context.set_fill_style_str(colour);
        context.fill_rect(x, y, square_px, square_px);
        if piece != ' ' {
            context.set_fill_style_str("#111");
            let _ = context.fill_text(&piece.to_string(), x + square_px / 2.0, y + square_px / 2.0 + 1.0);
        }
    }
    *painted = Some(now);
}
