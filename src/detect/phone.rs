//! Phone numbers written for people, found in running text and normalised to
//! E.164 so that they can be compared with the directory.
//!
//! libphonenumber knows every country's numbering plan, and its JavaScript
//! port costs a large table and a regex per candidate. Countersign only needs
//! to answer "is this one of the vendor's numbers?", so a hand-written scanner
//! is enough and is linear in the text:
//!
//! * a candidate starts at a digit (any script's decimal digits), `+` or `(`
//!   that does not follow a letter, digit, `#`, `$` or similar;
//! * it runs over digits and short runs of separators (space, `.`, `-`,
//!   `/`, parentheses, `•`, `·`, dashes), so `1 • 8 8 8 • 5 5 5 • 0 1 6 2`
//!   is one number, and `(0)` after a country code is dropped;
//! * it is read as international (`+`, `00`, `011`), North American (10
//!   digits, or 11 with a leading `1`, grouped 3-3-4), or national with a
//!   trunk `0` for the countries the directory serves (`020 7946 0321` for
//!   a UK line).
//!
//! Grouping rules keep dates, times, prices and order numbers out: without a
//! `+`, the groups of a North American number must break at 3-3-4, and the
//! last group of any number has at least three digits, unless every digit
//! stands alone (the spelled-out form scammers use to dodge filters).

use super::text::digit_value;
use crate::directory::Directory;

/// Most numbers reported from one text; a page listing more is a directory
/// of numbers, not a support page, and evidence must stay small.
pub const MAX_PHONES: usize = 200;
/// Most digits in one number (15 for E.164, plus `00`/`011` prefixes).
const MAX_DIGITS: usize = 17;
/// Most digits read in one run of digits and separators; a longer run is
/// cut there, and numbers are looked for at its start.
const MAX_RUN: usize = 40;

/// A phone number found in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundPhone {
    /// Byte offset where it starts in the text.
    pub start: usize,
    /// Byte offset just after its last digit.
    pub end: usize,
    /// Canonical E.164 form.
    pub e164: String,
}

/// Countries whose national numbers start with a trunk `0` that is dropped
/// after the country code, with their calling codes.
const TRUNK_ZERO: [(&str, &str); 16] = [
    ("GB", "44"),
    ("IE", "353"),
    ("DE", "49"),
    ("FR", "33"),
    ("AU", "61"),
    ("NZ", "64"),
    ("NL", "31"),
    ("BE", "32"),
    ("CH", "41"),
    ("AT", "43"),
    ("SE", "46"),
    ("IN", "91"),
    ("JP", "81"),
    ("ZA", "27"),
    ("FI", "358"),
    ("IL", "972"),
];

/// Reads phone numbers with the national formats of a set of countries.
#[derive(Clone, Debug)]
pub struct PhoneScanner {
    /// Calling codes of the trunk-`0` countries national numbers are read as.
    trunk_codes: Vec<&'static str>,
}

impl Default for PhoneScanner {
    /// North American and UK national formats.
    fn default() -> Self {
        PhoneScanner {
            trunk_codes: vec!["44"],
        }
    }
}

/// Finds every phone number in `text` (North American and UK national
/// formats), as E.164. For benchmarks and the browser.
pub fn extract_phones(text: &str) -> Vec<String> {
    PhoneScanner::default()
        .find(text, usize::MAX)
        .into_iter()
        .map(|p| p.e164)
        .collect()
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '.' | '-' | '/' | '\u{A0}' | '\u{2022}' | '\u{B7}' | '\u{2010}'
            ..='\u{2015}'
                | '\u{2212}'
                | '\u{30FB}'
                | '\u{2009}'
                | '\u{202F}'
                | '\u{2027}'
                | '\u{2219}'
                | '\u{25CF}'
                | '\u{3000}'
                | '\u{FF0D}'
                | '\u{FF0E}'
                | '\u{FF0F}'
                | '\u{FE58}'
                | '\u{FE63}'
    )
}

/// What a candidate's digits were read as.
struct Candidate {
    digits: [u8; MAX_RUN],
    len: usize,
    /// Length of each group of digits between separators.
    groups: [u8; MAX_RUN],
    /// Byte offset just after each group.
    group_ends: [usize; MAX_RUN],
    ngroups: usize,
    plus: bool,
    end: usize,
}

impl Candidate {
    fn digits(&self) -> &[u8] {
        self.digits.get(..self.len).unwrap_or(&[])
    }

    fn groups(&self) -> &[u8] {
        self.groups.get(..self.ngroups).unwrap_or(&[])
    }
}

