//! Stage 2, claims: does the text speak as the vendor?
//!
//! A page or message claims to be the vendor when its title or a heading
//! names the vendor as support ("Northwind Security Support"), a sentence
//! puts support or billing right after the brand, it opens with the brand
//! alone as a letterhead does, or the email sender speaks as the vendor.
//! Each heuristic has its false-positive guard beside it:
//!
//! * [`is_likely_commentary`]: text *about* the vendor (news, reviews,
//!   scam warnings) talks about scams in several sentences; it names the
//!   vendor without speaking as it;
//! * commentary, press or comparison words in the same line or sentence
//!   cancel a heading or sentence claim; a question ("Is this really
//!   Northwind support?") claims nothing; quoted text is someone else's.
//!
//! [`Claims::attributed`] then decides, for one number or address, whether
//! the text presents it as the vendor's.

use super::brand::Mention;
use super::context::{Cue, Hit};
use super::normalise::Normalised;
use super::text::{self, Word};
use super::verdict::Assessment;
use super::{Content, Engine};

/// Cues present in a stretch of text.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Flags {
    pub support: bool,
    pub billing: bool,
    pub cta: bool,
    pub official: bool,
    pub commentary: bool,
    pub neutral: bool,
}

/// The cues among `hits` (sorted by start) that start in `start..end`.
pub(super) fn flags_in(hits: &[Hit], start: usize, end: usize) -> Flags {
    let mut f = Flags::default();
    let first = hits.partition_point(|h| h.start < start);
    for h in hits
        .get(first..)
        .unwrap_or(&[])
        .iter()
        .take_while(|h| h.start < end)
    {
        match h.cue {
            Cue::Support => f.support = true,
            Cue::Billing => f.billing = true,
            Cue::CallToAction => f.cta = true,
            Cue::OfficialClaim => f.official = true,
            Cue::Commentary => f.commentary = true,
            Cue::Neutral => f.neutral = true,
            _ => {}
        }
    }
    f
}

/// Whether a counted, non-possessive mention starts in `start..end`.
pub(super) fn mention_in(mentions: &[Mention], start: usize, end: usize) -> bool {
    let first = mentions.partition_point(|m| m.start < start);
    mentions
        .get(first..)
        .unwrap_or(&[])
        .iter()
        .take_while(|m| m.start < end)
        .any(|m| m.counts && !m.possessive)
}

/// The guard of every claim: whether the text reports on the vendor rather
/// than speaking as it. Text about the vendor (news, reviews, warnings)
/// talks about scams in several sentences; a scam page that says "beware of
/// scammers" once does not become commentary.
pub(super) fn is_likely_commentary(norm: &str, hits: &[Hit]) -> bool {
    let mut commentary = hits.iter().filter(|h| h.cue == Cue::Commentary);
    if commentary.clone().nth(2).is_none() {
        return false;
    }
    // Two sentences among the first 64 cues decide it.
    let mut first_sentence = None;
    for h in commentary.by_ref().take(64) {
        let (s, _) = text::sentence_bounds(norm, h.start, h.end);
        match first_sentence {
            None => first_sentence = Some(s),
            Some(f) if f != s => return true,
            Some(_) => {}
        }
    }
    false
}

/// The guard of the commentary cues: a word inside an email address
/// ("phishing@pot" greeted as "Hi phishing@pot", a "To:" line,
/// "scam-reports@..." as a contact) names a mailbox, often the reader's
/// own; it is not the text talking about scams. Such cues are dropped
/// when the text is prepared, before any stage reads them.
pub(super) fn drop_commentary_in_addresses(norm: &str, hits: &mut Vec<Hit>) {
    hits.retain(|h| h.cue != Cue::Commentary || !in_address(norm, h.start, h.end));
}

/// Whether `start..end` is part of a word joined to an `@` (an email
/// address or a handle), without spaces between.
fn in_address(norm: &str, start: usize, end: usize) -> bool {
    let joined = |c: char| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '+' | '@');
    let before = norm.get(..start).unwrap_or("");
    let after = norm.get(end..).unwrap_or("");
    before
        .chars()
        .rev()
        .take(64)
        .take_while(|&c| joined(c))
        .any(|c| c == '@')
        || after
            .chars()
            .take(64)
            .take_while(|&c| joined(c))
            .any(|c| c == '@')
}

/// Words that put a product on a platform ("Total Protection for
/// Windows", "für", "pour", "para", "voor", "per").
const PLATFORM_FOR: &[&str] = &["for", "für", "pour", "para", "voor", "per"];

/// The guard of billing claims: a brand right after "for" that follows a
/// capitalised name which is not a billing word ("Total Protection für
/// Windows ist abgelaufen", "Antivirus for Mac renewal") names the
/// platform another company's product runs on; the renewal is that
/// product's, not the brand's. "Your subscription for Northwind" and
/// "Renewal for Northwind" still bill the brand, and a support word right
/// after the brand ("for Northwind Support") still names its support.
fn is_likely_platform(n: &Normalised, m: &Mention) -> bool {
    let k = n.words.partition_point(|w| w.end <= m.start);
    let (Some(for_at), Some(name_at)) = (k.checked_sub(1), k.checked_sub(2)) else {
        return false;
    };
    let (Some(for_w), Some(name)) = (n.words.get(for_at), n.words.get(name_at)) else {
        return false;
    };
    let spaced = |a: usize, b: usize| {
        n.norm
            .get(a..b)
            .is_some_and(|g| !g.is_empty() && g.chars().all(char::is_whitespace))
    };
    let for_word = n.lower.get(for_w.start..for_w.end).unwrap_or("");
    PLATFORM_FOR.contains(&for_word)
        && spaced(for_w.end, m.start)
        && spaced(name.end, for_w.start)
        && n.norm
            .get(name.start..name.end)
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase)
        && !n.hits.iter().any(|h| {
            h.cue == Cue::Billing && h.start <= name.start && name.start < h.end.max(h.start + 1)
        })
}

