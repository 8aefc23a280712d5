//! Languages besides English: their scam, support and commentary cues, and
//! a guess at the language a text is written in.
//!
//! Real support scams are written in the language of the people they
//! target, and so are the warnings about them: a French page that says
//! "arnaque" and "escroc" is talking *about* the vendor, and must not be read
//! as the vendor speaking. Each language's cues live in a file of their own
//! ([`de`], [`fr`], [`es`], [`nl`], [`ja`], [`pt`]) as people write them, accents
//! included; [`super::context::ContextScanner`] folds both the tables and
//! the text with [`fold_into`] (lower case, accents removed), so "Arnaque",
//! "ARNAQUE" and a decomposed "e\u{301}" all match. Every language's cues are
//! always on: a mixed-language page is common, and cues need no guess.
//!
//! Japanese is written without spaces, so its cues are substrings of runs of
//! Japanese text ([`ja`]), not words.
//!
//! The language guess ([`guess`]) only decides how national phone numbers
//! are read ([`super::phone`]): "030 1234567" on a German page is a Berlin
//! number, the way its reader would dial it.

pub mod de;
pub mod es;
pub mod fr;
pub mod ja;
pub mod negation;
pub mod nl;
pub mod pt;
#[cfg(test)]
mod real;

use super::context::Cue;
use super::text::Word;

/// A language the engine has cues and number formats for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// German.
    De,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Dutch.
    Nl,
    /// Japanese.
    Ja,
    /// Portuguese (read as Brazilian for numbers: most of its readers are).
    Pt,
}

impl Lang {
    /// The country whose national number format a reader of this language
    /// most likely dials (ISO 3166 code).
    pub fn country(self) -> &'static str {
        match self {
            Lang::De => "DE",
            Lang::Fr => "FR",
            Lang::Es => "ES",
            Lang::Nl => "NL",
            Lang::Ja => "JP",
            Lang::Pt => "BR",
        }
    }
}

/// Whole-word phrase tables of the languages written with spaces.
pub const WORD_TABLES: [&[(Cue, &[&str])]; 5] = [
    de::PHRASES,
    fr::PHRASES,
    es::PHRASES,
    nl::PHRASES,
    pt::PHRASES,
];

/// Word-beginning tables (compounds).
pub const PREFIX_TABLES: [&[(Cue, &str)]; 5] = [
    de::PREFIXES,
    fr::PREFIXES,
    es::PREFIXES,
    nl::PREFIXES,
    pt::PREFIXES,
];

/// Folds a word for matching: lower case, canonical decomposition, combining
/// marks dropped ("Téléphone" → "telephone", "BETRÜGER" → "betruger").
pub fn fold_into(word: &str, out: &mut String) {
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for l in c.to_lowercase() {
            crate::unicode::decompose_canonical(l, |d| {
                if !is_combining(d) {
                    out.push(d);
                }
            });
        }
    }
}

/// [`fold_into`] a new string.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Whether `c` belongs to a script written without spaces between words
/// (Han ideographs, hiragana, katakana, and the Japanese punctuation and
/// prolonged sound mark between them).
pub fn is_unspaced(c: char) -> bool {
    is_kana(c)
        || matches!(c, '\u{3005}'..='\u{3007}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// Hiragana and katakana (only Japanese writes them).
pub fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}' | '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}'
        | '\u{FF66}'..='\u{FF9F}')
}

/// Words looked at to guess the language: the start of a text says it.
const GUESS_WORDS: usize = 3_000;

