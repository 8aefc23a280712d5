//! Finding the vendor's name in hostile text.
//!
//! Scammers write the brand so that a person reads "Northwind" and a naive
//! filter does not: Cyrillic `о` or Greek `ο` for `o`, zero-width or bidi
//! characters inside the word, fullwidth letters, `N o r t h w i n d`. The
//! text is first normalised ([`super::text::normalize`]: NFKC, invisible
//! characters removed); each word is then *folded*: lowercased and mapped to
//! its UTS #39 confusable skeleton (`super::confusables::skeleton`), so every
//! spelling that looks like the brand folds to the same string as the brand.
//! Runs of single letters are joined before matching.
//!
//! Japanese (and Chinese) are written without spaces, so a brand often sits
//! right against them: "Northwind公式サイト", "Windowsがロックされました".
//! That is a word boundary, not a brand disguised with foreign letters, so
//! words are first split where a script written with spaces meets one
//! written without ([`script_words`]). Letters of those scripts that are
//! confusable with Latin ones (`〇` for `O`) do not split, and neither does a
//! single such character between two Latin letters, so a disguise inside the
//! word is still one word and still caught.
//!
//! Not every mention is a claim. A multi-word term ("Northwind Security",
//! "Northwind Antivirus") is a *strong* mention. A lone "Northwind" is
//! *weak*: it only counts when capitalised and not followed by another
//! capitalised name ("Northwind Traders", the database tutorial), so "a cold
//! northwind" and the sample database stay out.

use std::borrow::Cow;

use super::lang;
use super::text::{self, Word};
use crate::directory::Directory;

/// Words that may follow a lone brand token without making it another
/// company's name ("Northwind Support", "Northwind Billing Team"). Scam
/// mail puts the ordinary words of a purchase after the brand ("Northwind
/// Order Confirmation", "Northwind Licensing"): those are the vendor
/// speaking, not another company.
const CONTINUATIONS: &[&str] = &[
    "support",
    "help",
    "helpline",
    "helpdesk",
    "desk",
    "customer",
    "customers",
    "care",
    "service",
    "services",
    "technical",
    "tech",
    "team",
    "billing",
    "refund",
    "refunds",
    "renewal",
    "account",
    "accounts",
    "subscription",
    "security",
    "antivirus",
    "av",
    "premium",
    "total",
    "pro",
    "plus",
    "internet",
    "protection",
    "center",
    "centre",
    "department",
    "dept",
    "official",
    "online",
    "order",
    "invoice",
    "receipt",
    "confirmation",
    "payment",
    "payments",
    "purchase",
    "renewals",
    "subscriptions",
    "licence",
    "license",
    "licensing",
    "membership",
    "plan",
    "store",
    "alert",
    "alerts",
    "notification",
    "update",
    "inc",
    "ltd",
    "llc",
    "corp",
    "is",
];

/// How much a mention says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// A single brand word that could be an ordinary word or another name.
    Weak,
    /// The vendor's name or a multi-word product name.
    Strong,
}

/// One mention of the brand in normalised text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Byte offset where it starts.
    pub start: usize,
    /// Byte offset just after it.
    pub end: usize,
    /// Strong or weak.
    pub strength: Strength,
    /// Written with look-alike letters or spaced out.
    pub obfuscated: bool,
    /// Followed by `'s`: talked about, not speaking ("Northwind's support").
    pub possessive: bool,
    /// Counts as a reference to the vendor (see the module docs).
    pub counts: bool,
}

#[derive(Clone, Debug)]
struct Term {
    tokens: Vec<String>,
    joined: String,
}

/// The vendor's brand terms, folded once.
#[derive(Clone, Debug)]
pub struct BrandMatcher {
    terms: Vec<Term>,
    /// The first folded word of the vendor's name ("northwind").
    core: String,
    /// Folded words that may follow the core token.
    continuations: Vec<String>,
    /// For each byte, whether a word starting with it is skipped without
    /// folding it: an ASCII byte with which no word can fold to something
    /// that starts a term (`ascii_starts`). A table of all 256 bytes, so
    /// that the test costs one load.
    skips: [bool; 256],
    /// The shortest of the core word and the joined terms, in bytes: how
    /// many letters of a longer ASCII word [`BrandMatcher::find`] folds
    /// first, to tell whether it can start a term at all.
    probe: usize,
}

