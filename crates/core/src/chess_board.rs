//! Chess without a chess engine's attack tables. [`ReplayBoard`] replays moves already known to
//! be legal, and the page draws games with it. [`Position`] adds whose turn it is, the castling
//! rights and the en-passant square, and generates legal moves by walking offsets and rays square
//! by square, so planning games needs no precomputed tables either.

use std::fmt;

/// A piece: its kind (`K`, `Q`, `R`, `B`, `N`, `P`) and whether it is White's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReplayPiece {
    /// The kind, as an upper-case letter.
    pub kind: char,
    /// Whether it belongs to White.
    pub white: bool,
}

/// The 64 squares, a1 = 0 to h8 = 63.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplayBoard {
    squares: [Option<ReplayPiece>; 64],
}

impl Default for ReplayBoard {
    fn default() -> Self {
        let mut squares = [None; 64];
        for (file, kind) in "RNBQKBNR".chars().enumerate() {
            squares[file] = Some(ReplayPiece { kind, white: true });
            squares[8 + file] = Some(ReplayPiece { kind: 'P', white: true });
            squares[48 + file] = Some(ReplayPiece { kind: 'P', white: false });
            squares[56 + file] = Some(ReplayPiece { kind, white: false });
        }
        Self { squares }
    }
}

impl ReplayBoard {
    /// The piece on square `index` (a1 = 0, h8 = 63).
    pub fn piece(&self, index: usize) -> Option<ReplayPiece> {
        self.squares.get(index).copied().flatten()
    }

    /// Plays a move in UCI notation (`e2e4`, `e7e8q`); castling may be written king to its
    /// target square (`e1g1`) or king onto its own rook (`e1h1`, as cozy-chess prints it).
    /// Returns the from and to squares, or `None` for text that is not a move on this board.
    pub fn play(&mut self, uci: &str) -> Option<(usize, usize)> {
        let from = square(uci.get(0..2)?)?;
        let to = square(uci.get(2..4)?)?;
        // Text naming an empty square is not a move.
        self.squares[from]?;
        let promoted = uci.get(4..5).and_then(|letter| letter.chars().next()).map(|c| c.to_ascii_uppercase());
        Some(self.apply(from, to, promoted))
    }

    /// Moves the piece on `from` to `to`, with castling's rook, en passant's capture and a
    /// promotion to the kind `promoted`. Returns the from and to squares of the king or piece.
    fn apply(&mut self, from: usize, to: usize, promoted: Option<char>) -> (usize, usize) {
        let Some(moving) = self.squares[from] else { return (from, to) };
        let target = self.squares[to];
        // Castling: the king lands on its own rook, or moves two files along its rank.
        let onto_own_rook = target.is_some_and(|piece| piece.kind == 'R' && piece.white == moving.white);
        if moving.kind == 'K' && (onto_own_rook || from.abs_diff(to) == 2) {
            let rank = from / 8 * 8;
            let kingside = to % 8 > from % 8;
            let (rook_from, king_to, rook_to) = match (kingside, onto_own_rook) {
                (true, true) => (to, rank + 6, rank + 5),
                (false, true) => (to, rank + 2, rank + 3),
                (true, false) => (rank + 7, rank + 6, rank + 5),
                (false, false) => (rank, rank + 2, rank + 3),
            };
            let rook = self.squares[rook_from].take();
            self.squares[from] = None;
            self.squares[king_to] = Some(moving);
            self.squares[rook_to] = rook;
            return (from, king_to);
        }
        // En passant: a pawn moving diagonally onto an empty square takes the pawn beside it.
        if moving.kind == 'P' && from % 8 != to % 8 && target.is_none() {
            self.squares[from / 8 * 8 + to % 8] = None;
        }
        self.squares[from] = None;
        self.squares[to] = Some(ReplayPiece { kind: promoted.unwrap_or(moving.kind), ..moving });
        (from, to)
    }

