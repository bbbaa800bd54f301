//! The output console's folding: a task that prints the same line over and over (the Pokemon
//! lesson's counter) would bury the lines that matter, so its repeats fold behind one toggle.

use std::collections::BTreeMap;

use crate::timeline::PrintedLine;

/// Repeats of one shape from one task, from this many on, are folded.
pub const FOLD_FROM: usize = 10;
/// Lines of a folded group kept in view at its start (and one at its end).
const KEPT_AT_START: usize = 2;

/// A line's shape: its text with each run of digits as one `#`, so "counter: 7" and
/// "counter: 12" are one shape.
fn shape(text: &str) -> String {
    let mut shape = String::with_capacity(text.len());
    for c in text.chars() {
        if !c.is_ascii_digit() {
            shape.push(c);
        } else if !shape.ends_with('#') {
            shape.push('#');
        }
    }
    shape
}

/// The lines folded away: for each task that printed at least [`FOLD_FROM`] lines of one shape,
/// all of them but the first two and the last. Returns a flag per line (true: folded) and the
/// folded groups as (task, lines of the group, lines folded).
pub fn fold_repeats<'a>(lines: &[PrintedLine<'a>]) -> (Vec<bool>, Vec<(&'a str, usize, usize)>) {
    // The lines of each (task, shape), in the order the shapes first appear.
    let mut members: BTreeMap<(&str, String), Vec<usize>> = BTreeMap::new();
    let mut order = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let key = (line.task, shape(line.text));
        let group = members.entry(key.clone()).or_default();
        if group.is_empty() {
            order.push(key);
        }
        group.push(index);
    }
    let mut folded = vec![false; lines.len()];
    let mut groups = Vec::new();
    for key in order {
        let group = &members[&key];
        if group.len() < FOLD_FROM {
            continue;
        }
        let hidden = &group[KEPT_AT_START..group.len() - 1];
        for &index in hidden {
            folded[index] = true;
        }
        groups.push((key.0, group.len(), hidden.len()));
    }
    (folded, groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line<'a>(task: &'a str, text: &'a str) -> PrintedLine<'a> {
        PrintedLine { at_ms: 0.0, task, text, event: 0 }
    }

    #[test]
    fn a_counter_folds_but_its_first_and_last_lines_stay() {
        let texts: Vec<String> = (1..=12).map(|n| format!("counter: {n}")).collect();
        let mut lines: Vec<PrintedLine> = texts.iter().map(|text| line("counter", text)).collect();
        lines.insert(5, line("request 1", "#25: pikachu"));
        let (folded, groups) = fold_repeats(&lines);
        assert_eq!(groups, [("counter", 12, 9)]);
        let shown: Vec<&str> = lines.iter().zip(&folded).filter(|(_, f)| !**f).map(|(l, _)| l.text).collect();
        assert_eq!(shown, ["counter: 1", "counter: 2", "#25: pikachu", "counter: 12"]);
    }

    #[test]
    fn a_few_repeats_or_different_tasks_do_not_fold() {
        let texts: Vec<String> = (1..=9).map(|n| format!("tick {n}")).collect();
        let lines: Vec<PrintedLine> = texts.iter().map(|text| line("A", text)).collect();
        assert_eq!(fold_repeats(&lines), (vec![false; 9], vec![]));
        let mixed: Vec<PrintedLine> =
            (0..20).map(|n| line(if n % 2 == 0 { "A" } else { "B" }, "Task: iteration 1")).collect();
        assert_eq!(fold_repeats(&mixed).1, [("A", 10, 7), ("B", 10, 7)]);
    }
}