/// The language `lower` (ASCII-lowercased normalised text whose words are
/// `words`) is mostly written in, if it is one of [`Lang`] and clearly so.
/// English and unknown languages give `None`.
///
/// Frequent short words ("der", "vous", "usted", "het") are counted per
/// language; Japanese is recognised by its kana, which no other language
/// writes. A language wins with at least five of its words and more than
/// any other language, English included.
pub fn guess(lower: &str, words: &[Word]) -> Option<Lang> {
    // De, Fr, Es, Nl, Ja, Pt, then English.
    let mut counts = [0usize; 7];
    let mut buf = String::new();
    let shapes = ListedShapes::new();
    for w in words.iter().take(GUESS_WORDS) {
        let Some(word) = lower.get(w.start..w.end) else {
            continue;
        };
        let word = if word.is_ascii() {
            word
        } else {
            if word.chars().any(is_kana) {
                counts[4] += 3;
                continue;
            }
            buf.clear();
            fold_into(word, &mut buf);
            buf.as_str()
        };
        if word.len() > 6 {
            continue;
        }
        // Most words are in no list: one table load says so.
        let lists = shapes.may_hold(word);
        if lists == 0 {
            continue;
        }
        for (k, list) in LISTS {
            if lists & (1 << (8 * k)) != 0 && listed(list, word) {
                if let Some(c) = counts.get_mut(k) {
                    *c += 1;
                }
            }
        }
    }
    let langs = [Lang::De, Lang::Fr, Lang::Es, Lang::Nl, Lang::Ja, Lang::Pt];
    let (best, &n) = counts.iter().take(6).enumerate().max_by_key(|&(_, n)| *n)?;
    let others = counts
        .iter()
        .enumerate()
        .filter(|&(k, _)| k != best)
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0);
    (n >= 5 && n > others)
        .then(|| langs.get(best).copied())
        .flatten()
}

/// Whether `word` is one of `list`: the same answer as `list.contains`, but
/// the length and first byte are compared before the bytes, since every
/// word of a text is looked up in six lists of some thirty words and most
/// candidates differ there (the full comparison was a sixth of a raw
/// email's analysis).
fn listed(list: &[&str], word: &str) -> bool {
    let first = word.as_bytes().first();
    list.iter()
        .any(|w| w.len() == word.len() && w.as_bytes().first() == first && *w == word)
}

/// The stopword lists by the index of their count in [`guess`].
const LISTS: [(usize, &[&str]); 6] = [
    (6, EN),
    (0, de::STOPWORDS),
    (1, fr::STOPWORDS),
    (2, es::STOPWORDS),
    (3, nl::STOPWORDS),
    (5, pt::STOPWORDS),
];

/// For each first byte (its last five bits: bytes that share them share
/// an entry), the lengths (1 to 8 bytes) of the words of each list that
/// start with it: bit `8 * k + length - 1` for the list counted at `k`.
/// Made when a text is guessed (a few hundred words to read) rather than
/// kept as a table in the package.
struct ListedShapes([u64; 32]);

impl ListedShapes {
    fn new() -> ListedShapes {
        let mut t = [0u64; 32];
        for (k, list) in LISTS {
            for w in list {
                let (Some(&first), Some(len)) = (w.as_bytes().first(), w.len().checked_sub(1))
                else {
                    continue;
                };
                if let Some(slot) = t.get_mut(usize::from(first & 31)).filter(|_| len < 8) {
                    *slot |= 1 << (8 * k + len);
                }
            }
        }
        ListedShapes(t)
    }

    /// Which lists may hold `word` (bit `8 * k` for the list counted at
    /// `k`): those with a word of its length and first byte. Words of more
    /// than eight bytes are in none.
    fn may_hold(&self, word: &str) -> u64 {
        let (Some(&first), Some(len)) = (word.as_bytes().first(), word.len().checked_sub(1)) else {
            return 0;
        };
        if len >= 8 {
            return 0;
        }
        (self.0.get(usize::from(first & 31)).copied().unwrap_or(0) >> len) & 0x0101_0101_0101_0101
    }
}

