//! The former ways of the claims' per-finding work, kept as references the
//! faster ones are checked against on every corpus page, webmail page and
//! email and on made-up text: the sentence found by testing every byte it
//! passes, a number's attribution with every test made, the heading and
//! adjacent claims with every test made for every mention, and the
//! commentary guard that collects every sentence.

use super::super::normalise::Normalised;
use super::super::text::{self, ceil_boundary, floor_boundary};
use super::{flags_in, is_likely_platform, mention_in, Claims, Cue, Hit};

/// `text::sentence_bounds` as it was: every byte from `start` back and from
/// `end` forward tested in turn.
pub(super) fn sentence_bounds(text: &str, start: usize, end: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let is_stop = |i: usize| -> bool {
        matches!(b.get(i), Some(b'.' | b'!' | b'?' | b';'))
            && b.get(i + 1).map_or(true, |c| c.is_ascii_whitespace())
            && !(b.get(i) == Some(&b'.') && ends_abbreviation(b, i))
    };
    let ideographic_stop = |i: usize| b.get(i.wrapping_sub(2)..=i) == Some(&[0xE3, 0x80, 0x82][..]);
    let lo = start.saturating_sub(200);
    let mut s = start;
    while s > lo {
        if b.get(s - 1) == Some(&b'\n')
            || (s >= 2 && is_stop(s - 2) && b.get(s - 1) == Some(&b' '))
            || ideographic_stop(s - 1)
        {
            break;
        }
        s -= 1;
    }
    let hi = end.saturating_add(120).min(b.len());
    let mut e = end;
    while e < hi {
        if b.get(e) == Some(&b'\n') {
            break;
        }
        if is_stop(e) {
            e += 1;
            break;
        }
        if ideographic_stop(e) {
            e += 1;
            break;
        }
        e += 1;
    }
    (ceil_boundary(text, s), floor_boundary(text, e))
}

/// The abbreviations of `text` (its list is private), for the reference.
const ABBREVIATIONS: &[&[u8]] = &[
    b"inc", b"ltd", b"ltda", b"co", b"corp", b"llc", b"st", b"dr", b"e.g", b"i.e", b"no", b"vs",
    b"mr", b"mrs", b"ms", b"jr", b"sr", b"sra", b"u.s", b"u.k", b"s.a",
];

fn ends_abbreviation(b: &[u8], dot: usize) -> bool {
    let mut s = dot;
    while s > 0
        && dot - s < 5
        && b.get(s - 1)
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'.')
    {
        s -= 1;
    }
    if s > 0 && b.get(s - 1).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    let word = b.get(s..dot).unwrap_or(&[]);
    ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// [`Claims::attributed`] as it was: every test made, in the order written.
pub(super) fn attributed(
    cl: &Claims,
    n: &Normalised,
    start: usize,
    end: usize,
    is_link: bool,
) -> bool {
    if n.in_quote(start) {
        return false;
    }
    let norm = n.norm.as_str();
    let (mut s, e) = sentence_bounds(norm, start, end);
    let before = norm.get(s..start).unwrap_or("");
    let after = norm.get(end..e).unwrap_or("");
    if s > 0 && !before.chars().any(char::is_alphabetic) && !after.chars().any(char::is_alphabetic)
    {
        s = sentence_bounds(norm, s - 1, s - 1).0;
    }
    let f = flags_in(&n.hits, s, e);
    if f.neutral {
        return false;
    }
    let mut named = mention_in(&n.mentions, s, e);
    if !named {
        if let Some((ps, pe)) = text::previous_line(norm, s) {
            let pf = flags_in(&n.hits, ps, pe);
            let line = norm.get(ps..pe).unwrap_or("");
            named = text::word_count(line) <= 12
                && mention_in(&n.mentions, ps, pe)
                && (pf.support || pf.billing)
                && !pf.commentary
                && !pf.neutral;
        }
    }
    if named
        && (f.support || f.billing || f.cta)
        && (!f.commentary || f.official)
        && !text::is_question(norm, e)
    {
        return true;
    }
    let (ls, le) = text::line_bounds(norm, start);
    let label = |a: usize, b: usize| {
        norm.get(a..b).map_or(0, |t| {
            t.split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .count()
        })
    };
    let contact_line =
        cl.text_presents && ls <= start && end <= le && label(ls, start) + label(end, le) <= 2;
    cl.self_presents
        && !cl.commentary_page
        && !f.commentary
        && (f.cta || f.support || f.billing || is_link || contact_line)
}

