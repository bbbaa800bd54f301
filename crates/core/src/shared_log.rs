//! An append-only list whose copies share their history, so a live view can take a copy of a
//! growing run at every frame for the price of two counts.
//!
//! Items are kept in frozen chunks of [`CHUNK_LEN`] plus a tail that is still growing. A copy
//! shares both; the next push after a copy copies the tail alone (at most [`CHUNK_LEN`] items),
//! never the history. Only the last item can be changed in place ([`SharedLog::last_mut`],
//! [`SharedLog::pop`]); anything else rebuilds the list ([`SharedLog::edit`]).

use std::fmt;
use std::ops::Index;
use std::rc::Rc;

/// Items per frozen chunk.
pub const CHUNK_LEN: usize = 128;

/// An append-only list with cheap copies. See the module's documentation.
pub struct SharedLog<T> {
    /// Full chunks, oldest first; each holds exactly [`CHUNK_LEN`] items. A chunk is a tail
    /// that filled up, moved here as it is (its items are neither copied nor cloned).
    frozen: Rc<Vec<Rc<Vec<T>>>>,
    /// The newest items. It is never empty while `frozen` is not, so the last item is always
    /// here and can be changed without touching a frozen chunk.
    tail: Rc<Vec<T>>,
}

impl<T> SharedLog<T> {
    /// An empty list.
    pub fn new() -> Self {
        Self { frozen: Rc::default(), tail: Rc::default() }
    }

    /// How many items it holds.
    pub fn len(&self) -> usize {
        self.frozen.len() * CHUNK_LEN + self.tail.len()
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.tail.is_empty()
    }

    /// The item at `index`.
    pub fn get(&self, index: usize) -> Option<&T> {
        match self.frozen.get(index / CHUNK_LEN) {
            Some(chunk) => chunk.get(index % CHUNK_LEN),
            None => self.tail.get(index - self.frozen.len() * CHUNK_LEN),
        }
    }

    /// The first item.
    pub fn first(&self) -> Option<&T> {
        self.get(0)
    }

    /// The last item.
    pub fn last(&self) -> Option<&T> {
        self.tail.last()
    }

    /// Every item, in order.
    pub fn iter(&self) -> Iter<'_, T> {
        self.iter_from(0)
    }

    /// The items from `start` on, in order; none if `start` is past the end. Finding `start`
    /// costs nothing that grows with the list.
    pub fn iter_from(&self, start: usize) -> Iter<'_, T> {
        let start = start.min(self.len());
        let chunk = start / CHUNK_LEN;
        let head: &[T] = match self.frozen.get(chunk) {
            Some(first) => &first[start % CHUNK_LEN..],
            None => &self.tail[start - self.frozen.len() * CHUNK_LEN..],
        };
        let rest = self.frozen.get(chunk + 1..).unwrap_or_default();
        let tail: &[T] = if chunk < self.frozen.len() { &self.tail[..] } else { &[] };
        Iter {
            head: head.iter(),
            rest: rest.iter(),
            tail: tail.iter(),
            back: [].iter(),
            len: self.len() - start,
        }
    }

    /// The index of the first item for which `is_before` is false, given that it is true for
    /// every item before some point and false after (as [`slice::partition_point`]).
    pub fn partition_point(&self, mut is_before: impl FnMut(&T) -> bool) -> usize {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match self.get(middle) {
                Some(item) if is_before(item) => low = middle + 1,
                _ => high = middle,
            }
        }
        low
    }

    /// Whether `self` and `other` are copies of one list that neither has changed since.
    pub fn ptr_eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.frozen, &other.frozen) && Rc::ptr_eq(&self.tail, &other.tail)
    }
}

impl<T: Clone> SharedLog<T> {
    /// Adds `item` at the end.
    pub fn push(&mut self, item: T) {
        if self.tail.len() == CHUNK_LEN {
            let full = std::mem::take(&mut self.tail);
            Rc::make_mut(&mut self.frozen).push(full);
        }
        Rc::make_mut(&mut self.tail).push(item);
    }

    /// The last item, to change in place.
    pub fn last_mut(&mut self) -> Option<&mut T> {
        if self.tail.is_empty() {
            return None;
        }
        Rc::make_mut(&mut self.tail).last_mut()
    }

    /// Removes the last item and returns it.
    pub fn pop(&mut self) -> Option<T> {
        let item = Rc::make_mut(&mut self.tail).pop();
        if self.tail.is_empty() {
            if let Some(chunk) = Rc::make_mut(&mut self.frozen).pop() {
                self.tail = chunk;
            }
        }
        item
    }

