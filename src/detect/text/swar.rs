//! Looking at eight bytes at once in a `u64` ("SIMD within a register").
//!
//! The HTML scan, the word split and normalisation spend most of their
//! time stepping over bytes that need nothing done: letters of prose, the
//! ASCII of a page. Each step was a load, a bounds check, a table load and
//! a branch per byte. Here eight bytes are read as one little-endian word
//! (the first byte lowest), every byte of it is tested at once with carry-
//! free arithmetic, and the position of the first byte that matters comes
//! from `trailing_zeros`. Safe Rust only (the crate forbids `unsafe`); the
//! one bounds check is per eight bytes, and wasm has 64-bit integers, so
//! the package gains the same.
//!
//! A mask marks a byte by its high bit. The searches (`equal_first`,
//! `below_first`) use the classic `(w - 0x01..) & !w & 0x80..` test: a
//! borrow out of a byte that passes can mark the byte after it wrongly,
//! so only the first byte marked is sure, which is all a search for the
//! next byte to look at wants. [`alphanumeric`], which the word split
//! reads every bit of, is exact: no addition in it carries out of its
//! byte.

/// `0x01` in every byte: times a byte, that byte in every lane.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// The low seven bits of every byte.
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// The eight bytes at `at`, as a word with the first byte lowest, if the
/// slice has eight bytes there.
#[inline(always)]
pub(super) fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(at..at.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// Marks the bytes of `w` equal to `b` by their high bits, but only up to
/// the first: a borrow from a byte equal to `b` can mark the byte after it
/// too. The first byte marked is exact, and a
/// byte is never missed, which is all a search for the next byte that
/// needs a look wants.
#[inline(always)]
pub(super) fn equal_first(w: u64, b: u8) -> u64 {
    let x = w ^ ONES.wrapping_mul(u64::from(b));
    x.wrapping_sub(ONES) & !x & HIGH
}

/// Marks the bytes of `w` below `n` (at most 0x80), exact up to the first
/// as [`equal_first`] (the former text run's test; the HTML scan now
/// does the same subtraction fused with its other searches).
#[cfg(test)]
pub(super) fn below_first(w: u64, n: u8) -> u64 {
    w.wrapping_sub(ONES.wrapping_mul(u64::from(n))) & !w & HIGH
}

/// The high bit of every byte of `w` at 0x80 or above (beyond ASCII).
#[inline(always)]
pub(super) fn beyond_ascii(w: u64) -> u64 {
    w & HIGH
}

/// The high bit of every byte of `w` that is an ASCII letter or digit.
#[inline(always)]
pub(super) fn alphanumeric(w: u64) -> u64 {
    let low = w & LOW7;
    // Setting bit 5 lowercases letters and maps nothing else onto a..z.
    let lower = low | ONES.wrapping_mul(0x20);
    let letter = in_range(lower, b'a', b'z');
    let digit = in_range(low, b'0', b'9');
    (letter | digit) & !w & HIGH
}

/// The high bit of every byte of `low` (high bits clear) in `lo..=hi`.
#[inline(always)]
fn in_range(low: u64, lo: u8, hi: u8) -> u64 {
    let at_least = low.wrapping_add(ONES.wrapping_mul(u64::from(0x80 - lo)));
    let above = low.wrapping_add(ONES.wrapping_mul(u64::from(0x7F - hi)));
    at_least & !above & HIGH
}

/// The first byte at or after `from` equal to `a`, `b` or `c`, or the
/// end: eight bytes at a time, then a byte at a time over the last ones.
#[inline(always)]
pub(super) fn find_any3(bytes: &[u8], from: usize, a: u8, b: u8, c: u8) -> usize {
    let mut i = from;
    while let Some(w) = word_at(bytes, i) {
        let m = equal_first(w, a) | equal_first(w, b) | equal_first(w, c);
        if m != 0 {
            return i + first(m);
        }
        i += 8;
    }
    let tail = bytes.get(i..).unwrap_or(&[]);
    i + tail
        .iter()
        .position(|&x| x == a || x == b || x == c)
        .unwrap_or(tail.len())
}

/// The high bits of `mask` (one a byte, as the masks here mark them) as
/// the eight low bits of the result, the first byte's lowest: one
/// multiplication moves each to its place, and no two products overlap.
#[inline(always)]
pub(super) fn gather(mask: u64) -> u64 {
    (mask & HIGH).wrapping_mul(0x0002_0408_1020_4081) >> 56
}

/// [`alphanumeric`] for a word whose bytes are all ASCII (high bits
/// clear), with the steps that only matter for the others left out.
#[inline(always)]
pub(super) fn alphanumeric_ascii(w: u64) -> u64 {
    let lower = w | ONES.wrapping_mul(0x20);
    let letter = lower.wrapping_add(ONES.wrapping_mul(u64::from(0x80 - b'a')))
        & !lower.wrapping_add(ONES.wrapping_mul(u64::from(0x7F - b'z')));
    let digit = w.wrapping_add(ONES.wrapping_mul(u64::from(0x80 - b'0')))
        & !w.wrapping_add(ONES.wrapping_mul(u64::from(0x7F - b'9')));
    (letter | digit) & HIGH
}

/// The index (0 to 7) of the first byte marked in a non-zero `mask`.
#[inline(always)]
pub(super) fn first(mask: u64) -> usize {
    (mask.trailing_zeros() / 8) as usize
}

/// The first byte at or after `from` beyond ASCII, or the end.
/// Normalisation runs this over the whole text of a page, which is mostly
/// ASCII, so sixteen bytes are tested a step (the high bits of two words,
/// or-ed), without a bounds check per step (`chunks_exact`); the last
/// fifteen bytes or fewer are read one at a time.
#[cfg(any(test, feature = "detect"))]
pub(super) fn first_beyond_ascii(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    let mut pairs = bytes.get(from..).unwrap_or(&[]).chunks_exact(16);
    for pair in &mut pairs {
        let (a, b) = pair.split_at(8);
        let a = u64::from_le_bytes(a.try_into().unwrap_or([0; 8]));
        let b = u64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
        if (a | b) & HIGH != 0 {
            let m = beyond_ascii(a);
            return if m != 0 {
                i + first(m)
            } else {
                i + 8 + first(beyond_ascii(b))
            };
        }
        i += 16;
    }
    let tail = pairs.remainder();
    i + tail
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(tail.len())
}

/// The former [`first_beyond_ascii`], eight bytes a step with a bounds
/// check each: the reference it is checked against.
#[cfg(test)]
pub(super) fn first_beyond_ascii_former(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(w) = word_at(bytes, i) {
        let m = beyond_ascii(w);
        if m != 0 {
            return i + first(m);
        }
        i += 8;
    }
    let tail = bytes.get(i..).unwrap_or(&[]);
    i + tail
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(tail.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every mask marks the bytes its test says, in every lane, whatever
    /// the other lanes hold (a carry between lanes would show as a wrong
    /// mark): exactly, or up to the first for the searches.
    #[test]
    fn masks_are_exact_in_every_lane() {
        let fillers = [
            0x00u8, 0x20, 0x3C, 0x7F, 0x80, 0xC2, 0xFF, b'a', b'Z', b'9', b'-', b'@', b'[',
        ];
        for lane in 0..8 {
            for b in 0..=255u8 {
                for &f in &fillers {
                    let mut bytes = [f; 8];
                    bytes[lane] = b;
                    let w = u64::from_le_bytes(bytes);
                    let expect = |test: &dyn Fn(u8) -> bool| {
                        bytes
                            .iter()
                            .enumerate()
                            .filter(|(_, &x)| test(x))
                            .fold(0u64, |m, (k, _)| m | 0x80 << (8 * k))
                    };
                    assert_eq!(beyond_ascii(w), expect(&|x| x >= 0x80), "{bytes:?}");
                    // The searches: the first byte marked is the first
                    // that passes, and every byte that passes is marked.
                    for (fast, exact) in [
                        (equal_first(w, b'<'), expect(&|x| x == b'<')),
                        (equal_first(w, b' '), expect(&|x| x == b' ')),
                        (equal_first(w, 0xC2), expect(&|x| x == 0xC2)),
                        (equal_first(w, 0), expect(&|x| x == 0)),
                        (below_first(w, 0x20), expect(&|x| x < 0x20)),
                    ] {
                        assert_eq!(fast & exact, exact, "{bytes:?}");
                        assert_eq!(fast.trailing_zeros(), exact.trailing_zeros(), "{bytes:?}");
                    }
                    assert_eq!(
                        alphanumeric(w),
                        expect(&|x| x.is_ascii_alphanumeric()),
                        "{bytes:?}"
                    );
                    if bytes.is_ascii() {
                        assert_eq!(alphanumeric_ascii(w), alphanumeric(w), "{bytes:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn gather_puts_each_byte_in_its_bit() {
        for bits in 0..=255u64 {
            let mask = (0..8)
                .filter(|k| bits >> k & 1 != 0)
                .fold(0u64, |m, k| m | 0x80 << (8 * k));
            assert_eq!(gather(mask), bits);
        }
    }

    #[test]
    fn find_any3_at_every_offset() {
        for len in 0..40 {
            for at in 0..=len {
                for hit in [b'>', b'"', b'\''] {
                    let mut bytes = vec![b'a'; len];
                    if let Some(b) = bytes.get_mut(at) {
                        *b = hit;
                    }
                    for from in 0..=at {
                        assert_eq!(find_any3(&bytes, from, b'>', b'"', b'\''), at);
                    }
                }
            }
        }
    }

    #[test]
    fn first_beyond_ascii_at_every_offset() {
        // The first byte beyond ASCII at `at`, a second one at `later` (or
        // none), and one just before `from` (normalisation restarts right
        // after a character beyond ASCII): the answer is always `at`.
        for len in 0..50 {
            for at in 0..=len {
                for later in (at + 1)..=(len + 1) {
                    let mut bytes = vec![b'a'; len];
                    if let Some(b) = bytes.get_mut(at) {
                        *b = 0xE2;
                    }
                    if let Some(b) = bytes.get_mut(later) {
                        *b = 0x80;
                    }
                    for from in 0..=at {
                        let mut before = bytes.clone();
                        if let Some(b) = from.checked_sub(1).and_then(|k| before.get_mut(k)) {
                            *b = 0xC3;
                        }
                        for b in [&bytes, &before] {
                            assert_eq!(
                                first_beyond_ascii(b, from),
                                at,
                                "{len} {at} {later} {from}"
                            );
                            assert_eq!(
                                first_beyond_ascii_former(b, from),
                                at,
                                "{len} {at} {later} {from}"
                            );
                        }
                    }
                }
            }
        }
    }
}