/// Whether the line above the sentence at `s` (which starts a line) is a
/// short line naming the vendor as support or billing ("Northwind Support"
/// over "Call +1 866 ..."), as [`Claims::attributed`] counts a naming.
fn named_on_line_above(n: &Normalised, s: usize) -> bool {
    let Some((ps, pe)) = text::previous_line(&n.norm, s) else {
        return false;
    };
    let pf = flags_in(&n.hits, ps, pe);
    (pf.support || pf.billing)
        && !pf.commentary
        && !pf.neutral
        && mention_in(&n.mentions, ps, pe)
        && n.norm
            .get(ps..pe)
            .unwrap_or("")
            .split_whitespace()
            .take(13)
            .count()
            <= 12
}

/// Whether a short line names the vendor as support or billing
/// ("Northwind Security Support Center": the heading claim), and whether a
/// sentence puts support or billing right after the brand (the adjacent
/// claim); the guards of [`Engine::claims`] applied.
fn heading_and_adjacent(n: &Normalised) -> (bool, bool) {
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
        if heading_claim && adjacent_claim {
            break;
        }
        // Each claim needs a support or billing word within 40 bytes after
        // the brand: looked for first, the rest only asked when it is there.
        let near = flags_in(hits, m.end, m.end + 40);
        if !near.support && !near.billing {
            continue;
        }
        // A product for the brand's platform is billed, not the brand.
        let platform = || is_likely_platform(n, m);
        // The brand names the support ("Northwind Security Support
        // Center"), rather than being its object ("support is provided by
        // Northwind Security").
        if !heading_claim {
            let (ls, le) = text::line_bounds(norm, m.start);
            let named = flags_in(hits, m.end, (m.end + 40).min(le));
            if named.support || (named.billing && !platform()) {
                let f = flags_in(hits, ls, le);
                let line = norm.get(ls..le).unwrap_or("");
                heading_claim =
                    !f.commentary && !f.neutral && line.split_whitespace().take(13).count() <= 12;
            }
        }
        if !adjacent_claim {
            let (ss, se) = text::sentence_bounds(norm, m.start, m.end);
            let after = flags_in(hits, m.end, (m.end + 24).min(se));
            if after.support || (after.billing && !platform()) {
                let sentence = flags_in(hits, ss, se);
                adjacent_claim =
                    !sentence.commentary && !sentence.neutral && !text::is_question(norm, se);
            }
        }
    }
    (heading_claim, adjacent_claim)
}

/// How the text speaks about the vendor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Claims {
    /// The text reports on the vendor (see [`is_likely_commentary`]).
    pub commentary_page: bool,
    /// The title names the vendor as support or billing.
    pub title_claim: bool,
    /// A short line names the vendor as support ("Northwind Support Center").
    pub heading_claim: bool,
    /// A sentence puts support or billing right after the brand.
    pub adjacent_claim: bool,
    /// The text opens with the brand alone.
    pub letterhead: bool,
    /// The text signs off as the vendor ("Team Northwind", "The Northwind
    /// Team", "Regards, Northwind Billing").
    pub signoff: bool,
    /// The text bills the reader for the vendor's product: a purchase
    /// title ("Northwind Order Confirmation") or a product beside a price
    /// in a text that charges, renews or invoices (see
    /// [`Engine::is_likely_reseller`] for its guard).
    pub purchase: bool,
    /// The text presents itself as the vendor's support.
    pub presents: bool,
    /// The text (or its sender) speaks as the vendor.
    pub self_presents: bool,
    /// The text itself, not only its sender's name, speaks as the vendor.
    pub text_presents: bool,
    /// The brand is written with look-alike or hidden characters outside
    /// quotes, and the text is not commentary.
    pub disguised: bool,
}

impl Claims {
    /// Adds the claims' findings to `a`.
    pub fn warn_into(&self, vendor: &str, a: &mut Assessment) {
        if !self.presents {
            let message = if self.letterhead {
                Some(format!("It presents itself as coming from {vendor}"))
            } else if self.purchase {
                Some(format!(
                    "It bills you for a {vendor} product as if it came from {vendor}"
                ))
            } else if self.signoff {
                Some(format!("It signs off as {vendor}"))
            } else {
                None
            };
            if let Some(message) = message {
                a.claims_vendor = true;
                a.warn(15, "presents-as-vendor", message);
            }
        }
        if self.presents {
            a.claims_vendor = true;
            a.warn(
                15,
                "presents-as-support",
                format!("It presents itself as {vendor} support"),
            );
        }
        if self.disguised {
            a.claims_vendor = true;
            a.warn(
                25,
                "disguised-brand",
                format!("It writes the name {vendor} with look-alike or hidden characters, a trick to slip past filters"),
            );
        }
    }