/// For each ASCII byte, whether a word starting with it folds to something
/// that starts with one of `firsts`.
pub(crate) fn ascii_starts(firsts: &[char]) -> [bool; 128] {
    let mut table = [false; 128];
    let mut first = String::new();
    for (b, slot) in (0u8..).zip(table.iter_mut()) {
        first.clear();
        push_ascii(char::from(b.to_ascii_lowercase()), &mut first);
        *slot = first.chars().next().is_some_and(|c| firsts.contains(&c));
    }
    table
}

/// The bytes a word may start with to be skipped: the ASCII ones `starts`
/// says start no term (bytes beyond ASCII are never skipped).
fn skip_table(starts: &[bool; 128]) -> [bool; 256] {
    let mut table = [false; 256];
    for (slot, start) in table.iter_mut().zip(starts) {
        *slot = !start;
    }
    table
}

/// Folds one word: lowercase, confusable skeleton, lowercase again; ASCII
/// takes a fast path with the same result.
pub fn fold_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        fold_ascii_into(word.as_bytes(), out);
    } else {
        fold_chars_into(word, out);
    }
}

/// What [`push_ascii`] makes of each ASCII byte after lowercasing it: the
/// byte to write, `0` for nothing, `DOUBLE` for `m` (`rn`).
const DOUBLE: u8 = 1;
const FOLD_ASCII: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = (b as u8).to_ascii_lowercase();
        t[b] = match c {
            b'm' => DOUBLE,
            b'0' => b'o',
            b'1' => b'l',
            c if c.is_ascii_alphanumeric() => c,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// [`fold_into`] for an ASCII word: a table by byte instead of a call and
/// a match per character (brand matching folds every word that may start
/// a term, and this was most of its cost).
fn fold_ascii_into(word: &[u8], out: &mut String) {
    out.reserve(word.len());
    for &b in word {
        match FOLD_ASCII.get(usize::from(b)).copied().unwrap_or(0) {
            0 => {}
            DOUBLE => out.push_str("rn"),
            f => out.push(char::from(f)),
        }
    }
}

/// [`fold_into`] character by character: any text.
fn fold_chars_into(word: &str, out: &mut String) {
    for c in word.chars() {
        if c.is_ascii() {
            push_ascii(c.to_ascii_lowercase(), out);
            continue;
        }
        for l in c.to_lowercase() {
            if l.is_ascii() {
                push_ascii(l, out);
            } else {
                let mut buf = [0u8; 4];
                for s in super::confusables::skeleton(l.encode_utf8(&mut buf)).chars() {
                    for s in s.to_lowercase() {
                        if s.is_ascii() {
                            push_ascii(s, out);
                        } else if s.is_alphanumeric() {
                            out.push(s);
                        }
                    }
                }
            }
        }
    }
}

/// The skeleton of lowercase ASCII, as UTS #39 defines it.
pub(crate) fn push_ascii(c: char, out: &mut String) {
    match c {
        'm' => out.push_str("rn"),
        '0' => out.push('o'),
        '1' => out.push('l'),
        c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
        _ => {}
    }
}

/// Folds a whole string.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

impl BrandMatcher {
    /// Folds the vendor's name and brand terms.
    pub fn new(directory: &Directory) -> BrandMatcher {
        let mut terms: Vec<Term> = Vec::new();
        let names =
            core::iter::once(&directory.vendor.name).chain(directory.vendor.brand_terms.iter());
        for name in names {
            let tokens: Vec<String> = text::words(name)
                .iter()
                .filter_map(|w| name.get(w.start..w.end))
                .map(fold)
                .filter(|t| !t.is_empty())
                .collect();
            if tokens.is_empty() || terms.iter().any(|t| t.tokens == tokens) {
                continue;
            }
            terms.push(Term {
                joined: tokens.concat(),
                tokens,
            });
        }
        // Longest terms first, so "Northwind Security" wins over "Northwind".
        terms.sort_by(|a, b| {
            b.tokens
                .len()
                .cmp(&a.tokens.len())
                .then(b.joined.len().cmp(&a.joined.len()))
        });
        let core = terms
            .iter()
            .filter_map(|t| t.tokens.first())
            .min_by_key(|t| t.len())
            .cloned()
            .unwrap_or_default();
        let mut continuations: Vec<String> = CONTINUATIONS.iter().map(|s| fold(s)).collect();
        for t in &terms {
            continuations.extend(t.tokens.iter().skip(1).cloned());
        }
        let mut firsts: Vec<char> = terms
            .iter()
            .filter_map(|t| t.joined.chars().next())
            .collect();
        firsts.sort_unstable();
        firsts.dedup();
        let probe = terms
            .iter()
            .map(|t| t.joined.len())
            .chain([core.len()])
            .min()
            .unwrap_or(0)
            .max(1);
        BrandMatcher {
            terms,
            core,
            continuations,
            skips: skip_table(&ascii_starts(&firsts)),
            probe,
        }
    }

    /// Whether `s` (a display name, a host label) names the brand, however
    /// it is spelled.
    pub fn names_brand(&self, s: &str) -> bool {
        !self.core.is_empty() && fold(s).contains(&self.core)
    }

    /// Every mention in `text` (already [`text::normalize`]d) whose words
    /// are `words`. At most `limit` are returned.
    pub fn find(&self, text: &str, words: &[Word], limit: usize) -> Vec<Mention> {
        let mut out = Vec::new();
        if self.core.is_empty() {
            return out;
        }
        let words = script_words(text, words);
        let words: &[Word] = &words;
        let mut buf = String::new();
        let mut after: Vec<String> = Vec::new();
        let mut ascii = text::AsciiWords::new(text);
        let mut i = 0;
        let bytes = text.as_bytes();
        while out.len() < limit {
            // Fast path: words whose first letter is ASCII and cannot start
            // a term (most words), skipped in a loop of their own, one
            // table load each, before any is taken as a string.
            while let Some(w) = words.get(i) {
                let first = bytes.get(w.start).copied().unwrap_or(0x80);
                if w.end > w.start && self.skip_first(first) {
                    i += 1;
                } else {
                    break;
                }
            }
            let Some(&w) = words.get(i) else {
                break;
            };
            let raw = text.get(w.start..w.end).unwrap_or("");
            // A longer ASCII word is folded whole only when the fold of its
            // first `probe` letters agrees with the start of a term: the
            // whole word's fold starts with theirs (folding goes letter by
            // letter), so when theirs disagrees with every term, so does
            // the whole word's and the test below would drop it.
            if raw.len() > self.probe && ascii.is_ascii(w) {
                buf.clear();
                fold_into(raw.get(..self.probe).unwrap_or(raw), &mut buf);
                if !self.may_start_term(&buf) {
                    i += 1;
                    continue;
                }
            }
            buf.clear();
            fold_into(raw, &mut buf);
            let single = raw.chars().nth(1).is_none();
            if single {
                if let Some((end_idx, mention)) = self.spaced(text, words, i) {
                    out.push(mention);
                    i = end_idx + 1;
                    continue;
                }
            }
            if !self.starts_term(&buf) {
                i += 1;
                continue;
            }
            // The longest term that matches here. The words after this
            // one are folded once for all terms (`after`, the first
            // `folded` of them valid), not once per term tried.
            let mut best: Option<(usize, Strength)> = None;
            let mut folded = 0;
            for t in &self.terms {
                if buf == t.joined && t.tokens.len() > 1 {
                    best = Some((i, Strength::Strong));
                    break;
                }
                if t.tokens.first().is_some_and(|f| *f == buf) {
                    let mut ok = true;
                    for (k, token) in t.tokens.iter().enumerate().skip(1) {
                        let Some(nw) = words.get(i + k) else {
                            ok = false;
                            break;
                        };
                        let gap = text.get(words[i + k - 1].end..nw.start).unwrap_or("\n");
                        while folded < k {
                            if after.len() <= folded {
                                after.push(String::new());
                            }
                            let next = words.get(i + folded + 1);
                            if let (Some(slot), Some(nw)) = (after.get_mut(folded), next) {
                                slot.clear();
                                fold_into(text.get(nw.start..nw.end).unwrap_or(""), slot);
                            }
                            folded += 1;
                        }
                        let next = after.get(k - 1).map_or("", String::as_str);
                        if next != token || gap.len() > 3 || gap.contains('\n') {
                            ok = false;
                            break;
                        }
                    }
                    if ok {
                        let strength = if t.tokens.len() > 1 {
                            Strength::Strong
                        } else {
                            Strength::Weak
                        };
                        best = Some((i + t.tokens.len() - 1, strength));
                        break;
                    }
                }
            }
            // A brand glued to another word ("NorthwindSupport", "NorthwindHelp").
            let (last, strength) = best.unwrap_or((i, Strength::Weak));
            let start = w.start;
            let end = words.get(last).map_or(w.end, |x| x.end);
            let span = text.get(start..end).unwrap_or("");
            let obfuscated = !span.is_ascii();
            let after = text.get(end..).unwrap_or("");
            let possessive = after.starts_with("'s")
                || after.starts_with("\u{2019}s")
                || after.starts_with("s'");
            let capitalized = raw.chars().next().is_some_and(|c| !c.is_lowercase());
            let other_entity =
                strength == Strength::Weak && self.followed_by_name(text, words, last);
            let counts = match strength {
                Strength::Strong => true,
                Strength::Weak => (capitalized || obfuscated) && !other_entity,
            };
            out.push(Mention {
                start,
                end,
                strength,
                obfuscated,
                possessive,
                counts,
            });
            i = last + 1;
        }
        out
    }

    /// Whether a folded word starts with the core word or a whole term.
    fn starts_term(&self, folded: &str) -> bool {
        folded.starts_with(self.core.as_str())
            || self
                .terms
                .iter()
                .any(|t| folded.starts_with(t.joined.as_str()))
    }

    /// Whether the fold of a word's first letters, `head`, can begin the
    /// fold of a word that [`BrandMatcher::starts_term`]: it agrees with the
    /// core word or a term for the length of the shorter of the two.
    fn may_start_term(&self, head: &str) -> bool {
        let agrees = |t: &str| {
            let n = head.len().min(t.len());
            head.as_bytes().get(..n) == t.as_bytes().get(..n)
        };
        agrees(&self.core) || self.terms.iter().any(|t| agrees(&t.joined))
    }

    /// The first letters of the terms (folded).
    #[cfg(test)]
    fn firsts(&self) -> Vec<char> {
        self.terms
            .iter()
            .filter_map(|t| t.joined.chars().next())
            .collect()
    }

    /// Whether a word starting with byte `b` is skipped without a look: `b`
    /// is ASCII and no word starting with it can fold to something that
    /// starts a term.
    fn skip_first(&self, b: u8) -> bool {
        self.skips.get(usize::from(b)).copied().unwrap_or(false)
    }

    /// Whether the word after `idx` is a capitalised name that is not a
    /// brand or support word ("Northwind Traders").
    fn followed_by_name(&self, text: &str, words: &[Word], idx: usize) -> bool {
        let (Some(w), Some(nw)) = (words.get(idx), words.get(idx + 1)) else {
            return false;
        };
        let gap = text.get(w.end..nw.start).unwrap_or("\n");
        if gap != " " {
            return false;
        }
        let next = text.get(nw.start..nw.end).unwrap_or("");
        if !next.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
        let folded = fold(next);
        !self.continuations.contains(&folded)
    }

    /// A run of single letters starting at word `i` that spells a brand
    /// term: the index of its last word and the mention.
    fn spaced(&self, text: &str, words: &[Word], i: usize) -> Option<(usize, Mention)> {
        let mut joined = String::new();
        let mut ends = Vec::new();
        let mut k = i;
        while let Some(w) = words.get(k) {
            let raw = text.get(w.start..w.end).unwrap_or("");
            if raw.chars().nth(1).is_some() || ends.len() >= 64 {
                break;
            }
            if k > i {
                let gap = text.get(words[k - 1].end..w.start).unwrap_or("\n");
                if gap.chars().count() > 3 || gap.contains('\n') {
                    break;
                }
            }
            fold_into(raw, &mut joined);
            ends.push((joined.len(), k));
            k += 1;
        }
        if ends.len() < 4 {
            return None;
        }
        for t in &self.terms {
            if joined.starts_with(t.joined.as_str()) {
                let last = ends
                    .iter()
                    .find(|(len, _)| *len >= t.joined.len())
                    .map(|&(_, k)| k)?;
                let start = words.get(i)?.start;
                let end = words.get(last)?.end;
                let strength = if t.tokens.len() > 1 {
                    Strength::Strong
                } else {
                    Strength::Weak
                };
                return Some((
                    last,
                    Mention {
                        start,
                        end,
                        strength,
                        obfuscated: true,
                        possessive: false,
                        counts: true,
                    },
                ));
            }
        }
        None
    }
}

/// Whether `c` is written without spaces and does not look like a Latin
/// letter or digit (`〇` folds to `o` and stays part of a Latin word).
fn unspaced_letter(c: char) -> bool {
    if !lang::is_unspaced(c) {
        return false;
    }
    let mut buf = [0u8; 4];
    let latin = super::confusables::skeleton(c.encode_utf8(&mut buf))
        .chars()
        .any(|s| s.is_ascii_alphanumeric());
    !latin
}

/// `words` with each word split where letters of a script written with
/// spaces meet letters of one written without ("Northwind公式サイト" is
/// "Northwind" and "公式サイト"). A single character of such a script
/// between two other letters does not split: that is a word written with a
/// stray character, which [`BrandMatcher::find`] must still see whole.
/// Only words beyond ASCII can split, so the walk goes from one to the next
/// ([`text::first_word_beyond_ascii`]), not through every word.
fn script_words<'a>(text: &str, words: &'a [Word]) -> Cow<'a, [Word]> {
    if text.is_ascii() {
        return Cow::Borrowed(words);
    }
    // Most text has no word to split: the words are lent as they are, and
    // copied only from the first word that splits (`out` then holds the
    // words before `copied`).
    let mut out: Option<Vec<Word>> = None;
    let mut copied = 0;
    let mut pieces: Vec<Word> = Vec::new();
    let mut runs: Vec<(bool, usize, usize, usize)> = Vec::new();
    let mut idx = 0;
    loop {
        idx = text::first_word_beyond_ascii(text, words, idx);
        let Some(w) = words.get(idx) else {
            break;
        };
        let raw = text.get(w.start..w.end).unwrap_or("");
        idx += 1;
        // Without a character of an unspaced script the word is one run.
        if !raw.chars().any(lang::is_unspaced) {
            continue;
        }
        pieces.clear();
        split_by_script(raw, *w, &mut runs, &mut pieces);
        if out.is_none() && pieces.as_slice() == [*w] {
            continue;
        }
        let out = out.get_or_insert_with(|| Vec::with_capacity(words.len() + pieces.len()));
        out.extend_from_slice(words.get(copied..idx - 1).unwrap_or_default());
        out.extend_from_slice(&pieces);
        copied = idx;
    }
    match out {
        Some(mut out) => {
            out.extend_from_slice(words.get(copied..).unwrap_or_default());
            Cow::Owned(out)
        }
        None => Cow::Borrowed(words),
    }
}

