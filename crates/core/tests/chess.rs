//! The simultaneous exhibition on the virtual clock.

use cozy_chess::util::{display_uci_move, parse_uci_move};
use cozy_chess::Board;
use playground_core::chess_board::{GameStatus, Position, ReplayBoard};
use playground_core::chess_games;
use playground_core::scenarios::chess::{self, board_views, ChessMode, ChessParams};
use playground_core::{run_virtual, EventKind, SeededRng, SegmentKind, Timeline};
use std::collections::BTreeMap;

fn run(params: &ChessParams, mode: ChessMode) -> (f64, Timeline) {
    let params = params.clone();
    let games = chess_games::plan_games(params.seed, params.n_opponents, params.n_move_pairs);
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
    let (sync_boards, _) = board_views(&sync, 5);
    let (async_boards, _) = board_views(&concurrent, 5);
    assert_eq!(sync_boards.len(), 5);
    assert_eq!(sync_boards, async_boards);
    for lane in sync.lanes.iter().filter(|lane| lane.name.starts_with("board ")) {
        let mut board = Board::startpos();
        let mut n_plies = 0;
        for event in sync.events().iter().filter(|event| event.lane == lane.id) {
            if let EventKind::Move { uci, by_grandmaster } = &event.kind {
                let played = parse_uci_move(&board, uci).expect("a UCI move");
                assert!(board.try_play(played).is_ok(), "{} plays an illegal {uci}", lane.name);
                assert_eq!(*by_grandmaster, n_plies % 2 == 0, "the grandmaster has White");
                n_plies += 1;
            }
        }
        assert_eq!(n_plies, 60, "{}", lane.name);
    }
    let other_seed = ChessParams { seed: 2, ..params };
    let (_, other) = run(&other_seed, ChessMode::Sync);
    assert_ne!(board_views(&other, 5).0, sync_boards);
}

#[test]
fn the_grandmasters_thinking_never_overlaps_and_is_all_on_her_lane() {
    let params = ChessParams::default();
    let (_, timeline) = run(&params, ChessMode::Async);
    assert_eq!(timeline.time_in("grandmaster", SegmentKind::Running), 10.0 * 10.0 * 10.0);
    // Her thinking is all the run does on the main thread.
    assert_eq!(timeline.main_thread_ms(), 10.0 * 10.0 * 10.0);
    let mut running: Vec<(f64, f64)> = timeline
        .lanes
        .iter()
        .flat_map(|lane| lane.segments.iter())
        .filter(|segment| segment.kind == SegmentKind::Running)
        .map(|segment| (segment.start_ms, segment.end_ms.unwrap_or(segment.start_ms)))
        .collect();
    running.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(running.windows(2).all(|pair| pair[0].1 <= pair[1].0));
    // A lane for the grandmaster and one per board, besides main.
    assert_eq!(timeline.lanes.len(), 12);
    let (boards, gm_board) = board_views(&timeline, 10);
    assert!(boards.iter().all(|board| board.finished && board.n_plies == 20));
    assert_eq!(gm_board, None, "every game is over");
}

#[test]
fn the_page_replays_planned_games_exactly_as_the_move_generator_plays_them() {
    let mut n_endings = 0;
    for seed in 0..40 {
        let game = &chess_games::plan_games(seed, 1, 60)[0];
        let mut engine = Board::startpos();
        let mut replay = ReplayBoard::default();
        for uci in &game.moves {
            let played = parse_uci_move(&engine, uci).expect("a UCI move");
            assert!(engine.try_play(played).is_ok(), "seed {seed}: illegal {uci}");
            assert!(replay.play(uci).is_some(), "seed {seed}: {uci}");
            assert_eq!(replay.diagram(), diagram(&engine), "seed {seed} after {uci}");
        }
        // The game ends early exactly when cozy-chess sees checkmate or stalemate.
        let expected = match engine_status(&engine) {
            GameStatus::Ongoing => None,
            GameStatus::Checkmate => Some("checkmate"),
            GameStatus::Stalemate => Some("stalemate"),
        };
        assert_eq!(game.ending.as_deref(), expected, "seed {seed}");
        assert_eq!(game.moves.len() == 120, expected.is_none(), "seed {seed}");
        n_endings += usize::from(expected.is_some());
    }
    assert!(n_endings < 40, "most games go the distance");
}

/// Start positions for random games: the usual one and the perft suite's tricky ones, which
/// have castling, en passant, promotions and pins close at hand.
const STARTS: [&str; 6] = [
    "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1",
    "r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1",
    "8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 0 1",
    "r3k2r/Pppp1ppp/1b3nbN/nP6/BBP1P3/q4N2/Pp1P2PP/R2Q1RK1 w kq - 0 1",
    "rnbq1k1r/pp1Pbppp/2p5/8/2B5/8/PPP1NnPP/RNBQK2R w KQ - 1 8",
    "rnbqkbnr/ppp1p1pp/8/3pPp2/8/8/PPPP1PPP/RNBQKBNR w KQkq f6 0 3",
];