    /// Changes the list as a `Vec` (it is copied out and back, so this costs the whole list).
    pub fn edit<R>(&mut self, change: impl FnOnce(&mut Vec<T>) -> R) -> R {
        let mut items = self.to_vec();
        let result = change(&mut items);
        *self = items.into_iter().collect();
        result
    }

    /// Keeps the items for which `keep` is true (this costs the whole list).
    pub fn retain(&mut self, keep: impl FnMut(&T) -> bool) {
        self.edit(|items| items.retain(keep));
    }

    /// The items as a `Vec`.
    pub fn to_vec(&self) -> Vec<T> {
        self.iter().cloned().collect()
    }
}

impl<T> Clone for SharedLog<T> {
    /// A copy costs two counts, however long the list.
    fn clone(&self) -> Self {
        Self { frozen: Rc::clone(&self.frozen), tail: Rc::clone(&self.tail) }
    }
}

impl<T> Default for SharedLog<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: PartialEq> PartialEq for SharedLog<T> {
    /// Copies that share everything are equal at once; others compare item by item.
    fn eq(&self, other: &Self) -> bool {
        self.ptr_eq(other) || (self.len() == other.len() && self.iter().eq(other.iter()))
    }
}

impl<T: fmt::Debug> fmt::Debug for SharedLog<T> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.debug_list().entries(self.iter()).finish()
    }
}

impl<T> Index<usize> for SharedLog<T> {
    type Output = T;

    /// The item at `index`; panics past the end, as a slice does.
    fn index(&self, index: usize) -> &T {
        match self.get(index) {
            Some(item) => item,
            None => panic!("index {index} is past the end of a list of {}", self.len()),
        }
    }
}

impl<T: Clone> FromIterator<T> for SharedLog<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut log = Self::new();
        for item in items {
            log.push(item);
        }
        log
    }
}

impl<'a, T> IntoIterator for &'a SharedLog<T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

/// The items of a [`SharedLog`], in order, from either end.
#[derive(Clone, Debug)]
pub struct Iter<'a, T> {
    /// What is left of the first chunk the iteration reads.
    head: std::slice::Iter<'a, T>,
    /// The frozen chunks after it.
    rest: std::slice::Iter<'a, Rc<Vec<T>>>,
    /// The tail, when it was not the first part read.
    tail: std::slice::Iter<'a, T>,
    /// What is left of the chunk being read from the back, once the tail is used up.
    back: std::slice::Iter<'a, T>,
    /// Items left.
    len: usize,
}

impl<'a, T> Iter<'a, T> {
    /// `item`, counted off the items left.
    fn counted(&mut self, item: Option<&'a T>) -> Option<&'a T> {
        self.len -= usize::from(item.is_some());
        item
    }
}

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = &'a T;

    fn next(&mut self) -> Option<&'a T> {
        loop {
            if let Some(item) = self.head.next() {
                return self.counted(Some(item));
            }
            match self.rest.next() {
                Some(chunk) => self.head = chunk.iter(),
                // The chunk the back had started on, then the tail.
                None => {
                    let item = self.back.next().or_else(|| self.tail.next());
                    return self.counted(item);
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.len, Some(self.len))
    }
}

impl<'a, T> DoubleEndedIterator for Iter<'a, T> {
    fn next_back(&mut self) -> Option<&'a T> {
        loop {
            if let Some(item) = self.tail.next_back().or_else(|| self.back.next_back()) {
                return self.counted(Some(item));
            }
            match self.rest.next_back() {
                Some(chunk) => self.back = chunk.iter(),
                None => {
                    let item = self.head.next_back();
                    return self.counted(item);
                }
            }
        }
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_what_a_vec_holds_at_every_length() {
        let mut log = SharedLog::new();
        let mut vec = Vec::new();
        for item in 0..(3 * CHUNK_LEN + 5) {
            assert_eq!(log.len(), vec.len());
            assert_eq!(log.to_vec(), vec);
            assert_eq!(
                log.iter().rev().copied().collect::<Vec<_>>(),
                vec.iter().rev().copied().collect::<Vec<_>>()
            );
            assert_eq!(log.last(), vec.last());
            assert_eq!(log.first(), vec.first());
            log.push(item);
            vec.push(item);
        }
        for start in [0, 1, CHUNK_LEN - 1, CHUNK_LEN, CHUNK_LEN + 1, 3 * CHUNK_LEN, 3 * CHUNK_LEN + 5, 9999] {
            let expected: Vec<usize> = vec.iter().skip(start).copied().collect();
            assert_eq!(log.iter_from(start).copied().collect::<Vec<_>>(), expected, "from {start}");
            assert_eq!(log.iter_from(start).len(), expected.len(), "from {start}");
            let mut reversed: Vec<usize> = log.iter_from(start).rev().copied().collect();
            reversed.reverse();
            assert_eq!(reversed, expected, "from {start}, backwards");
        }
        for (index, item) in vec.iter().enumerate() {
            assert_eq!(log.get(index), Some(item));
            assert_eq!(log[index], *item);
        }
        assert_eq!(log.get(vec.len()), None);
        assert_eq!(log.partition_point(|&item| item < 300), 300);
        assert_eq!(log.partition_point(|_| true), vec.len());
    }