    /// Whether the text presents the number or address at `start..end` as
    /// the vendor's (`is_link`: it is a link target, not text).
    ///
    /// Asked of every number and address found, so each test is made only
    /// when the cheaper ones before it leave the answer open: the line
    /// above is read only when the sentence already has the words that
    /// would make a naming count, the contact line only when nothing else
    /// decides.
    pub fn attributed(&self, n: &Normalised, start: usize, end: usize, is_link: bool) -> bool {
        // Quoted text is someone else's words (a warning quoting a scam).
        if n.in_quote(start) {
            return false;
        }
        let norm = n.norm.as_str();
        let (mut s, e) = text::sentence_bounds(norm, start, end);
        // A number standing alone after the sentence that introduces it
        // ("Please reach out to us. +1 866 ...") belongs to that sentence.
        let before = norm.get(s..start).unwrap_or("");
        let after = norm.get(end..e).unwrap_or("");
        if s > 0
            && !before.chars().any(char::is_alphabetic)
            && !after.chars().any(char::is_alphabetic)
        {
            s = text::sentence_bounds(norm, s - 1, s - 1).0;
        }
        let f = flags_in(&n.hits, s, e);
        if f.neutral {
            return false;
        }
        let said = f.support || f.billing || f.cta;
        // The vendor named as support beside the number presents it; a
        // question about a number ("Is this really Northwind support?")
        // does not.
        if said
            && (!f.commentary || f.official)
            && (mention_in(&n.mentions, s, e) || named_on_line_above(n, s))
            && !text::is_question(norm, e)
        {
            return true;
        }
        if !self.self_presents || self.commentary_page || f.commentary {
            return false;
        }
        if said || is_link {
            return true;
        }
        // A number on a line of its own, under a short label or none
        // ("Contact: +1 866 ..."), is the contact line of a letter that
        // speaks as the vendor (not only through its sender's name).
        if !self.text_presents {
            return false;
        }
        let (ls, le) = text::line_bounds(norm, start);
        if ls > start || end > le {
            return false;
        }
        let label = |a: usize, b: usize, most: usize| {
            norm.get(a..b).map_or(0, |t| {
                t.split_whitespace()
                    .filter(|w| w.chars().any(char::is_alphabetic))
                    .take(most)
                    .count()
            })
        };
        let first = label(ls, start, 3);
        first <= 2 && first + label(end, le, 3 - first) <= 2
    }

    /// Whether a contact with no position in the text (a link in an email
    /// whose anchors are not placed) is presented as the vendor's.
    pub fn attributed_unplaced(&self) -> bool {
        self.self_presents && !self.commentary_page
    }
}

impl Engine {
    /// Finds how the text speaks about the vendor.
    pub(super) fn claims(&self, c: &Content<'_>, n: &Normalised) -> Claims {
        let norm = n.norm.as_str();
        let hits = &n.hits;
        let commentary_page = is_likely_commentary(norm, hits);

        // Does the text speak as the vendor's support?
        let title = text::normalize(c.title);
        let title_lower = title.to_ascii_lowercase();
        let title_words = text::words(&title);
        let title_claim = {
            let m = self.brand.find(&title, &title_words, 16);
            let f = flags_in(
                &self.context.scan(&title_lower, &title_words),
                0,
                title.len(),
            );
            m.iter().any(|m| m.counts && !m.possessive)
                && (f.support || f.billing)
                && !f.commentary
                && !f.neutral
        };
        let (heading_claim, adjacent_claim) = heading_and_adjacent(n);
        let letterhead = !commentary_page
            && (letterhead(norm, &n.words, &n.mentions, hits)
                || (receipt_heading(n) && !self.is_likely_reseller(c, n)));
        let signoff = !commentary_page && signoff(n);
        let purchase = !commentary_page
            && !title_claim
            && (self.purchase_title(&title, &title_words) || product_billed(n))
            && !self.is_likely_reseller(c, n);
        let presents = title_claim || heading_claim || (adjacent_claim && !commentary_page);
        let text_presents =
            (presents && !commentary_page) || title_claim || letterhead || signoff || purchase;
        let self_presents = text_presents || c.sender_claims;
        let disguised = n
            .mentions
            .iter()
            .any(|m| m.counts && m.obfuscated && !n.in_quote(m.start))
            && !commentary_page;
        Claims {
            commentary_page,
            title_claim,
            heading_claim,
            adjacent_claim,
            letterhead,
            signoff,
            purchase,
            presents,
            self_presents,
            text_presents,
            disguised,
        }
    }
}

/// Words of a purchase in a title or subject ("Order Confirmation").
const PURCHASE_WORDS: &[&str] = &[
    "order",
    "receipt",
    "invoice",
    "confirmation",
    "payment",
    "purchase",
    "renewal",
    "subscription",
];