impl PhoneScanner {
    /// A scanner for the national formats of the countries the directory's
    /// numbers serve (North American formats are always read).
    pub fn new(directory: &Directory) -> PhoneScanner {
        let mut trunk_codes = Vec::new();
        for p in &directory.phones {
            if let Some(&(_, code)) = TRUNK_ZERO.iter().find(|(c, _)| *c == p.country) {
                if !trunk_codes.contains(&code) {
                    trunk_codes.push(code);
                }
            }
        }
        PhoneScanner { trunk_codes }
    }

    /// Every phone number in `text`, at most `limit`.
    pub fn find(&self, text: &str, limit: usize) -> Vec<FoundPhone> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() && out.len() < limit {
            // Jump to the next byte that can start a number: most text
            // is letters and spaces, skipped without decoding.
            let Some(skip) = bytes.get(i..).and_then(|r| {
                r.iter()
                    .position(|&b| b.is_ascii_digit() || b == b'+' || b == b'(' || b >= 0x80)
            }) else {
                break;
            };
            i += skip;
            let c = text.get(i..).and_then(|r| r.chars().next()).unwrap_or(' ');
            let starts = c == '+' || c == '(' || digit_value(c).is_some();
            let prev = text
                .get(..i)
                .and_then(|r| r.chars().next_back())
                .unwrap_or(' ');
            if starts && !blocks_start(prev) {
                if let Some(cand) = scan(text, i) {
                    let mut end = cand.end;
                    if !text
                        .get(end..)
                        .and_then(|r| r.chars().next())
                        .is_some_and(char::is_alphanumeric)
                    {
                        if let Some((e164, number_end)) = self.longest_number(&cand) {
                            out.push(FoundPhone {
                                start: i,
                                end: number_end,
                                e164,
                            });
                            end = number_end;
                        }
                    }
                    // Skip the whole run, found or not: its digits are not
                    // the start of another number.
                    i = end.max(i + 1);
                    while i < bytes.len() && !text.is_char_boundary(i) {
                        i += 1;
                    }
                    continue;
                }
            }
            i += c.len_utf8().max(1);
        }
        out
    }

    /// Reads one number as a person would paste it or a `tel:` link holds
    /// it; the whole text must be the number.
    pub fn parse_one(&self, text: &str) -> Option<String> {
        let text = text.trim();
        let start = text.find(|c: char| c == '+' || c == '(' || digit_value(c).is_some())?;
        // Only a label may come before it ("tel:", "Phone:").
        if text.get(..start)?.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        let cand = scan(text, start)?;
        let rest = text.get(cand.end..)?.trim();
        if !rest.is_empty() {
            return None;
        }
        self.interpret(cand.digits(), cand.groups(), cand.plus, true)
    }

    /// The longest run of whole groups at the start of a candidate that is
    /// a plausible number ("202 555 0143 202 555 0144" holds two), and
    /// where it ends.
    fn longest_number(&self, cand: &Candidate) -> Option<(String, usize)> {
        let groups = cand.groups();
        let mut count: usize = groups.iter().map(|&g| usize::from(g)).sum();
        for k in (1..=groups.len()).rev() {
            if count < 7 {
                break;
            }
            if count <= MAX_DIGITS {
                let digits = cand.digits().get(..count)?;
                if let Some(e164) = self.interpret(digits, groups.get(..k)?, cand.plus, false) {
                    return Some((e164, *cand.group_ends.get(k - 1)?));
                }
            }
            count -= usize::from(*groups.get(k - 1)?);
        }
        None
    }

    /// The E.164 form of a candidate's digits, if they are a plausible number.
    fn interpret(&self, digits: &[u8], groups: &[u8], plus: bool, lenient: bool) -> Option<String> {
        let spelled = groups.iter().all(|&g| g == 1);
        if digits.len() < 7 {
            return None;
        }
        let e164 = |d: &[u8]| -> Option<String> {
            let mut s = String::with_capacity(d.len() + 1);
            s.push('+');
            s.extend(d.iter().map(|&x| char::from(b'0' + x)));
            crate::phone::is_e164(&s).then_some(s)
        };
        if digits.len() > MAX_DIGITS {
            return None;
        }
        if plus {
            if digits.first() == Some(&1) && digits.len() != 11 {
                return None;
            }
            if digits.first() == Some(&1) && !nanp_ok(digits.get(1..)?) {
                return None;
            }
            return e164(digits);
        }
        if !lenient && !spelled && groups.last().is_some_and(|&g| g < 3) {
            return None;
        }
        if let Some(rest) = digits.strip_prefix(&[0, 0]) {
            return (rest.len() >= 8 && rest.first() != Some(&0))
                .then(|| e164(rest))
                .flatten();
        }
        if let Some(rest) = digits.strip_prefix(&[0, 1, 1]) {
            if rest.len() >= 8 && rest.first() != Some(&1) {
                return e164(rest);
            }
        }
        // North American: 10 digits, or 11 with the leading 1.
        let (nanp, skip) = match digits.len() {
            10 => (Some(digits), 0),
            11 if digits.first() == Some(&1) => (digits.get(1..), 1),
            _ => (None, 0),
        };
        if let Some(n) = nanp {
            if nanp_ok(n) && (spelled || lenient || nanp_grouping(groups, skip)) {
                let mut d = vec![1u8];
                d.extend_from_slice(n);
                return e164(&d);
            }
        }
        // National with a trunk 0.
        if digits.first() == Some(&0)
            && digits.get(1) != Some(&0)
            && (10..=11).contains(&digits.len())
        {
            if let Some(code) = self.trunk_codes.first() {
                let mut d: Vec<u8> = code.bytes().map(|b| b - b'0').collect();
                d.extend_from_slice(digits.get(1..)?);
                return e164(&d);
            }
        }
        None
    }
}

