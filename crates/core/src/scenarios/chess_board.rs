//! A board that replays moves already known to be legal, with no move generator: the page
//! draws games with it, so it need not ship a chess engine's attack tables.

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
        let moving = self.squares[from]?;
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
            return Some((from, king_to));
        }
        // En passant: a pawn moving diagonally onto an empty square takes the pawn beside it.
        if moving.kind == 'P' && from % 8 != to % 8 && target.is_none() {
            self.squares[from / 8 * 8 + to % 8] = None;
        }
        let promoted = uci.get(4..5).and_then(|letter| letter.chars().next()).map(|c| c.to_ascii_uppercase());
        self.squares[from] = None;
        self.squares[to] = Some(ReplayPiece { kind: promoted.unwrap_or(moving.kind), ..moving });
        Some((from, to))
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