/// Words of a sign-off line besides the vendor's name.
const SIGNOFF_WORDS: &[&str] = &[
    "the",
    "team",
    "your",
    "from",
    "regards",
    "kind",
    "best",
    "warm",
    "warmest",
    "sincerely",
    "thanks",
    "thank",
    "you",
    "cheers",
    "yours",
    "truly",
    "billing",
    "support",
    "customer",
    "customers",
    "care",
    "service",
    "services",
    "security",
    "account",
    "accounts",
    "department",
    "dept",
    "renewal",
    "renewals",
    "subscription",
    "subscriptions",
    "licensing",
    "help",
    "desk",
    "center",
    "centre",
    "and",
    "all",
    "at",
    "of",
    "for",
    "choosing",
    "inc",
    "llc",
    "ltd",
    "corp",
    "gmbh",
];

/// Words that make a line a closing on their own ("Team Northwind").
const CLOSING_WORDS: &[&str] = &[
    "team",
    "regards",
    "sincerely",
    "thanks",
    "cheers",
    "yours",
    "department",
    "dept",
    "choosing",
];

/// Legal suffixes of a company name.
const LEGAL_WORDS: &[&str] = &["inc", "llc", "ltd", "corp", "gmbh"];

/// Words of a copyright line besides the vendor's name and the year.
const COPYRIGHT_WORDS: &[&str] = &[
    "copyright",
    "c",
    "all",
    "rights",
    "reserved",
    "inc",
    "llc",
    "ltd",
    "corp",
    "gmbh",
    "premium",
    "plus",
];

/// Last words of a short closing line ("With heartfelt thanks,").
const CLOSING_ENDS: &[&str] = &[
    "thanks",
    "regards",
    "sincerely",
    "cheers",
    "wishes",
    "best",
    "appreciation",
    "appreciative",
    "gratitude",
];

/// Closing lines before a bare signature ("Thanks," then "Northwind Billing").
const CLOSING_LINES: &[&str] = &[
    "thanks",
    "thank you",
    "many thanks",
    "regards",
    "kind regards",
    "best regards",
    "warm regards",
    "best",
    "sincerely",
    "yours sincerely",
    "cheers",
];

/// Words that show a seller speaking for itself, not as the vendor.
const RESELLER_WORDS: &[&str] = &[
    "reseller",
    "retailer",
    "our store",
    "store team",
    "marketplace",
    "authorized dealer",
    "authorised dealer",
];

/// Whether the text signs off as the vendor: a short line of the vendor's
/// name and closing words ("Team Northwind", "The Northwind Security
/// Team"), or the vendor's name under a closing line ("Regards," then
/// "Northwind Billing"). Guards: quoted text is someone else's sign-off;
/// every other word on the line must be a closing word, so a byline or a
/// sentence ("I switched to Northwind", "Thanks, Northwind Traders") is not
/// one; commentary pages sign off as themselves.
fn signoff(n: &Normalised) -> bool {
    let norm = n.norm.as_str();
    for m in n
        .mentions
        .iter()
        .filter(|m| m.counts && !m.possessive && !n.in_quote(m.start))
        .take(200)
    {
        let (ls, le) = text::line_bounds(norm, m.start);
        // The first line is a letterhead's, not a closing.
        if ls == 0 {
            continue;
        }
        let first = n.words.partition_point(|w| w.start < ls);
        let others: Vec<String> = n
            .words
            .get(first..)
            .unwrap_or(&[])
            .iter()
            .take_while(|w| w.start < le)
            .filter(|w| w.end <= m.start || w.start >= m.end)
            .filter_map(|w| n.lower.get(w.start..w.end))
            .map(str::to_string)
            .take(8)
            .collect();
        // A copyright line ("© 2025 Northwind, Inc. All rights reserved")
        // is the sender's own footer.
        let line = n.lower.get(ls..le).unwrap_or("");
        if (line.contains('\u{a9}') || line.contains("copyright"))
            && others.iter().all(|w| {
                COPYRIGHT_WORDS.contains(&w.as_str()) || w.bytes().all(|b| b.is_ascii_digit())
            })
        {
            return true;
        }
        if others.len() > 5 || !others.iter().all(|w| SIGNOFF_WORDS.contains(&w.as_str())) {
            continue;
        }
        // The vendor's legal name alone on a line ("Northwind, LLC.") is a
        // signature block.
        if others.iter().any(|w| CLOSING_WORDS.contains(&w.as_str()))
            || (!others.is_empty() && others.iter().all(|w| LEGAL_WORDS.contains(&w.as_str())))
        {
            return true;
        }
        let closing = text::previous_line(&n.lower, ls)
            .and_then(|(ps, pe)| n.lower.get(ps..pe))
            .map(|l| l.trim().trim_end_matches([',', '!', '.']).trim_end())
            .is_some_and(|l| {
                CLOSING_LINES.contains(&l)
                    || (text::word_count(l) <= 4
                        && l.rsplit(' ')
                            .next()
                            .is_some_and(|w| CLOSING_ENDS.contains(&w)))
            });
        if closing {
            return true;
        }
    }
    false
}