/// The heading and adjacent claims as they were: every test made for each
/// of the first 200 mentions.
pub(super) fn heading_and_adjacent(n: &Normalised) -> (bool, bool) {
    let norm = n.norm.as_str();
    let hits = &n.hits;
    let mut heading_claim = false;
    let mut adjacent_claim = false;
    for m in n
        .mentions
        .iter()
        .filter(|m| m.counts && !m.possessive && !n.in_quote(m.start))
        .take(200)
    {
        let (ls, le) = text::line_bounds(norm, m.start);
        let line = norm.get(ls..le).unwrap_or("");
        let f = flags_in(hits, ls, le);
        let platform = is_likely_platform(n, m);
        let named = flags_in(hits, m.end, (m.end + 40).min(le));
        if text::word_count(line) <= 12
            && (named.support || (named.billing && !platform))
            && !f.commentary
            && !f.neutral
        {
            heading_claim = true;
        }
        let (ss, se) = sentence_bounds(norm, m.start, m.end);
        let after = flags_in(hits, m.end, (m.end + 24).min(se));
        let sentence = flags_in(hits, ss, se);
        if (after.support || (after.billing && !platform))
            && !sentence.commentary
            && !sentence.neutral
            && !text::is_question(norm, se)
        {
            adjacent_claim = true;
        }
    }
    (heading_claim, adjacent_claim)
}

/// [`super::is_likely_commentary`] as it was: the sentences of the first
/// 64 commentary cues collected, then counted.
pub(super) fn is_likely_commentary(norm: &str, hits: &[Hit]) -> bool {
    let mut commentary_sentences: Vec<usize> = Vec::new();
    for h in hits.iter().filter(|h| h.cue == Cue::Commentary).take(64) {
        let (s, _) = sentence_bounds(norm, h.start, h.end);
        if !commentary_sentences.contains(&s) {
            commentary_sentences.push(s);
        }
    }
    commentary_sentences.len() >= 2
        && hits
            .iter()
            .filter(|h| h.cue == Cue::Commentary)
            .take(3)
            .count()
            >= 3
}

mod tests {
    use super::super::super::testing::{corpus, engine};
    use super::super::super::{Content, Engine};
    use super::*;

    /// The content of a text as the claims tests build it (`title`: its
    /// title, which may present the vendor).
    fn content<'a>(title: &'a str, text: &'a str) -> Content<'a> {
        Content {
            text,
            title,
            links: &[],
            positioned: true,
            plain: false,
            quoted: &[],
            notice_text: text,
            notice_text_is_message: false,
            sender_claims: false,
            sender_official: false,
            sender: None,
            recipient: None,
            recipients: &[],
            notice_bodies: &[],
        }
    }

    /// Every corpus page, webmail page and email, as the text the stages read.
    fn corpus_texts() -> Vec<String> {
        let texts: Vec<String> = corpus(&["pages", "webmail", "emails"])
            .iter()
            .map(|s| text::extract(s).text)
            .collect();
        assert!(texts.len() > 40, "corpus not found: {}", texts.len());
        texts
    }

    /// Sentence bounds, the fast way and the reference, from every
    /// `stride`-th position of `t` (and ends 0, 5 and 17 bytes later).
    fn check_bounds(t: &str, stride: usize) {
        let mut at = 0;
        while at <= t.len() + 2 {
            for len in [0, 5, 17] {
                let end = ceil_boundary(t, at + len).max(at);
                assert_eq!(
                    text::sentence_bounds(t, at, end),
                    sentence_bounds(t, at, end),
                    "{at}..{end} in {:?}",
                    t.get(at.saturating_sub(40)..ceil_boundary(t, at + 40))
                );
            }
            at = ceil_boundary(t, at + stride).max(at + 1);
        }
    }