#[test]
fn the_move_generator_agrees_with_cozy_chess_along_random_games() {
    let mut n_positions = 0;
    let (mut n_played, mut n_ends) = (BTreeMap::new(), BTreeMap::new());
    for (start, fen) in STARTS.iter().enumerate() {
        for game in 0..30 {
            let mut rng = SeededRng::new(start as u64 * 1000 + game);
            let mut position = Position::from_fen(fen).expect("a valid FEN");
            let mut engine: Board = fen.parse().expect("a valid FEN");
            for ply in 0..150 {
                let at = format!("{fen}, game {game}, ply {ply}: {engine}");
                let moves = position.legal_moves();
                let mut sorted = moves.clone();
                sorted.sort();
                assert_eq!(sorted, engine_moves(&engine), "{at}");
                assert_eq!(position.status(), engine_status(&engine), "{at}");
                assert_eq!(position.in_check(), !engine.checkers().is_empty(), "{at}");
                assert_eq!(
                    position.white_to_move(),
                    engine.side_to_move() == cozy_chess::Color::White,
                    "{at}"
                );
                n_positions += 1;
                if moves.is_empty() {
                    *n_ends.entry(format!("{:?}", position.status())).or_insert(0) += 1;
                    break;
                }
                // Half the time, play a castling, en passant or promotion when there is one, to
                // see more of the positions after them.
                let specials: Vec<&String> =
                    moves.iter().filter(|uci| special(&position, uci).is_some()).collect();
                let chosen = match rng.below(2) {
                    0 if !specials.is_empty() => specials[rng.below(specials.len())],
                    _ => &moves[rng.below(moves.len())],
                };
                if let Some(kind) = special(&position, chosen) {
                    *n_played.entry(kind).or_insert(0) += 1;
                }
                let played = parse_uci_move(&engine, chosen).expect("a UCI move");
                assert!(engine.try_play(played).is_ok(), "{at}: cozy-chess refuses {chosen}");
                assert!(position.play(chosen).is_some(), "{at}: {chosen}");
                assert_eq!(position.board().diagram(), diagram(&engine), "{at} after {chosen}");
            }
        }
    }
    assert!(n_positions > 10_000, "{n_positions} positions");
    for kind in ["castling", "en passant", "promotion"] {
        assert!(n_played.get(kind).is_some_and(|&n| n >= 25), "{kind}: {n_played:?}");
    }
    for ending in ["Checkmate", "Stalemate"] {
        assert!(n_ends.contains_key(ending), "{ending}: {n_ends:?}");
    }
}

#[test]
fn perft_counts_match_the_published_ones() {
    // (FEN, depth, leaf positions) from the Chess Programming Wiki's perft results.
    let cases = [
        (STARTS[0], 1, 20),
        (STARTS[0], 2, 400),
        (STARTS[0], 3, 8_902),
        (STARTS[1], 1, 48),
        (STARTS[1], 2, 2_039),
        (STARTS[1], 3, 97_862),
        (STARTS[2], 4, 43_238),
        (STARTS[3], 3, 9_467),
        (STARTS[4], 3, 62_379),
    ];
    for (fen, depth, expected) in cases {
        let position = Position::from_fen(fen).expect("a valid FEN");
        assert_eq!(perft(&position, depth), expected, "{fen} to depth {depth}");
    }
    let kiwipete = Position::from_fen("r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq -");
    assert_eq!(kiwipete.map(|position| perft(&position, 2)), Ok(2_039), "the short FEN form");
}

