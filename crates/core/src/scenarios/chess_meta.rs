//! The simultaneous exhibition as the shell sees it: metadata, prediction and code views.

use futures::future::LocalBoxFuture;

use super::chess::{self, ChessMode, ChessParams};
use crate::ctx::Ctx;
use crate::decimal::Dec;
use crate::job::{Job, JobOutput};
use crate::params::ParamValues;
use crate::scenario::{
    python_seconds, source_region, CodeAside, CodeView, ModeSpec, ParamKind, ParamSpec, Scenario,
    ScenarioMeta,
};

/// A grandmaster against many opponents, one game at a time or a move at a time. No mode is
/// blocking: she holds the thread for one move at a time (the slider's 200 ms at the most, 2 s
/// in slow motion), and everything else runs between her moves.
pub struct ChessScenario;

const fn count(key: &'static str, label: &'static str, min: f64, max: f64, default: f64) -> ParamSpec {
    ParamSpec::number(key, label, "", (min, max, 1.0), default, false)
}

static META: ScenarioMeta = ScenarioMeta {
    id: "chess",
    title: "A grandmaster's simultaneous exhibition",
    lesson: [
        "A grandmaster plays many opponents. Playing one game to the end before the next, she spends most of her time waiting for opponents to think.",
        "Moving on to the next board while each opponent thinks, she plays them all in little more than one game's time. Her own thinking never overlaps: one head, one thread.",
    ],
    params: &[
        count("n", "Opponents", 1.0, 50.0, 10.0),
        ParamSpec {
            key: "gm",
            label: "Grandmaster's thinking per move (CPU)",
            kind: ParamKind::Number { unit: "ms", min: 0.0, max: 200.0, step: 1.0, default: 10.0, is_delay: true },
            modes: &[],
        },
        ParamSpec {
            key: "opp",
            label: "Opponent's thinking per move (awaited)",
            kind: ParamKind::Number { unit: "ms", min: 0.0, max: 2000.0, step: 5.0, default: 90.0, is_delay: true },
            modes: &[],
        },
        count("moves", "Move pairs per game", 1.0, 60.0, 10.0),
        count("seed", "Seed of the moves", 0.0, 9999.0, 1.0),
    ],
    modes: &[
        ModeSpec { key: "sync", label: "sync", meaning: "One game to the end, then the next: n × moves × (gm + opp)." },
        ModeSpec {
            key: "async",
            label: "async",
            meaning: "A move on each board in turn while the opponents think: moves × max(n × gm, gm + opp).",
        },
    ],
    compare: ["sync", "async"],
};

impl ChessScenario {
    fn mode(key: &str) -> ChessMode {
        if key == "sync" {
            ChessMode::Sync
        } else {
            ChessMode::Async
        }
    }

    /// The parameters behind `values`.
    pub fn params(values: &ParamValues) -> ChessParams {
        ChessParams {
            n_opponents: values.count("n"),
            gm_move_ms: values.number("gm"),
            opponent_move_ms: values.number("opp"),
            n_move_pairs: values.count("moves"),
            seed: u64::from(values.count("seed")),
        }
    }
}

