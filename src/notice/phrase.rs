//! The countersign phrase an agent says on a scheduled call or callback.
//!
//! Three words from the PGP word list, which was designed so that words are
//! told apart when read aloud over a poor line (two- and three-syllable words
//! alternate, no two words sound alike). The phrase is inside the signed
//! notice that went to the customer, so a caller who only holds leaked ticket
//! data cannot know it; 24 bits make guessing it on a call hopeless.

use super::pgp_words::{EVEN, ODD};

/// The word list for a position in the phrase.
fn list(position: usize) -> &'static [&'static str; 256] {
    if position % 2 == 0 {
        &EVEN
    } else {
        &ODD
    }
}

/// Makes a phrase from three random bytes.
pub fn phrase_from_bytes(bytes: [u8; 3]) -> String {
    bytes
        .iter()
        .enumerate()
        .map(|(i, &b)| list(i)[usize::from(b)])
        .collect::<Vec<_>>()
        .join(" ")
}

/// Makes a fresh random phrase.
pub fn generate() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 3];
    getrandom::getrandom(&mut bytes)?;
    Ok(phrase_from_bytes(bytes))
}

/// Whether a spoken or typed phrase matches, ignoring case, spacing and
/// punctuation between words.
pub fn phrase_matches(expected: &str, heard: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let expected = words(expected);
    !expected.is_empty() && expected == words(heard)
}

/// Whether `phrase` is three words of the PGP word list, as generated.
pub fn is_valid(phrase: &str) -> bool {
    let words: Vec<&str> = phrase.split(' ').collect();
    words.len() == 3 && words.iter().enumerate().all(|(i, w)| list(i).contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_round_trip_and_compare_loosely() {
        let p = phrase_from_bytes([0, 1, 2]);
        assert_eq!(p.split(' ').count(), 3);
        assert!(is_valid(&p));
        assert!(phrase_matches(&p, &p.to_uppercase().replace(' ', ", ")));
        assert!(!phrase_matches(&p, &phrase_from_bytes([0, 1, 3])));
        assert!(!phrase_matches("", ""));
        assert!(!is_valid("hello world again"));
        // Words in the wrong position (an odd-list word first) are refused.
        assert!(!is_valid(&format!("{} {} {}", ODD[0], EVEN[0], EVEN[1])));
    }

    #[test]
    fn the_tables_are_the_pgp_word_list() {
        for b in 0..=255u8 {
            let bytes = [b, b];
            let words = pgp_words::to_words(&bytes);
            assert_eq!(EVEN[usize::from(b)], words[0]);
            assert_eq!(ODD[usize::from(b)], words[1]);
        }
    }
}
