//! Keeping a selection in view: the first row to show of a list, given the
//! selection, the previous first row and the height available.

/// The first row to show so that `selected` is visible, moving as little
/// as possible from `offset`.
pub fn offset_for(selected: usize, offset: usize, height: usize) -> usize {
    let height = height.max(1);
    if selected < offset {
        selected
    } else if selected >= offset + height {
        selected + 1 - height
    } else {
        offset
    }
}

/// A selection moved by `delta` rows within `len` rows, stopping at the
/// ends.
pub fn moved(selected: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    selected.saturating_add_signed(delta).min(len - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_follows_the_selection_only_as_far_as_needed() {
        assert_eq!(offset_for(3, 0, 10), 0);
        assert_eq!(offset_for(12, 0, 10), 3);
        assert_eq!(offset_for(2, 5, 10), 2);
        assert_eq!(moved(0, -1, 5), 0);
        assert_eq!(moved(3, 10, 5), 4);
    }
}