    /// Text that puts each byte that may end a sentence at every distance
    /// from a position, up to past the 200 and 120 bytes looked at.
    fn hostile() -> String {
        let mut t = String::new();
        for piece in [
            ". ",
            ".\n",
            "! ",
            "? x",
            "; ",
            ".",
            "\u{3002}",
            "\n",
            "Inc. ",
            "e.g. ",
            "disco. ",
            "U.S. ",
            "\u{e9}. ",
            ".\t",
            "..",
            " \u{3002}a",
            "\u{3001}",
            "\u{80}",
        ] {
            for gap in [0usize, 1, 2, 3, 118, 119, 120, 121, 198, 199, 200, 201] {
                t.push_str(piece);
                t.push_str(&"w".repeat(gap));
            }
        }
        t
    }

    #[test]
    fn sentence_bounds_as_the_reference() {
        check_bounds(&hostile(), 1);
        for t in [
            "",
            ".",
            "\n",
            ". ",
            "a. b",
            "\u{3002}",
            "\u{e9}\u{3002}\u{e9}",
        ] {
            check_bounds(t, 1);
        }
        for t in corpus_texts() {
            check_bounds(&t, 3);
            check_bounds(&text::normalize(&t), 7);
        }
    }

    /// The claims' per-finding answers, fast and reference, for every word
    /// of `t` taken as a number or address: as a link and not, with the
    /// claims found and with the text speaking as the vendor.
    fn check_claims(e: &Engine, title: &str, t: &str) -> usize {
        let c = content(title, t);
        let n = e.normalise(&c);
        let found = e.claims(&c, &n);
        assert_eq!(
            super::super::is_likely_commentary(&n.norm, &n.hits),
            is_likely_commentary(&n.norm, &n.hits),
            "{t}"
        );
        assert_eq!(
            super::super::heading_and_adjacent(&n),
            heading_and_adjacent(&n),
            "{t}"
        );
        let speaking = Claims {
            self_presents: true,
            text_presents: true,
            commentary_page: false,
            ..found
        };
        let sender_only = Claims {
            text_presents: false,
            ..speaking
        };
        let mut yes = 0;
        for w in &n.words {
            for cl in [&found, &speaking, &sender_only] {
                for is_link in [false, true] {
                    let fast = cl.attributed(&n, w.start, w.end, is_link);
                    assert_eq!(
                        fast,
                        attributed(cl, &n, w.start, w.end, is_link),
                        "{:?} at {}..{} ({is_link}) in {t:?}",
                        n.norm.get(w.start..w.end),
                        w.start,
                        w.end
                    );
                    yes += usize::from(fast);
                }
            }
        }
        yes
    }

    #[test]
    fn claims_as_the_reference_on_the_corpus() {
        let e = engine();
        let mut yes = 0;
        for t in corpus_texts() {
            for title in ["", "Northwind Security Support"] {
                yes += check_claims(&e, title, &t);
            }
        }
        assert!(yes > 1000, "{yes}");
    }

    /// Words the made-up texts are built of: the brand, cues of each kind,
    /// numbers, labels, quotes, questions, and the bytes that end sentences.
    const PIECES: &[&str] = &[
        "Northwind Security",
        "Northwind",
        "Northwind's",
        "support",
        "billing",
        "call",
        "Contact:",
        "renewal",
        "for",
        "Fabrikam",
        "scam",
        "scammers",
        "police warned",
        "press contact",
        "official",
        "Is this",
        "+1 844 555 0177",
        "1-844-555-0100",
        "\"",
        "?",
        ".",
        ". ",
        "\n",
        "\n\n",
        ";",
        "Inc.",
        "the",
        "we",
        "\u{3002}",
    ];

    proptest::proptest! {
        #[test]
        fn claims_as_the_reference(
            parts in proptest::collection::vec((proptest::sample::select(PIECES), proptest::sample::select(vec![" ", " ", "", "\n", ": "])), 0..40),
            title in proptest::sample::select(vec!["", "Northwind Security Support", "Northwind Billing"]),
        ) {
            let t: String = parts.iter().map(|(p, sep)| format!("{p}{sep}")).collect();
            check_claims(&engine(), title, &t);
            check_bounds(&t, 1);
        }
    }
}