    #[test]
    fn iterates_from_both_ends_at_once() {
        let log: SharedLog<usize> = (0..(2 * CHUNK_LEN + 3)).collect();
        let mut iter = log.iter();
        let mut seen = Vec::new();
        // Alternate ends until they meet: every item once, none twice.
        while let Some(front) = iter.next() {
            seen.push(*front);
            let Some(back) = iter.next_back() else { break };
            seen.push(*back);
            assert_eq!(iter.len() + seen.len(), log.len());
        }
        seen.sort_unstable();
        assert_eq!(seen, log.to_vec());
    }

    #[test]
    fn a_copy_keeps_its_items_while_the_original_grows_and_changes() {
        let mut log: SharedLog<usize> = (0..(CHUNK_LEN + 10)).collect();
        let copy = log.clone();
        assert!(copy.ptr_eq(&log));
        log.push(1000);
        if let Some(last) = log.last_mut() {
            *last = 2000;
        }
        assert!(!copy.ptr_eq(&log));
        assert_eq!(copy.to_vec(), (0..(CHUNK_LEN + 10)).collect::<Vec<_>>());
        assert_eq!(log.last(), Some(&2000));
        // A copy taken when the tail is full still keeps its items after the next push freezes it.
        let mut full: SharedLog<usize> = (0..CHUNK_LEN).collect();
        let before = full.clone();
        full.push(CHUNK_LEN);
        assert_eq!(before.to_vec(), (0..CHUNK_LEN).collect::<Vec<_>>());
        assert_eq!(full.to_vec(), (0..=CHUNK_LEN).collect::<Vec<_>>());
    }

    #[test]
    fn a_copy_shares_the_history_and_a_push_after_it_copies_the_tail_alone() {
        let mut log: SharedLog<usize> = (0..(4 * CHUNK_LEN + 7)).collect();
        let copy = log.clone();
        log.push(0);
        // The frozen chunks are the same memory in both; only the tail was copied.
        assert!(Rc::ptr_eq(&log.frozen, &copy.frozen));
        assert!(!Rc::ptr_eq(&log.tail, &copy.tail));
        assert_eq!(log.tail.len(), 8);
    }

    #[test]
    fn pop_and_edit_keep_the_last_item_in_the_tail() {
        let mut log: SharedLog<usize> = (0..(CHUNK_LEN + 1)).collect();
        assert_eq!(log.pop(), Some(CHUNK_LEN));
        // The tail emptied, so the chunk before came back into it and the last item is mutable.
        assert_eq!(log.tail.len(), CHUNK_LEN);
        if let Some(last) = log.last_mut() {
            *last = 7;
        }
        assert_eq!(log.last(), Some(&7));
        log.retain(|&item| item % 2 == 0);
        assert_eq!(log.len(), CHUNK_LEN / 2);
        assert_eq!(log.edit(|items| items.pop()), Some(126));
        assert_eq!(log.len(), CHUNK_LEN / 2 - 1);
        let mut empty: SharedLog<usize> = SharedLog::new();
        assert_eq!(empty.pop(), None);
        assert_eq!(empty.last_mut(), None);
        assert!(empty.is_empty());
    }

    #[test]
    fn equal_lists_compare_equal_whatever_their_history() {
        let mut grown: SharedLog<usize> = SharedLog::new();
        for item in 0..200 {
            grown.push(item);
        }
        grown.push(9);
        grown.pop();
        let built: SharedLog<usize> = (0..200).collect();
        assert_eq!(grown, built);
        assert_ne!(grown, (0..199).collect());
        assert_eq!(format!("{:?}", [1, 2].into_iter().collect::<SharedLog<i32>>()), "[1, 2]");
    }
}
