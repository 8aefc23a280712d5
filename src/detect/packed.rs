//! Reading the generated Unicode tables (`confusables_table.rs`,
//! `domain/scripts_table.rs`): both store sorted code points as the
//! differences between neighbours, each a LEB128 number, which packs and
//! compresses far smaller than a list of `u32`s. One reader for both, so
//! the two tables cannot come to disagree on the encoding.

/// The running sums of the LEB128 differences in `bytes`: the code points
/// they encode, in order. Ends when the bytes do; a number cut short at the
/// end still counts with the bits it has.
pub(crate) fn running_sums(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut bytes = bytes.iter();
    let mut sum = 0u32;
    std::iter::from_fn(move || {
        let (mut delta, mut shift, mut any) = (0u32, 0u32, false);
        for &b in bytes.by_ref() {
            any = true;
            delta |= u32::from(b & 0x7F).checked_shl(shift).unwrap_or(0);
            shift += 7;
            if b < 0x80 {
                break;
            }
        }
        any.then(|| {
            sum = sum.saturating_add(delta);
            sum
        })
    })
}

#[cfg(test)]
mod tests {
    use super::running_sums;

    #[test]
    fn reads_one_and_several_byte_differences() {
        // 5, then +300 (0xAC 0x02), then +0.
        let sums: Vec<u32> = running_sums(&[5, 0xAC, 0x02, 0]).collect();
        assert_eq!(sums, [5, 305, 305]);
        assert_eq!(running_sums(&[]).count(), 0);
    }
}