/// Whether `s` has a price: a currency sign or code next to a digit
/// ("$399.99", "€ 89", "£49", "USD364.88", "USD 503", "89 EUR").
pub(super) fn has_price(s: &str) -> bool {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '$' | '€' | '£') {
            if chars.peek() == Some(&' ') {
                chars.next();
            }
            if chars.peek().is_some_and(char::is_ascii_digit) {
                return true;
            }
        }
    }
    let bytes = s.as_bytes();
    ["USD", "EUR", "GBP", "CAD", "AUD"].iter().any(|code| {
        s.match_indices(code).take(16).any(|(at, _)| {
            let before = at.checked_sub(1).and_then(|i| bytes.get(i)).copied();
            let after = bytes.get(at + code.len()).copied();
            let word = !before.is_some_and(|b| b.is_ascii_alphabetic())
                && !after.is_some_and(|b| b.is_ascii_alphabetic());
            let digit_after = match after {
                Some(b' ') => bytes
                    .get(at + code.len() + 1)
                    .is_some_and(u8::is_ascii_digit),
                Some(b) => b.is_ascii_digit(),
                None => false,
            };
            let digit_before = match before {
                Some(b' ') => at
                    .checked_sub(2)
                    .and_then(|i| bytes.get(i))
                    .is_some_and(u8::is_ascii_digit),
                Some(b) => b.is_ascii_digit(),
                None => false,
            };
            word && (digit_after || digit_before)
        })
    })
}

/// Whether the text charges the reader for the vendor's product: the
/// product named with a price on its line or the two lines after it (an
/// invoice's line item), in a text that charges, renews, refunds or
/// invoices.
fn product_billed(n: &Normalised) -> bool {
    let norm = n.norm.as_str();
    let billing = n
        .hits
        .iter()
        .any(|h| h.cue == Cue::Billing && !n.in_quote(h.start));
    if !billing {
        return false;
    }
    n.mentions
        .iter()
        .filter(|m| m.counts && !m.possessive && !n.in_quote(m.start))
        .take(200)
        .any(|m| {
            let (ls, _) = text::line_bounds(norm, m.start);
            let rest = norm.get(ls..).unwrap_or("");
            let mut end = rest.len().min(400);
            for (k, (i, _)) in rest.match_indices('\n').enumerate() {
                if k == 2 {
                    end = end.min(i);
                    break;
                }
            }
            let window = rest.get(..text::floor_boundary(rest, end)).unwrap_or("");
            has_price(window) && !flags_in(&n.hits, ls, ls + window.len()).neutral
        })
}

impl Engine {
    /// Whether an email display name (normalised, with its `words`) claims
    /// the vendor. A display name is a name: the brand followed by another
    /// capitalised word ("Northwind Rechnungsabteilung") is still the
    /// vendor's name, unless the sender's domain carries that word too
    /// (Northwind Traders writing from `northwindtraders.example`), the
    /// guard that keeps other companies of the same first name out.
    pub(super) fn display_name_claims(&self, name: &str, words: &[Word], address: &str) -> bool {
        let domain = super::brand::fold(super::email::domain_of(address).unwrap_or(""));
        self.brand.find(name, words, 16).iter().any(|m| {
            if m.possessive {
                return false;
            }
            if m.counts {
                return true;
            }
            let capital = name
                .get(m.start..)
                .and_then(|s| s.chars().next())
                .is_some_and(char::is_uppercase);
            let next = words
                .iter()
                .find(|w| w.start >= m.end)
                .and_then(|w| name.get(w.start..w.end))
                .map(super::brand::fold)
                .unwrap_or_default();
            capital && !next.is_empty() && !domain.contains(next.as_str())
        })
    }

    /// Whether a title or subject names the vendor with the words of a
    /// purchase ("Northwind Order Confirmation", "Northwind Receipt").
    fn purchase_title(&self, title: &str, words: &[Word]) -> bool {
        let named = self
            .brand
            .find(title, words, 16)
            .iter()
            .any(|m| m.counts && !m.possessive);
        named
            && words
                .iter()
                .filter_map(|w| title.get(w.start..w.end))
                .any(|w| PURCHASE_WORDS.contains(&w.to_ascii_lowercase().as_str()))
    }

    /// The guard of purchase claims: a shop or reseller bills for the
    /// vendor's product in its own name. It sends people to the vendor's
    /// real site or numbers for product support, calls itself a reseller or
    /// store, or writes from its own domain and names itself in the text.
    pub(super) fn is_likely_reseller(&self, c: &Content<'_>, n: &Normalised) -> bool {
        let dir = self.directory.directory();
        let lower = n.lower.as_str();
        if dir
            .domains
            .iter()
            .any(|d| lower.contains(d.domain.as_str()))
            || dir
                .emails
                .iter()
                .any(|e| lower.contains(e.address.as_str()))
            || dir
                .phones
                .iter()
                .any(|p| n.norm.contains(&crate::phone::display(&p.number)))
        {
            return true;
        }
        self.is_likely_shop(c, n)
    }

    /// The part of [`Self::is_likely_reseller`] that scam mail cannot
    /// borrow by copying the vendor's footer: the text calls itself a
    /// reseller or store, or a shop writes from its own domain and names
    /// itself.
    pub(super) fn is_likely_shop(&self, c: &Content<'_>, n: &Normalised) -> bool {
        let lower = n.lower.as_str();
        if RESELLER_WORDS.iter().any(|w| lower.contains(w)) {
            return true;
        }
        // A shop writing from its own domain signs with its own name.
        let Some(domain) = c.sender.and_then(super::email::domain_of) else {
            return false;
        };
        if super::email::is_free_mail(c.sender.unwrap_or("")) {
            return false;
        }
        let labels: Vec<&str> = domain.split('.').collect();
        let name = labels
            .len()
            .checked_sub(2)
            .and_then(|i| labels.get(i))
            .copied()
            .unwrap_or("");
        // Its name as a word, not as part of a web or email address (a
        // lure links to its sender's own domain).
        let bytes = lower.as_bytes();
        name.len() >= 4
            && !self.brand.names_brand(name)
            && n.words.iter().any(|w| {
                lower.get(w.start..w.end) == Some(name)
                    && !w
                        .start
                        .checked_sub(1)
                        .and_then(|i| bytes.get(i))
                        .is_some_and(|b| matches!(b, b'.' | b'/' | b'@'))
                    && bytes.get(w.end) != Some(&b'.')
            })
    }
}