#[test]
fn checkmate_stalemate_and_the_castling_rules_are_recognised() {
    let status = |fen: &str| Position::from_fen(fen).map(|position| (position.status(), position.in_check()));
    let fools_mate = "rnb1kbnr/pppp1ppp/8/4p3/6Pq/5P2/PPPPP2P/RNBQKBNR w KQkq - 1 3";
    assert_eq!(status(fools_mate), Ok((GameStatus::Checkmate, true)));
    assert_eq!(status("7k/5Q2/6K1/8/8/8/8/8 b - - 0 1"), Ok((GameStatus::Stalemate, false)));
    assert_eq!(status("7k/8/6K1/8/8/8/8/5Q2 b - - 0 1"), Ok((GameStatus::Ongoing, false)));
    let castlings = |fen: &str| {
        let moves = Position::from_fen(fen).map(|position| position.legal_moves()).unwrap_or_default();
        ["e1g1", "e1c1"]
            .into_iter()
            .filter(|castling| moves.iter().any(|uci| uci == castling))
            .collect::<Vec<_>>()
    };
    assert_eq!(castlings("r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1"), ["e1g1", "e1c1"]);
    assert_eq!(castlings("r3k2r/8/8/8/8/8/8/R3K2R w Kq - 0 1"), ["e1g1"], "rights");
    assert_eq!(castlings("r3k2r/8/8/8/8/8/8/R3K1NR w KQkq - 0 1"), ["e1c1"], "a piece between");
    assert_eq!(castlings("r3k2r/8/8/8/8/8/8/RN2K2R w KQkq - 0 1"), ["e1g1"], "b1 occupied");
    assert_eq!(castlings("r3kr2/8/8/8/8/8/8/R3K2R w KQq - 0 1"), ["e1c1"], "through check");
    assert_eq!(castlings("r3k1r1/8/8/8/8/8/8/R3K2R w KQq - 0 1"), ["e1c1"], "into check");
    assert_eq!(castlings("r1r1k3/8/8/8/8/8/8/R3K2R w KQ - 0 1"), ["e1g1"], "into check on c1");
    assert_eq!(castlings("1r2k3/8/8/8/8/8/8/R3K2R w KQ - 0 1"), ["e1g1", "e1c1"], "b1 attacked");
    assert!(castlings("4r1k1/8/8/8/8/8/8/R3K2R w KQ - 0 1").is_empty(), "out of check");
    // Moving the rook away and back loses the right.
    let mut position = Position::from_fen("4k3/8/8/8/8/8/8/R3K2R w KQ - 0 1").expect("a valid FEN");
    for uci in ["h1h2", "e8d8", "h2h1", "d8e8"] {
        assert!(position.play(uci).is_some(), "{uci}");
    }
    assert!(!position.legal_moves().contains(&"e1g1".to_string()));
    assert!(position.legal_moves().contains(&"e1c1".to_string()));
}

#[test]
fn en_passant_lasts_one_move_and_respects_pins() {
    let mut position = Position::default();
    for uci in ["e2e4", "a7a6", "e4e5", "d7d5"] {
        assert!(position.play(uci).is_some(), "{uci}");
    }
    assert!(position.legal_moves().contains(&"e5d6".to_string()));
    let mut waited = position.clone();
    for uci in ["a2a3", "a6a5"] {
        assert!(waited.play(uci).is_some(), "{uci}");
    }
    assert!(!waited.legal_moves().contains(&"e5d6".to_string()), "the chance is gone");
    assert_eq!(position.play("e5d6"), Some((36, 43)));
    assert_eq!(position.board().piece(35), None, "the pawn taken en passant is gone");
    // Taking en passant would clear the rank between the king on a5 and the rook on h5.
    let pinned = Position::from_fen("8/8/8/KPp4r/8/8/8/4k3 w - c6 0 1").expect("a valid FEN");
    assert!(!pinned.legal_moves().contains(&"b5c6".to_string()));
}

#[test]
fn promotions_offer_all_four_pieces_and_illegal_moves_are_refused() {
    let mut position = Position::from_fen("8/P6k/8/8/8/8/8/K7 w - - 0 1").expect("a valid FEN");
    let promotions: Vec<String> = position.legal_moves().into_iter().filter(|uci| uci.len() == 5).collect();
    assert_eq!(promotions, ["a7a8q", "a7a8r", "a7a8b", "a7a8n"]);
    for illegal in ["a7a8", "a7a8k", "a1a3", "h7h6", "", "a7", "z9z9q", "a7a8qq"] {
        let before = position.clone();
        assert_eq!(position.play(illegal), None, "{illegal:?}");
        assert_eq!(position, before, "{illegal:?} leaves the position as it was");
    }
    assert_eq!(position.play("a7a8n"), Some((48, 56)));
    assert_eq!(position.board().piece(56).map(|piece| piece.kind), Some('N'));
}

#[test]
fn malformed_fen_is_refused_with_a_reason() {
    let cases = [
        ("", "at least 4 fields"),
        ("8/8/8/8/8/8/8/8 w - -", "White has 0 kings"),
        ("4k3/8/8/8/8/8/8/4K3 x - -", "side to move"),
        ("4k3/8/8/8/8/8/8 w - -", "7 ranks"),
        ("4k3/8/8/8/8/8/8/4K3p w - -", "more than 8 squares"),
        ("4k3/8/8/8/8/8/8/4K2 w - -", "7 squares"),
        ("4k3/8/8/8/8/8/8/4X3 w - -", "unknown piece"),
        ("4k3/8/8/8/8/8/8/4K3 w K -", "castling right 'K'"),
        ("4k3/8/8/8/8/8/8/4K2R w X -", "unknown castling right"),
        ("4k3/8/8/8/8/8/8/4K3 w - e6", "does not follow a double pawn push"),
        ("4k3/8/8/8/8/8/8/4K3 w - e9", "not a square"),
        ("4k3/8/8/8/8/8/8/4K3 w - - 0 1 2", "at most 6 fields"),
    ];
    for (fen, reason) in cases {
        let refused = Position::from_fen(fen).map(|_| ()).map_err(|error| error.to_string());
        assert!(refused.as_ref().is_err_and(|message| message.contains(reason)), "{fen:?}: {refused:?}");
    }
    assert!(Position::from_fen("4k3/8/8/4pP2/8/8/8/4K3 w - e6 0 1").is_ok());
}