    /// The board as text, rank 8 first, upper case for White: for comparing boards in tests.
    pub fn diagram(&self) -> String {
        (0..8)
            .rev()
            .map(|rank| {
                (0..8)
                    .map(|file| match self.squares[rank * 8 + file] {
                        Some(piece) if piece.white => piece.kind,
                        Some(piece) => piece.kind.to_ascii_lowercase(),
                        None => '.',
                    })
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// The index of a square such as `e4`.
fn square(text: &str) -> Option<usize> {
    let mut chars = text.chars();
    let file = chars.next().filter(|c| ('a'..='h').contains(c))? as usize - 'a' as usize;
    let rank = chars.next().filter(|c| ('1'..='8').contains(c))? as usize - '1' as usize;
    Some(rank * 8 + file)
}

/// The name of square `index`, such as `e4`.
fn square_name(index: usize) -> String {
    let file = char::from(b'a' + (index % 8) as u8);
    let rank = char::from(b'1' + (index / 8) as u8);
    format!("{file}{rank}")
}

/// The eight directions as (file step, rank step): the four along ranks and files first, then
/// the four diagonals. They are also the king's steps.
const DIRECTIONS: [(i8, i8); 8] = [(0, 1), (1, 0), (0, -1), (-1, 0), (1, 1), (1, -1), (-1, -1), (-1, 1)];
/// The rook's directions.
const ORTHOGONALS: &[(i8, i8)] = DIRECTIONS.split_at(4).0;
/// The bishop's directions.
const DIAGONALS: &[(i8, i8)] = DIRECTIONS.split_at(4).1;
/// The knight's jumps as (file step, rank step).
const KNIGHT_JUMPS: [(i8, i8); 8] = [(1, 2), (2, 1), (2, -1), (1, -2), (-1, -2), (-2, -1), (-2, 1), (-1, 2)];
/// What a pawn may promote to, in the order the moves are generated.
const PROMOTIONS: [char; 4] = ['Q', 'R', 'B', 'N'];

/// One of the four castlings: where the king and the rook start, and where the king goes.
struct Castling {
    /// The letter in FEN's castling field.
    letter: char,
    king_from: usize,
    king_to: usize,
    rook_from: usize,
}

/// The four castlings in FEN's order: White's kingside and queenside, then Black's.
const CASTLINGS: [Castling; 4] = [
    Castling { letter: 'K', king_from: 4, king_to: 6, rook_from: 7 },
    Castling { letter: 'Q', king_from: 4, king_to: 2, rook_from: 0 },
    Castling { letter: 'k', king_from: 60, king_to: 62, rook_from: 63 },
    Castling { letter: 'q', king_from: 60, king_to: 58, rook_from: 56 },
];

/// The square a (file step, rank step) offset away from `from`, if it is on the board.
fn step(from: usize, (file_step, rank_step): (i8, i8)) -> Option<usize> {
    let file = (from % 8) as i8 + file_step;
    let rank = (from / 8) as i8 + rank_step;
    ((0..8).contains(&file) && (0..8).contains(&rank)).then(|| (rank * 8 + file) as usize)
}

/// How the game stands for the side to move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GameStatus {
    /// The side to move has a legal move.
    Ongoing,
    /// The side to move is in check and has no legal move.
    Checkmate,
    /// The side to move is not in check and has no legal move.
    Stalemate,
}

/// Why a FEN text was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FenError(String);

impl fmt::Display for FenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid FEN: {}", self.0)
    }
}

impl std::error::Error for FenError {}

/// A move: its squares, and the kind a pawn promotes to. Castling is the king's move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Move {
    from: usize,
    to: usize,
    promoted: Option<char>,
}

