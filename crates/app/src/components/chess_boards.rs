//! The exhibition's boards: every game as it is played, the grandmaster's board marked.

use std::rc::Rc;

use playground_core::scenarios::chess::{board_views, BoardView};
use playground_core::Timeline;
use yew::prelude::*;

/// Props of [`ChessBoards`].
#[derive(Properties, PartialEq)]
pub struct ChessBoardsProps {
    /// The run's timeline; the boards are replayed from its moves.
    pub timeline: Rc<Timeline>,
}

/// A small board per opponent.
#[function_component(ChessBoards)]
pub fn chess_boards(props: &ChessBoardsProps) -> Html {
    let (boards, gm_board) = board_views(&props.timeline);
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

/// One board; it redraws only when its own game changes.
#[function_component(MiniBoard)]
fn mini_board(props: &MiniBoardProps) -> Html {
    let board = &props.board;
    let (from, to) = board.last_move.map_or((usize::MAX, usize::MAX), |(from, to)| (from, to));
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
            <div class="squares" role="img" aria-label={format!("{} after {} moves", board.name, board.n_plies)}>
                { for board.squares.iter().enumerate().map(|(index, piece)| {
                    let dark = (index / 8 + index % 8) % 2 == 1;
                    let moved = index == from || index == to;
                    html! {
                        <span class={classes!("sq", dark.then_some("dark"), moved.then_some("moved"))}>{ *piece }</span>
                    }
                }) }
            </div>
            <figcaption>{ format!("{} · {} plies", board.name, board.n_plies) }<span class="status">{ status }</span></figcaption>
        </figure>
    }
}