/// The number of move sequences of `depth` plies from `position`.
fn perft(position: &Position, depth: u32) -> u64 {
    let moves = position.legal_moves();
    if depth <= 1 {
        return if depth == 1 { moves.len() as u64 } else { 1 };
    }
    moves
        .iter()
        .map(|uci| {
            let mut after = position.clone();
            assert!(after.play(uci).is_some(), "{uci}");
            perft(&after, depth - 1)
        })
        .sum()
}

/// cozy-chess's legal moves in standard UCI (castling as the king's move), sorted.
fn engine_moves(board: &Board) -> Vec<String> {
    let mut moves = Vec::new();
    board.generate_moves(|piece_moves| {
        moves.extend(piece_moves.into_iter().map(|played| display_uci_move(board, played).to_string()));
        false
    });
    moves.sort();
    moves
}

/// cozy-chess's verdict on a position, without the fifty-move rule, which [`Position`] leaves out.
fn engine_status(board: &Board) -> GameStatus {
    match (board.generate_moves(|_| true), board.checkers().is_empty()) {
        (true, _) => GameStatus::Ongoing,
        (false, false) => GameStatus::Checkmate,
        (false, true) => GameStatus::Stalemate,
    }
}

/// Which special move the legal move `uci` of `position` is, if any.
fn special(position: &Position, uci: &str) -> Option<&'static str> {
    let square = |name: &[u8]| usize::from(name[1] - b'1') * 8 + usize::from(name[0] - b'a');
    let (from, to) = (square(&uci.as_bytes()[0..2]), square(&uci.as_bytes()[2..4]));
    let kind = position.board().piece(from)?.kind;
    let onto_empty = position.board().piece(to).is_none();
    if kind == 'K' && from.abs_diff(to) == 2 {
        Some("castling")
    } else if kind == 'P' && from % 8 != to % 8 && onto_empty {
        Some("en passant")
    } else if uci.len() == 5 {
        Some("promotion")
    } else {
        None
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

#[test]
fn a_game_ending_move_is_picked_only_when_every_move_ends_the_game() {
    // White mates with Qc8 and stalemates with Qc7; every other move lets the game go on.
    let position = Position::from_fen("k7/8/1K6/8/8/8/8/2Q5 w - -").expect("a legal position");
    let n_moves = position.legal_moves().len() as u64;
    assert!(position.legal_moves().iter().any(|uci| uci == "c1c8"));
    for choice in 0..3 * n_moves {
        let chosen = chess_games::pick_move(&position, choice).expect("a legal move");
        assert!(chosen != "c1c8" && chosen != "c1c7", "choice {choice} picked {chosen}");
    }
}

#[test]
fn boards_whose_game_has_not_begun_stand_at_the_starting_position() {
    let (before_the_run, gm_board) = board_views(&Timeline::default(), 3);
    assert_eq!(gm_board, None);
    let names: Vec<&str> = before_the_run.iter().map(|board| board.name.as_str()).collect();
    assert_eq!(names, ["board 1", "board 2", "board 3"]);
    for board in &before_the_run {
        let rows: Vec<String> = board.squares.chunks(8).map(|row| row.iter().collect()).collect();
        assert_eq!(rows[0], "♜♞♝♛♚♝♞♜", "{}: Black's back rank at the top", board.name);
        assert_eq!(rows[7], "♖♘♗♕♔♗♘♖", "{}: White's at the bottom", board.name);
        assert_eq!((board.n_plies, board.last_move, board.finished), (0, None, false));
    }
    // Two boards played, five asked for: the three others wait at the start, in order.
    let params = ChessParams { n_opponents: 2, n_move_pairs: 3, ..ChessParams::default() };
    let (_, timeline) = run(&params, ChessMode::Sync);
    let (boards, _) = board_views(&timeline, 5);
    let plies: Vec<(&str, usize)> = boards.iter().map(|board| (board.name.as_str(), board.n_plies)).collect();
    assert_eq!(plies, [("board 1", 6), ("board 2", 6), ("board 3", 0), ("board 4", 0), ("board 5", 0)]);
    assert_eq!(boards[2], before_the_run[2]);
}