impl Scenario for ChessScenario {
    fn meta(&self) -> &'static ScenarioMeta {
        &META
    }

    fn predict_ms(&self, values: &ParamValues, mode: &str) -> f64 {
        chess::predict_ms(&Self::params(values), Self::mode(mode))
    }

    fn formula(&self, values: &ParamValues, mode: &str) -> Option<String> {
        let params = Self::params(values);
        let (n, moves, gm, opp) =
            (params.n_opponents, params.n_move_pairs, Dec(params.gm_move_ms), Dec(params.opponent_move_ms));
        let seconds = |ms: f64| format!("{:.2} s", Dec(ms / 1000.0));
        Some(match Self::mode(mode) {
            ChessMode::Sync => format!(
                "n × moves × (gm + opp) = {n} × {moves} × ({gm} + {opp}) ms = {}",
                seconds(chess::predict_ms(&params, ChessMode::Sync))
            ),
            ChessMode::Async => {
                let headline = chess::headline_ms(&params, ChessMode::Async);
                let tail = Dec(chess::predict_ms(&params, ChessMode::Async) - headline);
                format!(
                    "moves × max(n × gm, gm + opp) = {moves} × max({n} × {gm}, {gm} + {opp}) ms = {}, plus {tail:.0} ms for the last answers",
                    seconds(headline)
                )
            }
        })
    }

    fn prepare(&self, values: &ParamValues) -> Option<Job> {
        let params = Self::params(values);
        Some(Job::PlanChessGames {
            seed: params.seed,
            n_boards: params.n_opponents,
            n_move_pairs: params.n_move_pairs,
        })
    }

    fn run(
        &self,
        ctx: Ctx,
        values: ParamValues,
        mode: &str,
        prepared: Option<JobOutput>,
    ) -> LocalBoxFuture<'static, ()> {
        let (params, mode) = (Self::params(&values), Self::mode(mode));
        Box::pin(async move {
            match prepared {
                Some(JobOutput::Games(games)) => chess::run(ctx, params, mode, games).await,
                Some(JobOutput::Failed(message)) => {
                    ctx.print(format!("The games could not be planned: {message}"))
                }
                _ => ctx.print("The games were not planned before the run"),
            }
        })
    }

    fn runs_in_editor(&self) -> bool {
        true
    }

    fn code(&self, values: &ParamValues, mode: &str) -> CodeView {
        let source = include_str!(concat!(env!("OUT_DIR"), "/chess.rs"));
        let params = Self::params(values);
        let (gm, opp) = (python_seconds(params.gm_move_ms), python_seconds(params.opponent_move_ms));
        let (n, moves) = (params.n_opponents, params.n_move_pairs);
        let (main, python_mark, region, rust_mark) = match Self::mode(mode) {
            ChessMode::Sync => (
                format!("async def main():\n    # One board at a time: she plays each game to its end before the next.\n    for number in range(1, {n} + 1):\n        await play_board(Board(number))\n"),
                "        await play_board(Board(number))",
                "sync",
                "let _ = ctx.wait(game).await;",
            ),
            ChessMode::Async => (
                format!("async def main():\n    # Every board at once: she moves on while an opponent thinks.\n    await asyncio.gather(*(play_board(Board(number)) for number in range(1, {n} + 1)))\n"),
                "await asyncio.gather(",
                "async",
                "ctx.gather(games).await;",
            ),
        };
        // Self-contained, so it runs as it is in the code tab: a board only keeps its moves,
        // and a move is picked at random, where the page plays legal chess.
        let python = format!(
            "import asyncio\nimport random\nimport time\n\nclass Board:\n    def __init__(self, number):\n        self.number = number\n        self.moves = []\n\n    def push(self, move):\n        self.moves.append(move)\n\ndef pick_move(board):\n    return random.choice([\"e4\", \"d4\", \"Nf3\", \"c4\", \"g3\", \"e5\", \"d5\", \"Nf6\"])\n\ndef grandmaster_move(board):\n    time.sleep({gm})  # thinking holds the only thread\n    return pick_move(board)\n\nasync def play_board(board):\n    for pair in range({moves}):\n        board.push(grandmaster_move(board))\n        await asyncio.sleep({opp})  # the opponent thinks\n        board.push(pick_move(board))\n    print(f\"board {{board.number}}: {{len(board.moves)}} moves played\")\n\n{main}\nasyncio.run(main())"
        );
        let rust = format!(
            "{}\n\n{}\n\n{}",
            source_region(source, region),
            source_region(source, "grandmaster"),
            source_region(source, "board")
        );
        CodeView { python, python_mark, rust, rust_mark }
    }

    fn asides(&self) -> Vec<CodeAside> {
        vec![
            CodeAside { title: "With callbacks", python: PY_CALLBACKS, rust: RS_CALLBACKS },
            CodeAside {
                title: "With a generator that yields at each wait",
                python: PY_GENERATOR,
                rust: RS_GENERATOR,
            },
            CodeAside { title: "With async/await", python: PY_ASYNC, rust: RS_ASYNC },
        ]
    }
}

const PY_CALLBACKS: &str = r#"def play(board, pairs_left, done):
    if pairs_left == 0:
        return done(board)
    board.push(grandmaster_move(board))
    def opponent_moved():
        board.push(pick_move(board))
        play(board, pairs_left - 1, done)
    loop.call_later(OPPONENT_SECONDS, opponent_moved)"#;

const RS_CALLBACKS: &str = r#"fn play(board: Board, pairs_left: u32, done: Rc<dyn Fn(Board)>) {
    if pairs_left == 0 {
        return done(board);
    }
    let mut board = board;
    board.play(grandmaster_move(&board));
    set_timeout(OPPONENT_MS, move || {
        board.play(pick_move(&board));
        play(board, pairs_left - 1, done);
    });
}"#;

const PY_GENERATOR: &str = r#"def play(board, pairs):
    for pair in range(pairs):
        board.push(grandmaster_move(board))
        yield OPPONENT_SECONDS  # the loop resumes us later
        board.push(pick_move(board))

# The event loop calls next() on each game, and sleeps
# until the earliest wait it was given is over."#;

const RS_GENERATOR: &str = r#"// A hand-written generator: each call runs to the next wait.
enum Game { GmToMove(u32), OpponentThinking(u32), Over }

impl Game {
    fn resume(&mut self, board: &mut Board) -> Option<f64> {
        match *self {
            Game::GmToMove(0) => { *self = Game::Over; None }
            Game::GmToMove(left) => {
                board.play(grandmaster_move(board));
                *self = Game::OpponentThinking(left);
                Some(OPPONENT_MS) // wait this long, then resume me
            }
            Game::OpponentThinking(left) => {
                board.play(pick_move(board));
                *self = Game::GmToMove(left - 1);
                self.resume(board)
            }
            Game::Over => None,
        }
    }
}"#;

const PY_ASYNC: &str = r#"async def play(board, pairs):
    for pair in range(pairs):
        board.push(grandmaster_move(board))
        await asyncio.sleep(OPPONENT_SECONDS)
        board.push(pick_move(board))"#;

const RS_ASYNC: &str = r#"async fn play(ctx: Ctx, mut board: Board, pairs: u32) {
    for _ in 0..pairs {
        board.play(grandmaster_move(&board));
        ctx.sleep(OPPONENT_MS).await;
        board.play(pick_move(&board));
    }
}"#;