impl Move {
    /// Reads a move in UCI notation; promotions must name a queen, rook, bishop or knight.
    fn parse(uci: &str) -> Option<Self> {
        let from = square(uci.get(0..2)?)?;
        let to = square(uci.get(2..4)?)?;
        let promoted = match uci.get(4..)? {
            "" => None,
            "q" => Some('Q'),
            "r" => Some('R'),
            "b" => Some('B'),
            "n" => Some('N'),
            _ => return None,
        };
        Some(Self { from, to, promoted })
    }
}

impl fmt::Display for Move {
    /// The move in UCI notation, such as `e2e4`, `e1g1` or `e7e8q`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", square_name(self.from), square_name(self.to))?;
        match self.promoted {
            Some(kind) => write!(f, "{}", kind.to_ascii_lowercase()),
            None => Ok(()),
        }
    }
}

/// A chess position with everything a legal move depends on: the board, whose turn it is, the
/// castling rights and the en-passant square. The fifty-move rule and repetitions are left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position {
    board: ReplayBoard,
    white_to_move: bool,
    /// Which of [`CASTLINGS`] are still allowed.
    castling_rights: [bool; 4],
    /// The square a pawn has just skipped with a double push, where it may be taken en passant.
    en_passant: Option<usize>,
}

impl Default for Position {
    /// The starting position.
    fn default() -> Self {
        Self {
            board: ReplayBoard::default(),
            white_to_move: true,
            castling_rights: [true; 4],
            en_passant: None,
        }
    }
}

impl Position {
    /// Reads a position in FEN, such as `r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1`. The halfmove
    /// clock and move number may be left out; they are not kept.
    pub fn from_fen(fen: &str) -> Result<Self, FenError> {
        let error = |reason: String| Err(FenError(reason));
        let fields: Vec<&str> = fen.split_whitespace().collect();
        let [placement, side, castling, en_passant, ..] = fields[..] else {
            return error(format!("expected at least 4 fields, found {}", fields.len()));
        };
        if fields.len() > 6 {
            return error(format!("expected at most 6 fields, found {}", fields.len()));
        }
        let board = read_placement(placement)?;
        let white_to_move = match side {
            "w" => true,
            "b" => false,
            _ => return error(format!("the side to move is \"{side}\", not \"w\" or \"b\"")),
        };
        let mut castling_rights = [false; 4];
        let letters = if castling == "-" { "" } else { castling };
        for letter in letters.chars() {
            let Some(index) = CASTLINGS.iter().position(|castling| castling.letter == letter) else {
                return error(format!("unknown castling right '{letter}'"));
            };
            let castling = &CASTLINGS[index];
            let white = index < 2;
            let king_home = board.piece(castling.king_from) == Some(ReplayPiece { kind: 'K', white });
            let rook_home = board.piece(castling.rook_from) == Some(ReplayPiece { kind: 'R', white });
            if !(king_home && rook_home) {
                return error(format!("castling right '{letter}' without its king and rook at home"));
            }
            castling_rights[index] = true;
        }
        let en_passant = match en_passant {
            "-" => None,
            name => {
                let Some(skipped) = square(name).filter(|_| name.len() == 2) else {
                    return error(format!("the en-passant square \"{name}\" is not a square"));
                };
                // The pawn that just moved two squares stands one square past the skipped one.
                let (rank, toward_pawn) = if white_to_move { (5, -1) } else { (2, 1) };
                let pushed = step(skipped, (0, toward_pawn)).and_then(|index| board.piece(index));
                let pawn = ReplayPiece { kind: 'P', white: !white_to_move };
                if skipped / 8 != rank || board.piece(skipped).is_some() || pushed != Some(pawn) {
                    return error(format!("the en-passant square {name} does not follow a double pawn push"));
                }
                Some(skipped)
            }
        };
        Ok(Self { board, white_to_move, castling_rights, en_passant })
    }

    /// The pieces on the board.
    pub fn board(&self) -> &ReplayBoard {
        &self.board
    }

    /// Whether White is to move.
    pub fn white_to_move(&self) -> bool {
        self.white_to_move
    }