/// Words before a line that make the brand on it a payment method, not a
/// heading ("Pay with" / "PayPal").
const PAID_WITH: &[&str] = &["with", "via", "by", "using", "through", "from"];

/// Whether a text that bills the reader is headed by the brand alone on
/// one of its first lines after the title (an email's subject): a
/// receipt's or invoice's heading ("PayPal" / "Receipt for your payment").
/// Guards: the line is the brand alone (a legal suffix aside), not a value
/// under a label ("Payment method:" / "PayPal") or after "paid with";
/// the caller's reseller guard keeps real receipts that give the vendor's
/// official contacts and shops that name themselves.
fn receipt_heading(n: &Normalised) -> bool {
    let norm = n.norm.as_str();
    let bills = n
        .hits
        .iter()
        .any(|h| h.cue == Cue::Billing && !n.in_quote(h.start));
    if !bills {
        return false;
    }
    let mut lines = Vec::new();
    let mut at = 0;
    while lines.len() < 4 && at < norm.len().min(4096) {
        let end = norm
            .get(at..)
            .and_then(|r| r.find('\n'))
            .map_or(norm.len(), |p| at + p);
        if norm.get(at..end).is_some_and(|l| !l.trim().is_empty()) {
            lines.push((at, end));
        }
        at = end + 1;
    }
    let mut previous = "";
    for &(ls, le) in lines.iter().skip(1) {
        let line = norm.get(ls..le).unwrap_or("");
        let label = previous.trim_end().ends_with(':')
            || previous
                .trim_end()
                .rsplit(' ')
                .next()
                .is_some_and(|w| PAID_WITH.contains(&w.to_ascii_lowercase().as_str()));
        if !label && !n.in_quote(ls) && letterhead_line(line, ls, &n.words, &n.mentions, &n.hits) {
            return true;
        }
        previous = line;
    }
    false
}

/// Whether the line at `start..` (`line`) is the brand alone, as a
/// letterhead is; a legal suffix ("PayPal, LLC") is part of the name.
fn letterhead_line(
    line: &str,
    start: usize,
    words: &[Word],
    mentions: &[Mention],
    hits: &[Hit],
) -> bool {
    let end = start + line.len();
    let Some(m) = mentions
        .iter()
        .find(|m| m.start >= start && m.start < end && m.counts && !m.possessive)
    else {
        return false;
    };
    let first = words.partition_point(|w| w.start < start);
    let others = words
        .get(first..)
        .unwrap_or(&[])
        .iter()
        .take_while(|w| w.end <= end)
        .filter(|w| w.end <= m.start || w.start >= m.end)
        .filter_map(|w| line.get(w.start.saturating_sub(start)..w.end.saturating_sub(start)))
        .filter(|w| {
            w.len() > 1
                && !["inc", "llc", "ltd", "corp", "gmbh"].contains(&w.to_ascii_lowercase().as_str())
        })
        .count();
    let f = flags_in(hits, start, end);
    others == 0 && !f.commentary && !f.neutral
}

/// Whether the text opens with the brand alone, as a letterhead or an
/// invoice header does ("NORTHWIND SECURITY", "Northwind Security
/// Alert"): the document speaks as the vendor.
fn letterhead(norm: &str, words: &[Word], mentions: &[Mention], hits: &[Hit]) -> bool {
    let start = norm.len() - norm.trim_start().len();
    let end = norm
        .get(start..)
        .and_then(|r| r.find('\n'))
        .map_or(norm.len(), |p| start + p)
        .min(start + 200);
    let Some(m) = mentions
        .iter()
        .find(|m| m.start >= start && m.start < end && m.counts && !m.possessive)
    else {
        return false;
    };
    let first = words.partition_point(|w| w.start < start);
    let others = words
        .get(first..)
        .unwrap_or(&[])
        .iter()
        .take_while(|w| w.end <= end)
        .filter(|w| w.end <= m.start || w.start >= m.end)
        .filter(|w| w.end - w.start > 1)
        .count();
    let f = flags_in(hits, start, end);
    others <= 1 && !f.commentary && !f.neutral
}