/// Whether the previous character prevents a number from starting here: a
/// letter or digit (part of a word or code), or a sign that makes the
/// digits an amount, an id or a path.
fn blocks_start(prev: char) -> bool {
    prev.is_alphanumeric()
        || matches!(
            prev,
            '#' | '$' | '\u{20AC}' | '\u{A3}' | '_' | '/' | '=' | '.' | ',' | '%' | '&' | '@' | '+'
        )
}

/// North American area code and exchange both start with 2-9.
fn nanp_ok(n: &[u8]) -> bool {
    n.len() == 10 && n.first().is_some_and(|&d| d >= 2) && n.get(3).is_some_and(|&d| d >= 2)
}

/// Whether the groups of a North American number (after `skip` leading
/// country digits) break only at 3-3-4.
fn nanp_grouping(groups: &[u8], skip: usize) -> bool {
    let mut at = 0usize;
    let mut first = true;
    for &g in groups {
        at += usize::from(g);
        if first && skip > 0 {
            first = false;
            if at == skip {
                at = 0;
                continue;
            }
            at -= skip;
        }
        first = false;
        if !matches!(at, 3 | 6 | 10) {
            return false;
        }
    }
    true
}

/// Reads the run of digits and separators that starts at `start`.
fn scan(text: &str, start: usize) -> Option<Candidate> {
    let mut cand = Candidate {
        digits: [0; MAX_RUN],
        len: 0,
        groups: [0; MAX_RUN],
        group_ends: [0; MAX_RUN],
        ngroups: 0,
        plus: false,
        end: start,
    };
    let rest = text.get(start..)?;
    let mut chars = rest.char_indices().peekable();
    let mut seps = 0usize;
    let mut group = 0u8;
    let mut open = false;
    if rest.starts_with('+') {
        cand.plus = true;
        chars.next();
    }
    while let Some((off, c)) = chars.next() {
        if let Some(d) = digit_value(c) {
            if cand.len >= MAX_RUN {
                break;
            }
            if let Some(slot) = cand.digits.get_mut(cand.len) {
                *slot = d;
            }
            cand.len += 1;
            group = group.saturating_add(1);
            seps = 0;
            cand.end = start + off + c.len_utf8();
            continue;
        }
        let is_paren = c == '(' || c == ')';
        if !is_separator(c) && !is_paren {
            break;
        }
        if c == '(' {
            // "(0)" after a country code is a trunk prefix to drop.
            if cand.plus
                && (1..=3).contains(&cand.len)
                && rest.get(off..).is_some_and(|r| r.starts_with("(0)"))
            {
                chars.next();
                chars.next();
                seps += 1;
                close_group(&mut cand, &mut group)?;
                continue;
            }
            if open {
                break;
            }
            open = true;
        } else if c == ')' {
            if !open {
                break;
            }
            open = false;
        }
        seps += 1;
        if seps > 3 {
            break;
        }
        close_group(&mut cand, &mut group)?;
    }
    close_group(&mut cand, &mut group)?;
    (cand.len > 0).then_some(cand)
}

fn close_group(cand: &mut Candidate, group: &mut u8) -> Option<()> {
    if *group > 0 {
        let slot = cand.groups.get_mut(cand.ngroups)?;
        *slot = *group;
        *cand.group_ends.get_mut(cand.ngroups)? = cand.end;
        cand.ngroups += 1;
        *group = 0;
    }
    Some(())
}