    /// The legal moves in UCI notation, in a fixed order: by the square the piece starts from,
    /// a1 to h8. Castling is written as the king's move (`e1g1`), promotions with the new kind
    /// (`e7e8q`).
    pub fn legal_moves(&self) -> Vec<String> {
        self.successors().into_iter().map(|(uci, _)| uci).collect()
    }

    /// Each legal move, as in [`Position::legal_moves`], with the position it leads to.
    pub fn successors(&self) -> Vec<(String, Position)> {
        let pseudo_legal = self.pseudo_legal().into_iter();
        pseudo_legal.filter_map(|candidate| Some((candidate.to_string(), self.after(candidate)?))).collect()
    }

    /// Plays `uci` if it is one of [`Position::legal_moves`], and returns its from and to
    /// squares; returns `None` and leaves the position as it was otherwise.
    pub fn play(&mut self, uci: &str) -> Option<(usize, usize)> {
        let chosen = Move::parse(uci).filter(|candidate| self.pseudo_legal().contains(candidate))?;
        *self = self.after(chosen)?;
        Some((chosen.from, chosen.to))
    }

    /// Whether the side to move is in check.
    pub fn in_check(&self) -> bool {
        self.king_attacked(self.white_to_move)
    }

    /// Whether the game goes on, or has ended in checkmate or stalemate.
    pub fn status(&self) -> GameStatus {
        // Piece by piece, stopping at the first legal move: most positions have one early.
        let mut moves = Vec::new();
        let can_move = (0..64).any(|from| {
            moves.clear();
            self.piece_moves(from, &mut moves);
            moves.iter().any(|&candidate| self.after(candidate).is_some())
        });
        if can_move {
            GameStatus::Ongoing
        } else if self.in_check() {
            GameStatus::Checkmate
        } else {
            GameStatus::Stalemate
        }
    }

    /// The position after the pseudo-legal move `candidate`, or `None` if the move leaves the
    /// mover's king attacked.
    fn after(&self, candidate: Move) -> Option<Position> {
        let mut after = self.clone();
        after.make(candidate);
        (!after.king_attacked(self.white_to_move)).then_some(after)
    }

    /// Plays a pseudo-legal move and updates the turn, castling rights and en-passant square.
    fn make(&mut self, chosen: Move) {
        let pawn = self.board.piece(chosen.from).is_some_and(|piece| piece.kind == 'P');
        self.board.apply(chosen.from, chosen.to, chosen.promoted);
        // A double pawn push leaves the skipped square open to en passant for one move.
        let double_push = pawn && chosen.from.abs_diff(chosen.to) == 16;
        self.en_passant = double_push.then_some((chosen.from + chosen.to) / 2);
        // A move from or onto a king's or rook's home square ends the castlings that need it.
        for (castling, allowed) in CASTLINGS.iter().zip(&mut self.castling_rights) {
            let homes = [castling.king_from, castling.rook_from];
            if homes.contains(&chosen.from) || homes.contains(&chosen.to) {
                *allowed = false;
            }
        }
        self.white_to_move = !self.white_to_move;
    }

    /// The moves of the side to move by the pieces' rules, whether or not its king is left in
    /// check. Castling is only offered when it is fully legal.
    fn pseudo_legal(&self) -> Vec<Move> {
        let mut moves = Vec::with_capacity(64);
        for from in 0..64 {
            self.piece_moves(from, &mut moves);
        }
        moves
    }

    /// Adds the pseudo-legal moves of the piece on `from`, if it is the side to move's.
    fn piece_moves(&self, from: usize, moves: &mut Vec<Move>) {
        let Some(piece) = self.board.piece(from).filter(|piece| piece.white == self.white_to_move) else {
            return;
        };
        match piece.kind {
            'P' => self.pawn_moves(from, moves),
            'N' => self.jumps(from, &KNIGHT_JUMPS, moves),
            'B' => self.slides(from, DIAGONALS, moves),
            'R' => self.slides(from, ORTHOGONALS, moves),
            'Q' => self.slides(from, &DIRECTIONS, moves),
            'K' => {
                self.jumps(from, &DIRECTIONS, moves);
                self.castlings(from, moves);
            }
            _ => {}
        }
    }

