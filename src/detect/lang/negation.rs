//! How each language says "never": a vendor's policy ("Wir bitten Sie nie
//! um Fernwartung", "nous ne demandons jamais d'accès à distance") names
//! the very tactics scammers use, and must read as a policy, not a request.
//!
//! Only words that deny outright are listed. The plain "not" of each
//! language ("nicht", "niet", "pas", "no") is left out: real lures say
//! "Schalten Sie den Computer nicht aus, installieren Sie …" in one
//! sentence, and that request must still count. Japanese denies after the
//! verb, so its forms are looked for after the cue, in the same sentence.

/// Words before a cue (ASCII-lowercased text, space-delimited) that deny it.
pub const BEFORE: &[&str] = &[
    // German
    " nie ",
    " niemals ",
    " keinesfalls ",
    // Dutch
    " nooit ",
    // French
    " jamais ",
    " ni ",
    // Spanish; Portuguese "nunca" and "jamais" are the same words
    " nunca ",
    " jamás ",
    // Portuguese
    " nem ",
    " em hipótese alguma ",
];

/// Japanese endings after a cue, in the same sentence, that deny it
/// ("遠隔操作をお願いすることはありません").
pub const AFTER_JA: &[&str] = &["ありません", "いたしません", "しません", "ことはなく"];

/// Whether `before` (the sentence up to a cue) or `after` (the sentence
/// from the end of the cue) denies the cue in one of the languages.
pub fn denies(before: &str, after: &str) -> bool {
    // A Japanese sentence is short: 120 bytes (40 characters) after the cue.
    let mut end = after.len().min(120);
    while !after.is_char_boundary(end) {
        end -= 1;
    }
    let after = after.get(..end).unwrap_or("");
    let after = after.split(['。', '\n', '!', '?']).next().unwrap_or(after);
    BEFORE
        .iter()
        .any(|n| before.contains(n) || before.starts_with(n.trim_start()))
        || AFTER_JA.iter().any(|n| after.contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_in_each_language() {
        for (before, after) in [
            ("und bitten sie nie um ", " oder geschenkkarten."),
            ("wir verlangen niemals ", "."),
            ("en vragen nooit om ", " of om cadeaukaarten."),
            ("et ne demandons jamais d'", " ni de cartes cadeaux."),
            ("ni ", "."),
            ("y nunca le pedimos ", " ni tarjetas regalo."),
            ("e nunca pedimos ", " nem cartões presente."),
            ("a northwind jamais solicita ", "."),
            (
                "",
                "やギフトカードでのお支払いをお願いすることもありません。",
            ),
        ] {
            assert!(denies(before, after), "{before:?} {after:?}");
        }
    }

    #[test]
    fn requests_are_not_denied() {
        for (before, after) in [
            (
                "schalten sie den computer nicht aus, installieren sie ",
                ".",
            ),
            ("installez ", " pour que le technicien vous aide."),
            ("no se preocupe, instale ", "."),
            ("não desligue o computador e instale ", "."),
            (
                "",
                "をインストールしてください。サポートは料金がかかりません。",
            ),
            ("nie", "."),
        ] {
            assert!(!denies(before, after), "{before:?} {after:?}");
        }
    }
}