/// The former [`script_words`], which asked of every word whether it is
/// ASCII: the reference the walk by runs of ASCII words is checked against.
/// `words` with each word split where letters of a script written with
/// spaces meet letters of one written without ("Northwind公式サイト" is
/// "Northwind" and "公式サイト"). A single character of such a script
/// between two other letters does not split: that is a word written with a
/// stray character, which [`BrandMatcher::find`] must still see whole.
#[cfg(test)]
fn script_words_former<'a>(text: &str, words: &'a [Word]) -> Cow<'a, [Word]> {
    if text.is_ascii() {
        return Cow::Borrowed(words);
    }
    // Most text has no word to split: the words are lent as they are, and
    // copied only from the first word that splits.
    let mut out: Option<Vec<Word>> = None;
    let mut pieces: Vec<Word> = Vec::new();
    let mut runs: Vec<(bool, usize, usize, usize)> = Vec::new();
    let mut ascii = text::AsciiWords::new(text);
    for (idx, w) in words.iter().enumerate() {
        // Without a character of an unspaced script the word is one run.
        if ascii.is_ascii(*w) {
            if let Some(out) = out.as_mut() {
                out.push(*w);
            }
            continue;
        }
        let raw = text.get(w.start..w.end).unwrap_or("");
        if !raw.chars().any(lang::is_unspaced) {
            if let Some(out) = out.as_mut() {
                out.push(*w);
            }
            continue;
        }
        pieces.clear();
        split_by_script(raw, *w, &mut runs, &mut pieces);
        match out.as_mut() {
            Some(out) => out.extend_from_slice(&pieces),
            None if pieces.as_slice() != [*w] => {
                let mut copy = Vec::with_capacity(words.len() + pieces.len());
                copy.extend_from_slice(words.get(..idx).unwrap_or_default());
                copy.extend_from_slice(&pieces);
                out = Some(copy);
            }
            None => {}
        }
    }
    match out {
        Some(out) => Cow::Owned(out),
        None => Cow::Borrowed(words),
    }
}