    /// Single steps to squares that are empty or hold an opponent's piece.
    fn jumps(&self, from: usize, steps: &[(i8, i8)], moves: &mut Vec<Move>) {
        for to in steps.iter().filter_map(|&offset| step(from, offset)) {
            if self.board.piece(to).is_none_or(|piece| piece.white != self.white_to_move) {
                moves.push(Move { from, to, promoted: None });
            }
        }
    }

    /// Slides along each direction up to the first piece, taking it if it is the opponent's.
    fn slides(&self, from: usize, directions: &[(i8, i8)], moves: &mut Vec<Move>) {
        for &direction in directions {
            let mut to = from;
            while let Some(next) = step(to, direction) {
                to = next;
                let blocker = self.board.piece(to);
                if blocker.is_none_or(|piece| piece.white != self.white_to_move) {
                    moves.push(Move { from, to, promoted: None });
                }
                if blocker.is_some() {
                    break;
                }
            }
        }
    }

    /// Pushes, double pushes from the home rank, captures (en passant too) and promotions.
    fn pawn_moves(&self, from: usize, moves: &mut Vec<Move>) {
        let forward: i8 = if self.white_to_move { 1 } else { -1 };
        let (home_rank, last_rank) = if self.white_to_move { (1, 7) } else { (6, 0) };
        let mut add = |to: usize| {
            if to / 8 == last_rank {
                moves.extend(PROMOTIONS.iter().map(|&kind| Move { from, to, promoted: Some(kind) }));
            } else {
                moves.push(Move { from, to, promoted: None });
            }
        };
        let empty = |to: &usize| self.board.piece(*to).is_none();
        if let Some(one) = step(from, (0, forward)).filter(empty) {
            add(one);
            if from / 8 == home_rank {
                if let Some(two) = step(one, (0, forward)).filter(empty) {
                    add(two);
                }
            }
        }
        for file_step in [-1, 1] {
            let Some(to) = step(from, (file_step, forward)) else { continue };
            let takes = self.board.piece(to).is_some_and(|piece| piece.white != self.white_to_move);
            if takes || self.en_passant == Some(to) {
                add(to);
            }
        }
    }

    /// Castlings the king on `from` may make: the right is kept, the squares between king and
    /// rook are empty, and the king does not start on, cross or land on an attacked square.
    fn castlings(&self, from: usize, moves: &mut Vec<Move>) {
        for (castling, &allowed) in CASTLINGS.iter().zip(&self.castling_rights) {
            if !allowed || castling.king_from != from {
                continue;
            }
            let (king_from, king_to, rook_from) = (castling.king_from, castling.king_to, castling.rook_from);
            let between = king_from.min(rook_from) + 1..king_from.max(rook_from);
            let king_path = king_from.min(king_to)..=king_from.max(king_to);
            if between.clone().all(|square| self.board.piece(square).is_none())
                && king_path.clone().all(|square| !self.attacked(square, !self.white_to_move))
            {
                moves.push(Move { from, to: king_to, promoted: None });
            }
        }
    }

    /// Whether the king of the given side stands on an attacked square. A side with no king is
    /// never in check (a FEN read by [`Position::from_fen`] always has both kings).
    fn king_attacked(&self, white: bool) -> bool {
        let king = ReplayPiece { kind: 'K', white };
        let squares = &self.board.squares;
        squares
            .iter()
            .position(|&piece| piece == Some(king))
            .is_some_and(|index| self.attacked(index, !white))
    }