/// Frequent English words, so that an English page quoting a French phrase
/// stays English.
const EN: &[&str] = &[
    "the", "and", "you", "your", "is", "to", "of", "for", "with", "this", "are", "not", "we",
    "our", "please", "will", "be", "have", "that", "it", "on", "in",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::text;

    /// [`guess`] as it was: every short word looked up in every list.
    fn guess_reference(lower: &str, words: &[Word]) -> Option<Lang> {
        let mut counts = [0usize; 7];
        for w in words.iter().take(GUESS_WORDS) {
            let Some(word) = lower.get(w.start..w.end) else {
                continue;
            };
            let folded;
            let word = if word.is_ascii() {
                word
            } else {
                if word.chars().any(is_kana) {
                    counts[4] += 3;
                    continue;
                }
                folded = fold(word);
                folded.as_str()
            };
            if word.len() > 6 {
                continue;
            }
            for (k, list) in LISTS {
                if listed(list, word) {
                    counts[k] += 1;
                }
            }
        }
        let langs = [Lang::De, Lang::Fr, Lang::Es, Lang::Nl, Lang::Ja, Lang::Pt];
        let (best, &n) = counts.iter().take(6).enumerate().max_by_key(|&(_, n)| *n)?;
        let others = counts
            .iter()
            .enumerate()
            .filter(|&(k, _)| k != best)
            .map(|(_, n)| *n)
            .max()
            .unwrap_or(0);
        (n >= 5 && n > others)
            .then(|| langs.get(best).copied())
            .flatten()
    }

    fn both(s: &str) -> (Option<Lang>, Option<Lang>) {
        let t = text::normalize(s);
        let lower = t.to_ascii_lowercase();
        let words = text::words(&t);
        (guess(&lower, &words), guess_reference(&lower, &words))
    }

    /// Every word of every list passes the table, for its list; the guess
    /// is the reference's on every corpus page, webmail page and email.
    #[test]
    fn guess_as_the_reference() {
        for (k, list) in LISTS {
            for w in list {
                assert_ne!(ListedShapes::new().may_hold(w) & (1 << (8 * k)), 0, "{w}");
            }
        }
        let corpus = crate::detect::testing::corpus(&["pages", "webmail", "emails"]);
        assert!(corpus.len() > 40, "{}", corpus.len());
        let mut guessed = 0;
        for page in corpus {
            let (fast, reference) = both(&text::extract(&page).text);
            assert_eq!(fast, reference, "{page}");
            guessed += usize::from(fast.is_some());
        }
        assert!(guessed > 5, "{guessed}");
    }

    fn lang(s: &str) -> Option<Lang> {
        let t = text::normalize(s);
        let lower = t.to_ascii_lowercase();
        guess(&lower, &text::words(&t))
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Téléphone"), "telephone");
        assert_eq!(fold("BETRÜGER"), "betruger");
        assert_eq!(fold("Te\u{301}le\u{301}phone"), "telephone");
        assert_eq!(fold("ÉTÉ"), "ete");
        assert_eq!(fold("Straße"), "straße");
    }

    #[test]
    fn guesses_languages() {
        assert_eq!(
            lang("Ihr Abonnement wird heute verlängert. Wenn Sie nicht zahlen wollen, rufen Sie uns an."),
            Some(Lang::De)
        );
        assert_eq!(
            lang("Votre ordinateur est bloqué. Ne fermez pas cette page et appelez le support pour vous aider."),
            Some(Lang::Fr)
        );
        assert_eq!(
            lang("Su equipo está bloqueado por un virus. Llame al soporte técnico para que le ayuden con el problema."),
            Some(Lang::Es)
        );
        assert_eq!(
            lang("Uw abonnement wordt vandaag verlengd. Bel ons als u dat niet wilt, dan kunt u het opzeggen bij de helpdesk."),
            Some(Lang::Nl)
        );
        assert_eq!(
            lang("お使いのパソコンはウイルスに感染しています。今すぐサポートにお電話ください。"),
            Some(Lang::Ja)
        );
        assert_eq!(
            lang("Your subscription will renew today. Call us if you wish to cancel, or reply to this email."),
            None
        );
        assert_eq!(
            lang("Sua assinatura expirou e você não está protegido. Renove a sua licença com o desconto do dia e ligue para o suporte da empresa."),
            Some(Lang::Pt)
        );
        assert_eq!(lang("Bonjour"), None);
        assert_eq!(lang(""), None);
    }

    proptest::proptest! {
        /// Text made of the lists' words and others guesses as the reference.
        #[test]
        fn guess_as_the_reference_on_stopwords(words in proptest::collection::vec(proptest::sample::select(LISTS.iter().flat_map(|(_, l)| l.iter().copied()).chain(["xyz", "\u{e9}t\u{e9}", "DER", "Vous", "a", "\u{3042}"]).collect::<Vec<&str>>()), 0..60)) {
            let text = words.join(" ");
            let (fast, reference) = both(&text);
            proptest::prop_assert_eq!(fast, reference);
        }

        #[test]
        fn never_panics(s in "\\PC{0,300}") {
            let _ = lang(&s);
            let _ = fold(&s);
        }
    }
}