/// Decodes the number in a `tel:` link target (`tel:+1-844-555-0177`,
/// `tel:%2B18445550177`).
pub fn tel_target(href: &str) -> Option<String> {
    let rest = href.trim();
    let rest = rest
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("tel:"))
        .and_then(|_| rest.get(4..))?;
    let rest = rest.split([';', '?']).next().unwrap_or(rest);
    Some(
        rest.replace("%2B", "+")
            .replace("%2b", "+")
            .replace("%20", " "),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn found(text: &str) -> Vec<String> {
        PhoneScanner {
            trunk_codes: vec!["44"],
        }
        .find(text, 100)
        .into_iter()
        .map(|p| p.e164)
        .collect()
    }

    #[test]
    fn common_formats() {
        for (text, want) in [
            ("Call +1 (202) 555-0143 now", "+12025550143"),
            ("Call 202.555.0143.", "+12025550143"),
            ("Call 1-202-555-0143", "+12025550143"),
            ("Call (202) 555-0143", "+12025550143"),
            ("Call 2025550143", "+12025550143"),
            ("Call +44 (0)20 7946 0321", "+442079460321"),
            ("Call +44 20 7946 0321", "+442079460321"),
            ("Call 020 7946 0321", "+442079460321"),
            ("Call 0044 20 7946 0321", "+442079460321"),
            ("Call 1 \u{2022} 8 8 8 \u{2022} 5 5 5 \u{2022} 0 1 6 2 now", "+18885550162"),
            ("Call 1-8-8-8-5-5-5-0-1-6-2", "+18885550162"),
            ("Call \u{FF11}\u{FF0D}\u{FF18}\u{FF18}\u{FF18}\u{FF0D}\u{FF15}\u{FF15}\u{FF15}\u{FF0D}\u{FF10}\u{FF11}\u{FF16}\u{FF12}", "+18885550162"),
            ("اتصل ١-٨٨٨-٥٥٥-٠١٦٢", "+18885550162"),
            ("Call 1\u{2013}888\u{2013}555\u{2013}0162", "+18885550162"),
            ("Tel:+1 844 555 0177", "+18445550177"),
        ] {
            assert_eq!(found(text), vec![want.to_string()], "{text}");
        }
    }

    #[test]
    fn not_numbers() {
        for text in [
            "On 2026-11-23 14:00 we met",
            "Price $2025550143",
            "Ticket #2025550143",
            "Order NW2025550143",
            "IP 192.168.100.200",
            "pi is 3.14159265358979",
            "call 555-0143",
            "on 01/12/2026 14:30",
            "card 4111 1111 1111 1111",
            "version 1.2.3.4.5.6.7.8",
            "id 12345678901234567890123",
            "(1) (2) (3) (4) (5) (6) (7)",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn several_and_positions() {
        let text = "US: +1 202 555 0143, UK: +44 20 7946 0321 and fake 1-844-555-0177.";
        let f = PhoneScanner::default().find(text, 10);
        assert_eq!(f.len(), 3);
        assert_eq!(&text[f[2].start..f[2].end], "1-844-555-0177");
    }

    #[test]
    fn parse_one_and_tel() {
        let s = PhoneScanner::default();
        assert_eq!(
            s.parse_one("+1 (844) 555-0177").as_deref(),
            Some("+18445550177")
        );
        assert_eq!(s.parse_one("844 555 0177").as_deref(), Some("+18445550177"));
        assert_eq!(s.parse_one("hello"), None);
        assert_eq!(s.parse_one("+1 844 555 0177 ext 5"), None);
        assert_eq!(
            tel_target("tel:%2B1-844-555-0177").as_deref(),
            Some("+1-844-555-0177")
        );
        assert_eq!(tel_target("mailto:x@y"), None);
    }

    #[test]
    fn many_digit_runs_are_bounded() {
        let text = "2025550143 ".repeat(100_000);
        assert_eq!(
            PhoneScanner::default().find(&text, MAX_PHONES).len(),
            MAX_PHONES
        );
        let text = "1".repeat(1_000_000);
        assert!(PhoneScanner::default().find(&text, MAX_PHONES).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,200}") {
            let _ = PhoneScanner::default().find(&s, 50);
            let _ = PhoneScanner::default().parse_one(&s);
        }

        #[test]
        fn formatted_nanp_round_trips(a in 200u32..999, b in 200u32..999, c in 0u32..9999, sep in "[ .-]") {
            let text = format!("call {a}{sep}{b}{sep}{c:04} today");
            let want = format!("+1{a}{b}{c:04}");
            proptest::prop_assert_eq!(found(&text), vec![want]);
        }
    }
}