    /// Whether a piece of the given side attacks `target`, looking outward from it.
    fn attacked(&self, target: usize, by_white: bool) -> bool {
        let holds = |square: Option<usize>, kinds: &[char]| {
            square
                .and_then(|index| self.board.piece(index))
                .is_some_and(|piece| piece.white == by_white && kinds.contains(&piece.kind))
        };
        // A pawn takes diagonally forward, so its attacker stands diagonally behind the target.
        let behind: i8 = if by_white { -1 } else { 1 };
        let first_piece = |direction| {
            let mut index = target;
            while let Some(next) = step(index, direction) {
                if self.board.piece(next).is_some() {
                    return Some(next);
                }
                index = next;
            }
            None
        };
        [-1, 1].iter().any(|&file_step| holds(step(target, (file_step, behind)), &['P']))
            || KNIGHT_JUMPS.iter().any(|&jump| holds(step(target, jump), &['N']))
            || DIRECTIONS.iter().any(|&direction| holds(step(target, direction), &['K']))
            || ORTHOGONALS.iter().any(|&direction| holds(first_piece(direction), &['R', 'Q']))
            || DIAGONALS.iter().any(|&direction| holds(first_piece(direction), &['B', 'Q']))
    }
}

/// The board part of a FEN: ranks 8 to 1 split by `/`, pieces as letters, empty squares as
/// digits. Each side must have exactly one king.
fn read_placement(placement: &str) -> Result<ReplayBoard, FenError> {
    let error = |reason: String| Err(FenError(reason));
    let rows: Vec<&str> = placement.split('/').collect();
    if rows.len() != 8 {
        return error(format!("the placement has {} ranks, not 8", rows.len()));
    }
    let mut squares = [None; 64];
    for (row, text) in rows.iter().enumerate() {
        let rank = 7 - row;
        let mut file = 0;
        for letter in text.chars() {
            if let Some(n_empty) = letter.to_digit(10).filter(|n| (1..=8).contains(n)) {
                file += n_empty as usize;
                continue;
            }
            if !"KQRBNPkqrbnp".contains(letter) {
                return error(format!("unknown piece '{letter}' on rank {}", rank + 1));
            }
            if file >= 8 {
                return error(format!("rank {} has more than 8 squares", rank + 1));
            }
            let piece = ReplayPiece { kind: letter.to_ascii_uppercase(), white: letter.is_ascii_uppercase() };
            squares[rank * 8 + file] = Some(piece);
            file += 1;
        }
        if file != 8 {
            return error(format!("rank {} has {file} squares, not 8", rank + 1));
        }
    }
    for white in [true, false] {
        let king = Some(ReplayPiece { kind: 'K', white });
        let n_kings = squares.iter().filter(|&&piece| piece == king).count();
        if n_kings != 1 {
            let side = if white { "White" } else { "Black" };
            return error(format!("{side} has {n_kings} kings, not 1"));
        }
    }
    Ok(ReplayBoard { squares })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replays_ordinary_moves_castling_en_passant_and_promotion() {
        let mut board = ReplayBoard::default();
        for uci in ["e2e4", "d7d5", "e4e5", "f7f5", "e5f6", "g8f6", "g1f3", "b8c6", "f1e2", "c8e6", "e1h1"] {
            assert!(board.play(uci).is_some(), "{uci}");
        }
        assert_eq!(
            board.diagram(),
            "r..qkb.r/ppp.p.pp/..n.bn../...p..../......../.....N../PPPPBPPP/RNBQ.RK."
        );
        assert_eq!(board.play("z9a1"), None);
        assert_eq!(board.play("e4e5"), None, "no piece there");
        let mut promotion = ReplayBoard::default();
        for uci in ["a2a4", "b7b5", "a4b5", "a7a6", "b5a6", "c8b7", "a6b7", "h7h6", "b7a8q"] {
            assert!(promotion.play(uci).is_some(), "{uci}");
        }
        assert_eq!(promotion.piece(56), Some(ReplayPiece { kind: 'Q', white: true }));
    }
}
