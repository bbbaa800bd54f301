//! The simultaneous exhibition on the virtual clock.

use cozy_chess::{Board, Move};
use playground_core::scenarios::chess::{self, board_views, ChessMode, ChessParams};
use playground_core::{run_virtual, EventKind, SegmentKind, Timeline};

fn run(params: &ChessParams, mode: ChessMode) -> (f64, Timeline) {
    let params = params.clone();
    let games = chess::plan_games(params.seed, params.n_opponents, params.n_move_pairs);
    let run = run_virtual("main", move |ctx| chess::run(ctx, params, mode, games));
    (run.total_ms, run.timeline)
}

#[test]
fn both_modes_take_the_formulas_totals() {
    let cases = [
        ChessParams::default(),
        ChessParams { n_opponents: 1, ..ChessParams::default() },
        ChessParams { n_opponents: 20, gm_move_ms: 15.0, opponent_move_ms: 50.0, n_move_pairs: 4, seed: 3 },
        ChessParams { n_opponents: 3, gm_move_ms: 5.0, opponent_move_ms: 200.0, n_move_pairs: 6, seed: 9 },
    ];
    for params in cases {
        for mode in [ChessMode::Sync, ChessMode::Async] {
            let (total_ms, _) = run(&params, mode);
            assert!(
                (total_ms - chess::predict_ms(&params, mode)).abs() < 1e-6,
                "{mode:?} {params:?}: {total_ms}"
            );
        }
    }
}

#[test]
fn at_the_defaults_it_is_ten_seconds_against_one() {
    let params = ChessParams::default();
    let (sync_ms, _) = run(&params, ChessMode::Sync);
    let (async_ms, _) = run(&params, ChessMode::Async);
    assert_eq!(sync_ms, 10_000.0);
    assert_eq!(chess::headline_ms(&params, ChessMode::Async), 1000.0);
    // The last opponent still answers after the grandmaster's last move: 90 ms more.
    assert_eq!(async_ms, 1090.0);
}

#[test]
fn the_same_seed_gives_the_same_games_in_both_modes_and_every_move_is_legal() {
    let params = ChessParams { n_opponents: 5, n_move_pairs: 30, ..ChessParams::default() };
    let (_, sync) = run(&params, ChessMode::Sync);
    let (_, concurrent) = run(&params, ChessMode::Async);
    let (sync_boards, _) = board_views(&sync);
    let (async_boards, _) = board_views(&concurrent);
    assert_eq!(sync_boards.len(), 5);
    assert_eq!(sync_boards, async_boards);
    for lane in sync.lanes.iter().filter(|lane| lane.name.starts_with("board ")) {
        let mut board = Board::startpos();
        let mut n_plies = 0;
        for event in sync.events.iter().filter(|event| event.lane == lane.id) {
            if let EventKind::Move { uci, by_grandmaster } = &event.kind {
                let played: Move = uci.parse().expect("a UCI move");
                assert!(board.try_play(played).is_ok(), "{} plays an illegal {uci}", lane.name);
                assert_eq!(*by_grandmaster, n_plies % 2 == 0, "the grandmaster has White");
                n_plies += 1;
            }
        }
        assert_eq!(n_plies, 60, "{}", lane.name);
    }
    let other_seed = ChessParams { seed: 2, ..params };
    let (_, other) = run(&other_seed, ChessMode::Sync);
    assert_ne!(board_views(&other).0, sync_boards);
}

#[test]
fn the_grandmasters_thinking_never_overlaps_and_is_all_on_her_lane() {
    let params = ChessParams::default();
    let (_, timeline) = run(&params, ChessMode::Async);
    assert_eq!(timeline.time_in("grandmaster", SegmentKind::Running), 10.0 * 10.0 * 10.0);
    let mut running: Vec<(f64, f64)> = timeline
        .lanes
        .iter()
        .flat_map(|lane| &lane.segments)
        .filter(|segment| segment.kind == SegmentKind::Running)
        .map(|segment| (segment.start_ms, segment.end_ms.unwrap_or(segment.start_ms)))
        .collect();
    running.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(running.windows(2).all(|pair| pair[0].1 <= pair[1].0));
    // A lane for the grandmaster and one per board, besides main.
    assert_eq!(timeline.lanes.len(), 12);
    let (boards, gm_board) = board_views(&timeline);
    assert!(boards.iter().all(|board| board.finished && board.n_plies == 20));
    assert_eq!(gm_board, None, "every game is over");
}

#[test]
fn the_page_replays_planned_games_exactly_as_the_move_generator_plays_them() {
    use playground_core::scenarios::chess_board::ReplayBoard;
    for seed in 0..40 {
        let game = &chess::plan_games(seed, 1, 60)[0];
        let mut engine = Board::startpos();
        let mut replay = ReplayBoard::default();
        for uci in &game.moves {
            engine.play_unchecked(uci.parse::<Move>().expect("a UCI move"));
            assert!(replay.play(uci).is_some(), "seed {seed}: {uci}");
            assert_eq!(replay.diagram(), diagram(&engine), "seed {seed} after {uci}");
        }
    }
}

/// The engine's board in the replay board's diagram notation.
fn diagram(board: &Board) -> String {
    use cozy_chess::{Color, File, Piece, Rank, Square};
    (0..8)
        .rev()
        .map(|rank| {
            (0..8)
                .map(|file| {
                    let square = Square::new(File::index(file), Rank::index(rank));
                    match (board.piece_on(square), board.color_on(square)) {
                        (Some(piece), Some(color)) => {
                            let letter = match piece {
                                Piece::Pawn => 'p',
                                Piece::Knight => 'n',
                                Piece::Bishop => 'b',
                                Piece::Rook => 'r',
                                Piece::Queen => 'q',
                                Piece::King => 'k',
                            };
                            if color == Color::White {
                                letter.to_ascii_uppercase()
                            } else {
                                letter
                            }
                        }
                        _ => '.',
                    }
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/")
}