/// Splits one word (`raw`, at `w`) where scripts with and without spaces
/// meet; `runs` is scratch space.
fn split_by_script(
    raw: &str,
    w: Word,
    runs: &mut Vec<(bool, usize, usize, usize)>,
    out: &mut Vec<Word>,
) {
    // Runs of (unspaced?, start, end, characters).
    runs.clear();
    for (off, c) in raw.char_indices() {
        let u = unspaced_letter(c);
        let at = w.start + off;
        match runs.last_mut() {
            Some(r) if r.0 == u => {
                r.2 = at + c.len_utf8();
                r.3 += 1;
            }
            _ => runs.push((u, at, at + c.len_utf8(), 1)),
        }
    }
    let mut k = 0;
    let mut start = w.start;
    while let Some(&(u, _, end, _)) = runs.get(k) {
        // Glue a lone unspaced character between two other runs.
        let glued = |j: usize| -> bool {
            runs.get(j).is_some_and(|r| r.0 && r.3 == 1) && j > 0 && runs.get(j + 1).is_some()
        };
        if !u && glued(k + 1) {
            // This run, the lone character and the next run are one word;
            // continue from the next run without closing the word.
            k += 2;
            continue;
        }
        out.push(Word { start, end });
        start = end;
        k += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::testing::directory;

    fn mentions(text: &str) -> Vec<Mention> {
        let m = BrandMatcher::new(&directory());
        let t = text::normalize(text);
        let w = text::words(&t);
        m.find(&t, &w, 100)
    }

    /// [`BrandMatcher::find`] as it was before the probe, the byte-level
    /// first-letter test and the shared folds of the following words: the
    /// reference the matcher is checked against.
    fn find_reference(m: &BrandMatcher, text: &str, words: &[Word], limit: usize) -> Vec<Mention> {
        let mut out = Vec::new();
        if m.core.is_empty() {
            return out;
        }
        let words = script_words_former(text, words);
        let words: &[Word] = &words;
        let mut buf = String::new();
        let mut next = String::new();
        let mut i = 0;
        while i < words.len() && out.len() < limit {
            let w = words[i];
            let raw = text.get(w.start..w.end).unwrap_or("");
            // Fast path: an ASCII first letter that cannot start a term
            // (the table as it was: by ASCII byte, whether one can).
            if let Some(&b) = raw.as_bytes().first() {
                let starts = ascii_starts(&m.firsts());
                if b.is_ascii() && !starts.get(usize::from(b)).copied().unwrap_or(false) {
                    i += 1;
                    continue;
                }
            }
            buf.clear();
            fold_into(raw, &mut buf);
            let single = raw.chars().nth(1).is_none();
            if single {
                if let Some((end_idx, mention)) = m.spaced(text, words, i) {
                    out.push(mention);
                    i = end_idx + 1;
                    continue;
                }
            }
            if !buf.starts_with(m.core.as_str())
                && !m.terms.iter().any(|t| buf.starts_with(t.joined.as_str()))
            {
                i += 1;
                continue;
            }
            // The longest term that matches here.
            let mut best: Option<(usize, Strength)> = None;
            for t in &m.terms {
                if buf == t.joined && t.tokens.len() > 1 {
                    best = Some((i, Strength::Strong));
                    break;
                }
                if t.tokens.first().is_some_and(|f| *f == buf) {
                    let mut ok = true;
                    for (k, token) in t.tokens.iter().enumerate().skip(1) {
                        let Some(nw) = words.get(i + k) else {
                            ok = false;
                            break;
                        };
                        let gap = text.get(words[i + k - 1].end..nw.start).unwrap_or("\n");
                        next.clear();
                        fold_into(text.get(nw.start..nw.end).unwrap_or(""), &mut next);
                        if next != *token || gap.len() > 3 || gap.contains('\n') {
                            ok = false;
                            break;
                        }
                    }
                    if ok {
                        let strength = if t.tokens.len() > 1 {
                            Strength::Strong
                        } else {
                            Strength::Weak
                        };
                        best = Some((i + t.tokens.len() - 1, strength));
                        break;
                    }
                }
            }
            // A brand glued to another word ("NorthwindSupport", "NorthwindHelp").
            let (last, strength) = best.unwrap_or((i, Strength::Weak));
            let start = w.start;
            let end = words.get(last).map_or(w.end, |x| x.end);
            let span = text.get(start..end).unwrap_or("");
            let obfuscated = !span.is_ascii();
            let after = text.get(end..).unwrap_or("");
            let possessive = after.starts_with("'s")
                || after.starts_with("\u{2019}s")
                || after.starts_with("s'");
            let capitalized = raw.chars().next().is_some_and(|c| !c.is_lowercase());
            let other_entity = strength == Strength::Weak && m.followed_by_name(text, words, last);
            let counts = match strength {
                Strength::Strong => true,
                Strength::Weak => (capitalized || obfuscated) && !other_entity,
            };
            out.push(Mention {
                start,
                end,
                strength,
                obfuscated,
                possessive,
                counts,
            });
            i = last + 1;
        }
        out
    }

    /// The mentions `m` finds, and those the reference finds.
    fn with_and_reference(m: &BrandMatcher, text: &str) -> (Vec<Mention>, Vec<Mention>) {
        let t = text::normalize(text);
        let w = text::words(&t);
        (m.find(&t, &w, 100_000), find_reference(m, &t, &w, 100_000))
    }

    /// A matcher for the Contoso demo vendor, whose terms start with
    /// another word than Northwind's.
    fn contoso() -> BrandMatcher {
        let mut d = directory();
        d.vendor.name = "Contoso".into();
        d.vendor.brand_terms = vec![
            "Contoso Cloud".into(),
            "Fabrikam Backup".into(),
            "Mimosa".into(),
        ];
        BrandMatcher::new(&d)
    }

    /// Northwind's matcher and [`contoso`], made once (the directory is
    /// verified to make them).
    fn matchers() -> &'static [BrandMatcher; 2] {
        static M: std::sync::OnceLock<[BrandMatcher; 2]> = std::sync::OnceLock::new();
        M.get_or_init(|| [BrandMatcher::new(&directory()), contoso()])
    }

    /// The matcher finds what the reference finds, on every page and
    /// message of the corpus, for two vendors.
    #[test]
    fn find_agrees_with_reference_on_the_corpus() {
        let mut texts = Vec::new();
        for s in crate::detect::testing::corpus(&["pages", "webmail", "emails"]) {
            texts.push(text::extract(&s).text);
            texts.push(s);
        }
        assert!(texts.len() > 80, "corpus not found: {}", texts.len());
        let mut found = 0;
        for m in matchers() {
            for t in &texts {
                let (fast, whole) = with_and_reference(m, t);
                assert_eq!(fast, whole, "{}", t.get(..200).unwrap_or(t));
                found += fast.len();
            }
        }
        assert!(found > 100, "{found}");
    }

    fn counted(text: &str) -> usize {
        mentions(text).iter().filter(|m| m.counts).count()
    }

    /// The ASCII table folds every ASCII byte as the character path does.
    #[test]
    fn ascii_table_folds_as_characters_do() {
        for b in 0u8..128 {
            let s = char::from(b).to_string();
            let (mut fast, mut slow) = (String::new(), String::new());
            fold_ascii_into(s.as_bytes(), &mut fast);
            fold_chars_into(&s, &mut slow);
            assert_eq!(fast, slow, "byte {b}");
        }
    }

    #[test]
    fn ascii_fast_path_agrees_with_skeleton() {
        for c in (b'0'..=b'9').chain(b'a'..=b'z').chain(b'A'..=b'Z') {
            let c = char::from(c);
            let lower: String = c.to_lowercase().collect();
            let expected: String = unicode_security::skeleton(&lower)
                .collect::<String>()
                .to_lowercase();
            assert_eq!(fold(&c.to_string()), expected, "{c}");
        }
    }

    #[test]
    fn hostile_spellings_are_found() {
        for text in [
            "Call Northwind Security now",
            "Call N\u{043E}rthwind Security now",
            "Call N\u{03BF}rthw\u{0456}nd Security now",
            "Call North\u{200B}wind Security now",
            "Call North\u{202E}wind Security",
            "Call \u{FF2E}\u{FF4F}\u{FF52}\u{FF54}\u{FF48}\u{FF57}\u{FF49}\u{FF4E}\u{FF44} Security",
            "Call N o r t h w i n d now",
            "Call N-O-R-T-H-W-I-N-D now",
            "Call NORTHWIND SECURITY",
            "Call NorthwindSecurity",
        ] {
            assert_eq!(counted(text), 1, "{text:?}: {:?}", mentions(text));
        }
        let m = mentions("N\u{043E}rthwind Security");
        assert!(m[0].obfuscated && m[0].strength == Strength::Strong);
    }

    #[test]
    fn ordinary_words_and_other_names_do_not_count() {
        assert_eq!(counted("a cold northwind blew over the hills"), 0);
        assert_eq!(counted("a cold north wind blew"), 0);
        assert_eq!(counted("Query the Northwind Traders sample database"), 0);
        assert_eq!(counted("Northwood and Southwind are towns"), 0);
        assert_eq!(counted("Northwind Support: call us"), 1);
        // Ordinary words of a purchase after the brand do not make it
        // another company's name.
        assert_eq!(counted("Northwind Order Confirmation #NW-20331"), 1);
        assert_eq!(counted("Northwind Licensing"), 1);
        assert_eq!(counted("Northwind Invoice 4471"), 1);
        let m = mentions("Northwind's support team");
        assert!(m[0].possessive);
    }

    #[test]
    fn brand_next_to_japanese_is_a_word() {
        for text in [
            "Northwind公式サイト",
            "Northwindがロックされました",
            "今すぐNorthwindサポートへ",
            "Northwind Securityのサポート窓口",
            "「Northwind」を名乗る",
        ] {
            let m = mentions(text);
            assert_eq!(m.iter().filter(|m| m.counts).count(), 1, "{text}: {m:?}");
            assert!(!m[0].obfuscated, "{text}: {m:?}");
            let t = text::normalize(text);
            assert_eq!(t[m[0].start..m[0].end].to_lowercase().replace(' ', ""), {
                if text.contains("Security") {
                    "northwindsecurity"
                } else {
                    "northwind"
                }
            });
        }
        // A disguise stays a disguise next to Japanese.
        let m = mentions("N\u{043E}rthwind公式サイト");
        assert!(m[0].counts && m[0].obfuscated);
        // A look-alike of a Latin letter from those scripts does not split.
        let m = mentions("N\u{3007}RTHWIND Security");
        assert!(m[0].counts && m[0].obfuscated, "{m:?}");
        // Nor does one stray character inside the word.
        assert_eq!(
            script_words("North\u{4E36}wind", &text::words("North\u{4E36}wind")).len(),
            1
        );
    }

    proptest::proptest! {
        /// The matcher finds what the reference finds on words made to
        /// start like the terms (in any case, with look-alike digits, `rn`
        /// for `m`, a look-alike first letter beyond ASCII) and the words
        /// that follow them in the terms.
        #[test]
        fn find_agrees_with_reference(s in "((?i)(n|no|nor|north|n0rth|northw1nd|northwind|northwindsecurity|contoso|c0nt0so|fabrikam|fabrlkam|rnimosa|mimosa|mi|\u{578}orthwind|\u{441}ontoso|\u{3F2}ontoso)[a-z0-9]{0,12}|(?i)(total|t0tal|protection|security|antivirus|cloud|backup)|[ .,'-]{1,2}|\\PC{0,3}){0,30}") {
            for m in matchers() {
                let (fast, whole) = with_and_reference(m, &s);
                proptest::prop_assert_eq!(fast, whole);
            }
        }

        /// ASCII words fold by the table as they do character by character.
        #[test]
        fn ascii_words_fold_as_characters_do(s in "[\\x00-\\x7f]{0,40}") {
            let (mut fast, mut slow) = (String::new(), String::new());
            fold_ascii_into(s.as_bytes(), &mut fast);
            fold_chars_into(&s, &mut slow);
            proptest::prop_assert_eq!(fast, slow);
        }

        #[test]
        fn never_panics(s in "\\PC{0,200}") {
            let _ = mentions(&s);
        }

        /// The split walked by runs of ASCII words gives the words the
        /// former split gave: Japanese glued to Latin words or apart, one
        /// stray character inside a word, accented words, punctuation beyond
        /// ASCII between words.
        #[test]
        fn script_split_as_before(s in "([a-zA-Z]{0,8}|[\u{3041}-\u{3096}\u{4E00}-\u{4E20}]{0,3}|caf\u{e9}|\u{2019}|[ .-]{1,2}|\\PC{0,3}){0,30}") {
            let w = text::words(&s);
            proptest::prop_assert_eq!(script_words(&s, &w), script_words_former(&s, &w));
        }

        /// Splitting words at script boundaries keeps every character of
        /// every word, in order, and only ever splits.
        #[test]
        fn script_split_covers_the_words(s in "[a-zA-Z\u{3041}-\u{3096}\u{4E00}-\u{4E20} ]{0,40}") {
            let w = text::words(&s);
            let split = script_words(&s, &w);
            let joined: String = split.iter().map(|x| &s[x.start..x.end]).collect();
            let orig: String = w.iter().map(|x| &s[x.start..x.end]).collect();
            proptest::prop_assert_eq!(joined, orig);
            proptest::prop_assert!(split.len() >= w.len());
        }

        /// Invisible characters anywhere inside the name do not hide it.
        #[test]
        fn invisible_characters_do_not_hide_the_brand(
            at in 1usize..9,
            c in proptest::sample::select(vec!['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{202E}', '\u{AD}']),
        ) {
            let mut name: Vec<char> = "Northwind".chars().collect();
            name.insert(at, c);
            let text = format!("Call {} Security now", name.iter().collect::<String>());
            proptest::prop_assert_eq!(counted(&text), 1);
        }

        /// Confusable letters for the o are still the brand.
        #[test]
        fn confusable_o_is_the_brand(o in proptest::sample::select(vec!['\u{043E}', '\u{03BF}', '\u{0585}', '\u{FF4F}', '\u{1D52C}'])) {
            let text = format!("N{o}rthwind Security Support");
            proptest::prop_assert_eq!(counted(&text), 1);
        }
    }
}