#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    use super::super::testing::engine;
    use super::*;

    fn claims_of(title: &str, text: &str) -> (Claims, Normalised) {
        let e = engine();
        let c = Content {
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
        };
        let n = e.normalise(&c);
        (e.claims(&c, &n), n)
    }

    #[test]
    fn a_product_for_the_platform_is_not_the_platform() {
        let (c, _) = claims_of(
            "",
            "Ihr Abonnement f\u{fc}r Total AV Total Protection f\u{fc}r Northwind ist am 06/09 abgelaufen.\n\
             Ihre Ger\u{e4}te sind ungesch\u{fc}tzt.",
        );
        assert!(!c.presents, "{c:?}");
        let (c, _) = claims_of("", "Fabrikam Antivirus for Northwind renewal due today.");
        assert!(!c.presents, "{c:?}");
        // The brand billed, or its support named, is still a claim.
        for text in [
            "Your subscription for Northwind renewal is due today.",
            "Renewal for Northwind: your subscription is due today.",
            "Call Fabrikam Desk for Northwind Support now.",
            "Your Northwind subscription expired today.",
        ] {
            let (c, _) = claims_of("", text);
            assert!(c.presents, "{text:?}: {c:?}");
        }
    }

    #[test]
    fn addresses_are_not_commentary() {
        // The reader's address greeted, as an ID and copied: a mailbox, not
        // the text talking about phishing.
        let text = "Hi phishing@pot,\nYour Northwind Security subscription renews today.\n\
            User ID: phishing@pot. Cc: scam.reports@fabrikam.example.\n\
            Northwind Billing support: call +1 888 555 0100.";
        let (c, _) = claims_of("", text);
        assert!(!c.commentary_page, "{c:?}");
        assert!(c.self_presents, "{c:?}");
        // The same words in sentences are still commentary.
        let text = "This phishing mail posed as Northwind Security.\n\
            Phishing like this is a scam. Report phishing@pot to us.";
        let (c, _) = claims_of("", text);
        assert!(c.commentary_page, "{c:?}");
        assert!(in_address("a phishing@pot b", 2, 10));
        assert!(in_address("to fraud-phishing.desk@x.example", 9, 17));
        assert!(!in_address("phishing @ scale", 0, 8));
        assert!(!in_address("phishing mail", 0, 8));
    }

    #[test]
    fn heading_title_and_letterhead_claim() {
        let (c, _) = claims_of("", "Northwind Security Support Center\nWe fix things.");
        assert!(c.heading_claim && c.presents && c.self_presents, "{c:?}");
        let (c, _) = claims_of("Northwind Billing", "Your order.");
        assert!(c.title_claim && c.self_presents, "{c:?}");
        let (c, _) = claims_of("", "NORTHWIND SECURITY\nInvoice 4471");
        assert!(c.letterhead && c.self_presents, "{c:?}");
    }

    #[test]
    fn commentary_guard_cancels_claims() {
        let text = "Scammers posing as Northwind Security support call people.\n\
            Police warned victims. Fraudsters ask for gift cards.";
        let (c, _) = claims_of("", text);
        assert!(c.commentary_page, "{c:?}");
        assert!(!c.self_presents, "{c:?}");
        let (c, _) = claims_of("", "Is this Northwind Security support?");
        assert!(!c.adjacent_claim, "{c:?}");
    }

    #[test]
    fn signoffs_speak_as_the_vendor() {
        for text in [
            "Your plan renews today.\n\nThanks,\nTeam Northwind",
            "Your plan renews today.\nThe Northwind Security Team",
            "Your plan renews today.\nRegards,\nNorthwind Billing",
        ] {
            let (c, _) = claims_of("", text);
            assert!(c.signoff && c.self_presents, "{text:?}: {c:?}");
        }
        for text in [
            "Your plan renews today.\nWith heartfelt thanks,\nNorthwind, Inc.",
            "Your plan renews today.\nWith Full Appreciation,,\nNorthwind Security",
            "Your plan renews today.\nThank you for choosing Northwind, Inc..",
            "Your plan renews today.\nCopyright \u{a9} 2026 Northwind, LLC. All rights reserved.",
            "Your plan renews today. Call us with questions.\nNorthwind, LLC.\nMailing address: 1 Main St",
        ] {
            let (c, _) = claims_of("", text);
            assert!(c.signoff && c.text_presents, "{text:?}: {c:?}");
        }
        for text in [
            // A byline or a sentence is not a closing.
            "Your plan renews today.\nI switched to Northwind last year and like it",
            "Your plan renews today.\nThanks,\nNorthwind Traders",
            "Your plan renews today.\nThank you for choosing Northwind as your payment method",
            "Your plan renews today.\nCopyright 2026 Harbour Dental. Northwind is a trademark of its owner.",
            "Your plan renews today.\nI told them many thanks\nNorthwind Traders",
            "Scammers pose as Northwind.\nPolice warned victims.\nBeware of fraud.\nTeam Northwind",
        ] {
            let (c, _) = claims_of("", text);
            assert!(!c.signoff, "{text:?}: {c:?}");
        }
    }

    #[test]
    fn a_receipt_headed_by_the_brand_speaks_as_the_vendor() {
        // The title is an email's subject; the heading is the body's first line.
        let receipt =
            "Northwind\nReceipt number: 7731\nThank you for your purchase. $1,478.92 was charged.";
        let (c, _) = claims_of(
            "Another year of rewards",
            &format!("Another year of rewards\n\n{receipt}"),
        );
        assert!(c.letterhead && c.text_presents, "{c:?}");
        let (c, _) = claims_of(
            "Order 7731",
            "Order 7731\n\nNorthwind, LLC\n2026-09-03\nYour membership renewed: $498.70.",
        );
        assert!(c.letterhead, "{c:?}");
        for text in [
            // Nothing billed: a heading alone is not a receipt.
            "Hello\n\nNorthwind\nWe have news for you.",
            // The brand as a payment method, under a label or after "paid with".
            "ShopMart receipt\n\nPayment method:\nNorthwind\nYou were charged $24.00.",
            "ShopMart receipt\n\nPaid with\nNorthwind\nYou were charged $24.00.",
            // Too far down to be the heading.
            "Receipt\n\nShopMart\nOrder 1\nItem 2\nNorthwind\nYou were charged $24.00.",
            // A receipt that gives the vendor's own site is a real one or a shop's.
            "Receipt\n\nNorthwind\nYou were charged $24.00. Manage it at northwind.example.",
        ] {
            let (c, _) = claims_of("", text);
            assert!(!c.letterhead, "{text:?}: {c:?}");
        }
    }

    #[test]
    fn a_number_on_its_own_line_is_the_contact_line_of_a_letter_as_the_vendor() {
        let text = "Northwind\nYour renewal of $399.99 was charged.\n\
            If you have questions about your order, please reach out.\n+1 844 555 0166\n\
            Contact: +1 844 555 0177\nOur lunch place: Rosa Cafe on Main Street, 1 844 555 0199";
        let (c, n) = claims_of("", text);
        let at = |s: &str| text.find(s).unwrap_or(0);
        assert!(c.attributed(&n, at("+1 844 555 0166"), at("+1 844 555 0166") + 15, false));
        assert!(c.attributed(&n, at("+1 844 555 0177"), at("+1 844 555 0177") + 15, false));
        // A number inside a sentence with no support, billing or call words is not.
        assert!(!c.attributed(&n, at("1 844 555 0199"), at("1 844 555 0199") + 14, false));
        // A letter that does not speak as the vendor gives no contact lines.
        let text = "Meeting notes\nWe compared Northwind with others.\nContact: +1 844 555 0177";
        let (c, n) = claims_of("", text);
        let p = text.find("+1 844").unwrap_or(0);
        assert!(!c.attributed(&n, p, p + 15, false), "{c:?}");
    }

    #[test]
    fn purchases_of_the_product_speak_as_the_vendor() {
        let (c, _) = claims_of("Northwind Order Confirmation #NW-20331", "Thank you.");
        assert!(c.purchase && c.self_presents, "{c:?}");
        let invoice = "INVOICE 0093312\nNorthwind Antivirus Plus (3 years)  1  $399.99\n\
            The amount will be charged within 24 hours.";
        let (c, _) = claims_of("", invoice);
        assert!(c.purchase, "{c:?}");
        // No charge, renewal or invoice: a price list, not a bill.
        let (c, _) = claims_of("", "Northwind Antivirus 1 year: $39.99\nIn stock.");
        assert!(!c.purchase, "{c:?}");
        // A shop that sends people to the vendor for product support.
        let shop = format!("{invoice}\nFor product support visit northwind.example.");
        let (c, _) = claims_of("", &shop);
        assert!(!c.purchase, "{c:?}");
        let (c, _) = claims_of("", &format!("{invoice}\nWe are an authorised reseller."));
        assert!(!c.purchase, "{c:?}");
    }

    #[test]
    fn display_names_claim_the_vendor_unless_another_company_sends() {
        let e = engine();
        let claims = |name: &str, address: &str| {
            let n = text::normalize(name);
            let w = text::words(&n);
            e.display_name_claims(&n, &w, address)
        };
        assert!(claims("Northwind Security", "a@mailer.example"));
        assert!(claims("Northwind Rechnungsabteilung", "a@mailer.example"));
        assert!(claims("Northwind Facturatie", "info@mailer.example"));
        assert!(!claims(
            "Northwind Traders",
            "orders@northwindtraders.example"
        ));
        assert!(!claims("northwind fan", "a@mailer.example"));
        assert!(!claims("Northwind's biggest fan", "a@mailer.example"));
        assert!(!claims("Bob Lee", "bob@university.example"));
    }

    #[test]
    fn prices_are_read() {
        assert!(has_price("Total $399.99"));
        assert!(has_price("Summe: € 89"));
        assert!(has_price("£49 a year"));
        assert!(has_price("A payment of USD574.99 will be processed"));
        assert!(has_price("Total: USD 503"));
        assert!(has_price("Summe 89 EUR"));
        assert!(!has_price("USDA approved, 12 items"));
        assert!(!has_price("Prices in USD."));
        assert!(!has_price("It costs $ or more"));
        assert!(!has_price("399.99"));
    }

    #[test]
    fn attribution_needs_the_vendor_named_as_support() {
        let text = "Northwind Security support: call 1-844-555-0177.\n\n\
            The weather line is 1-844-555-0100.";
        let (c, n) = claims_of("", text);
        let first = text.find("1-844").unwrap_or(0);
        let second = text.rfind("1-844").unwrap_or(0);
        assert!(c.attributed(&n, first, first + 14, false));
        // The page presents itself as support, but the second number's
        // sentence has no support, billing or call words.
        assert!(!c.attributed(&n, second, second + 14, false));
        let (c, n) = claims_of(
            "",
            "Press contact for Northwind Security support: 1-844-555-0177.",
        );
        assert!(!c.attributed(&n, 46, 60, false), "{c:?}");
    }
}
