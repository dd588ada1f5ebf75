//! Ordering the short or nearly ordered lists gradscope makes (breaks, cuts of a
//! curve) without a general-purpose sort: the page's module would hold one sort
//! routine per element type, about 5 KB each.

/// Merges two lists, each in order, into one in order; `a`'s element comes first
/// where neither is `before` the other.
pub fn merge<T>(a: Vec<T>, b: Vec<T>, before: impl Fn(&T, &T) -> bool) -> Vec<T> {
    let mut merged = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(p), Some(q)) if before(q, p) => b.next(),
            (Some(_), _) => a.next(),
            (None, _) => b.next(),
        };
        match next {
            Some(next) => merged.push(next),
            None => return merged,
        }
    }
}

/// Sorts by insertion, keeping the order of elements where neither is `before` the
/// other: one pass over a list in order, and quadratic only for a long list far
/// from it, which gradscope never makes.
pub fn insertion_sort<T>(list: &mut [T], before: impl Fn(&T, &T) -> bool) {
    for i in 1..list.len() {
        let mut j = i;
        while j > 0 && before(&list[j], &list[j - 1]) {
            list.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pseudo-random small numbers, as pairs (value, position) to see stability.
    fn shuffled(length: usize, seed: u64) -> Vec<(u64, usize)> {
        let mut state = seed;
        (0..length)
            .map(|i| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((state >> 33) % 7, i)
            })
            .collect()
    }

    #[test]
    fn insertion_sort_sorts_like_a_stable_sort() {
        for length in 0..40 {
            let mut list = shuffled(length, length as u64 + 1);
            let mut expected = list.clone();
            expected.sort_by_key(|&(value, _)| value);
            insertion_sort(&mut list, |a, b| a.0 < b.0);
            assert_eq!(list, expected);
        }
    }

    #[test]
    fn merge_keeps_order_and_puts_the_first_list_first_on_ties() {
        let a = vec![(1, 'a'), (3, 'a'), (3, 'a'), (8, 'a')];
        let b = vec![(0, 'b'), (3, 'b'), (9, 'b')];
        let merged = merge(a, b, |p, q| p.0 < q.0);
        assert_eq!(
            merged,
            vec![
                (0, 'b'),
                (1, 'a'),
                (3, 'a'),
                (3, 'a'),
                (3, 'b'),
                (8, 'a'),
                (9, 'b')
            ]
        );
        assert_eq!(merge(Vec::new(), vec![1], |p: &i32, q| p < q), vec![1]);
    }
}
