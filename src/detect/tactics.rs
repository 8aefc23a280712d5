//! Stage 4, tactics: what the text asks for. Remote access, gift cards,
//! secrets, "do not shut down", urgency and announced calls are the moves
//! of support scams; in text that speaks as the vendor each one that the
//! vendor's own policy rules out is a contradiction of that policy.
//!
//! Guards: a tactic stated as something that does not happen ("we never
//! ask for remote access") is a policy, not a request ([`negated`]);
//! quoted text and commentary pages ask for nothing.

use super::claims::{has_price, Claims};
use super::context::{self, Cue, Hit};
use super::domain::{self, HostVerdict};
use super::lang;
use super::normalise::Normalised;
use super::stages::Findings;
use super::text;
use super::{Content, Engine, MAX_HOSTS};

/// What the tactics stage found: the cues read (the report's signals)
/// and the findings about them.
#[derive(Debug, Default)]
pub(super) struct Tactics {
    pub signals: Vec<String>,
    pub findings: Findings,
}

/// Words that demand a payment ("pay", "update your payment").
const PAY_WORDS: &[&str] = &["pay", "payment", "billing details", "card details"];

impl Engine {
    /// Stage 4: the tactics in the text. `claims_vendor`: an earlier
    /// stage found the text claiming to be the vendor; `has_phones`: it
    /// gives a number; `has_valid_notice`: a genuine notice announces the
    /// call, so an announced call is no contradiction.
    pub(super) fn tactics(
        &self,
        n: &Normalised,
        cl: &Claims,
        claims_vendor: bool,
        has_phones: bool,
        has_valid_notice: bool,
    ) -> Tactics {
        let mut a = Findings::default();
        let vendor = self.vendor().to_string();
        let dir = self.directory.directory();
        let cues = cues_read(&n.lower, &n.hits, |at| n.in_quote(at));
        let signals = cues.iter().map(|c| c.as_str().to_string()).collect();
        let vendor_context = claims_vendor || cl.self_presents;
        let mut tactics = 0;
        for &cue in &cues {
            if !(cue.is_scam_tactic() || cue == Cue::Urgency || cue == Cue::ScheduledCall)
                || cl.commentary_page
            {
                continue;
            }
            if cue.is_scam_tactic() {
                tactics += 1;
            }
            let policy = context::policy_text(dir, cue);
            match (cue, vendor_context, policy) {
                (Cue::ScheduledCall, true, Some(p)) if !has_valid_notice => a.warn(
                    20,
                    "policy-contradiction",
                    format!("It announces a call without a signed notice; {vendor} says: \"{p}\""),
                ),
                (Cue::ScheduledCall, _, _) => {}
                (Cue::Urgency, true, _) => a.warn(5, "urgency", format!("It {}", cue.describe())),
                (Cue::Urgency, false, _) => {}
                (_, true, Some(p)) => a.warn(
                    20,
                    "policy-contradiction",
                    format!("It {}; {vendor} says: \"{p}\"", cue.describe()),
                ),
                (_, true, None) => a.warn(15, "scam-tactic", format!("It {}", cue.describe())),
                (_, false, _) => a.warn(8, "scam-tactic", format!("It {}", cue.describe())),
            }
        }
        if !vendor_context && tactics >= 2 && !cl.commentary_page && has_phones {
            a.warn(
                20,
                "scam-pattern",
                "It uses the tactics of tech-support scams and gives a number to call".into(),
            );
        }
        Tactics {
            signals,
            findings: a,
        }
    }
}

impl Engine {
    /// Lures without a number: text that claims to be the vendor, demands
    /// a renewal or a payment, and links off the vendor's domains is a
    /// renewal scam whether or not it gives a number to call. The guards
    /// are [`is_likely_payment_lure_false_positive`] and
    /// [`Engine::is_likely_shop`] (a shop renewing what it sold, in its own
    /// store; not the official footer scams copy).
    pub(super) fn payment_lure(
        &self,
        c: &Content<'_>,
        n: &Normalised,
        cl: &Claims,
        claims_vendor: bool,
    ) -> Findings {
        let mut a = Findings::default();
        if !(claims_vendor || cl.self_presents)
            || is_likely_payment_lure_false_positive(c, cl)
            || self.is_likely_shop(c, n)
            || !demands_payment(n)
        {
            return a;
        }
        // Link targets, then addresses written out in plain text.
        let mut targets: Vec<&str> = Vec::new();
        for (k, link) in c.links.iter().enumerate().take(200) {
            if !n.link_pos.get(k).is_some_and(|&at| n.in_quote(at)) {
                targets.push(link.href.trim());
            }
        }
        for (at, _) in n.lower.match_indices("http").take(200) {
            if n.in_quote(at) {
                continue;
            }
            let rest = n.norm.get(at..).unwrap_or("");
            let end = rest
                .find(|ch: char| ch.is_whitespace() || matches!(ch, '"' | '<' | '>'))
                .unwrap_or(rest.len());
            targets.push(rest.get(..end).unwrap_or(""));
        }
        // Each distinct host is classified once, at most `MAX_HOSTS` of them.
        let mut seen: Vec<String> = Vec::new();
        for href in targets {
            let lower = href.get(..8).unwrap_or(href).to_ascii_lowercase();
            if !(lower.starts_with("http://") || lower.starts_with("https://")) {
                continue;
            }
            let Ok(u) = domain::url_host(href) else {
                continue;
            };
            let host: &str = u.host.as_ref();
            if seen.iter().any(|s| s == host) {
                continue;
            }
            if seen.len() >= MAX_HOSTS {
                break;
            }
            seen.push(host.to_string());
            let h = self.domains.classify_host(host);
            // Look-alike hosts have their own, stronger finding.
            if matches!(h.verdict, HostVerdict::Unrelated) {
                a.claims_vendor = true;
                a.warn(
                    45,
                    "payment-link",
                    format!(
                        "It asks you to renew or pay through {}, which is not a {} site",
                        h.unicode,
                        self.vendor()
                    ),
                );
                return a;
            }
        }
        a
    }
}

/// Words around a percentage that make it a discount ("60% OFF", "80 %
/// Rabatt", "save 70%").
const DISCOUNT_AFTER: &[&str] = &[
    "off",
    "discount",
    "rabatt",
    "korting",
    "descuento",
    "remise",
    "réduction",
    "sconto",
];
const DISCOUNT_BEFORE: &[&str] = &["save", "spare", "sparen", "bespaar", "ahorra", "économisez"];

/// Whether the text offers a discount: a percentage with a discount word
/// right after it or a saving word right before it. A renewal at a
/// discount asks for money as a price does.
fn offers_discount(lower: &str) -> bool {
    lower.match_indices('%').take(64).any(|(at, _)| {
        let digit = lower
            .get(..at)
            .map(str::trim_end)
            .is_some_and(|b| b.ends_with(|c: char| c.is_ascii_digit()));
        if !digit {
            return false;
        }
        let after = lower
            .get(at + 1..text::floor_boundary(lower, (at + 16).min(lower.len())))
            .unwrap_or("");
        let before = lower
            .get(text::floor_boundary(lower, at.saturating_sub(20))..at)
            .unwrap_or("");
        let first_after = after
            .split(|c: char| !c.is_alphanumeric() && c != 'é')
            .find(|w| !w.is_empty());
        first_after.is_some_and(|w| DISCOUNT_AFTER.contains(&w))
            || before
                .split(|c: char| !c.is_alphanumeric() && c != 'é')
                .rfind(|w| !w.is_empty() && !w.bytes().all(|b| b.is_ascii_digit()))
                .is_some_and(|w| DISCOUNT_BEFORE.contains(&w))
    })
}

/// Whether the text demands a renewal or a payment: a renewal, billing or
/// subscription word outside quotes, with a price, a discount or a word of
/// paying.
fn demands_payment(n: &Normalised) -> bool {
    let billing = n
        .hits
        .iter()
        .any(|h| h.cue == Cue::Billing && !n.in_quote(h.start) && !negated(&n.lower, h));
    billing
        && (has_price(&n.norm)
            || offers_discount(&n.lower)
            || n.words.iter().any(|w| {
                n.lower
                    .get(w.start..w.end)
                    .is_some_and(|w| PAY_WORDS.contains(&w))
            })
            || PAY_WORDS
                .iter()
                .any(|p| p.contains(' ') && n.lower.contains(p)))
}

/// The guard of [`Engine::payment_lure`]: the vendor's own authenticated
/// mail links to its mailing service and shops, and a page that reports on
/// scams links to its sources.
fn is_likely_payment_lure_false_positive(c: &Content<'_>, cl: &Claims) -> bool {
    c.sender_official || cl.commentary_page
}

/// The cues of `hits` that are neither denied ([`negated`]) nor inside a
/// quote (`in_quote` of their start), each once, in order. A cue already
/// read is not asked about again: on a long page the same cue is found
/// thousands of times, and the sentence before each was searched for
/// every negation of every language.
fn cues_read(lower: &str, hits: &[Hit], in_quote: impl Fn(usize) -> bool) -> Vec<Cue> {
    let mut cues: Vec<Cue> = Vec::new();
    for h in hits {
        if !cues.contains(&h.cue) && !negated(lower, h) && !in_quote(h.start) {
            cues.push(h.cue);
        }
    }
    cues.sort();
    cues
}

/// Whether a tactic is stated as something that does not happen ("we never
/// ask for remote access", "no gift cards"): a policy, not a request.
fn negated(lower: &str, hit: &Hit) -> bool {
    if !hit.cue.is_scam_tactic() || hit.cue == Cue::DoNotShutDown {
        return false;
    }
    let from = text::floor_boundary(lower, hit.start.saturating_sub(48));
    let before = lower.get(from..hit.start).unwrap_or("");
    // Only within the same sentence.
    let before = before
        .rsplit(['.', '!', '?', '\n'])
        .next()
        .unwrap_or(before);
    [
        " never ", " not ", "n't ", " no ", "never ", " nor ", "without ",
    ]
    .iter()
    .any(|n| before.contains(n) || before.starts_with(n.trim_start()))
        || lang::negation::denies(before, lower.get(hit.end..).unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::super::context::ContextScanner;
    use super::*;

    fn first_tactic(s: &str) -> (String, Hit) {
        let lower = s.to_ascii_lowercase();
        let words = text::words(&lower);
        let hit = ContextScanner::default()
            .scan(&lower, &words)
            .into_iter()
            .find(|h| h.cue.is_scam_tactic())
            .unwrap_or(Hit {
                cue: Cue::Support,
                start: 0,
                end: 0,
            });
        (lower, hit)
    }

    /// The former way: every hit asked, then sorted and deduplicated.
    fn cues_read_reference(
        lower: &str,
        hits: &[Hit],
        in_quote: impl Fn(usize) -> bool,
    ) -> Vec<Cue> {
        let mut cues: Vec<Cue> = hits
            .iter()
            .filter(|h| !negated(lower, h) && !in_quote(h.start))
            .map(|h| h.cue)
            .collect();
        cues.sort();
        cues.dedup();
        cues
    }

    /// Each cue asked about until it is read once gives the cues every
    /// hit asked about gave, on every corpus page, webmail page and email
    /// (with no quotes and with made-up ones) and on denied tactics.
    #[test]
    fn cues_read_once_as_the_reference() {
        let mut texts = vec![
            "We never ask for remote access. Install AnyDesk now. No gift cards, \
             pay by gift card. \"Buy a gift card\", he said. Your password please."
                .to_string(),
        ];
        for s in super::super::testing::corpus(&["pages", "webmail", "emails"]) {
            texts.push(text::extract(&s).text);
        }
        assert!(texts.len() > 40, "{}", texts.len());
        let scanner = ContextScanner::default();
        let mut cues = 0;
        for t in &texts {
            let lower = text::normalize(t).to_ascii_lowercase();
            let words = text::words(&lower);
            let hits = scanner.scan(&lower, &words);
            for quote in [0usize, 2, 7] {
                let in_quote = |at: usize| quote > 0 && at % quote == 0;
                let fast = cues_read(&lower, &hits, in_quote);
                assert_eq!(fast, cues_read_reference(&lower, &hits, in_quote), "{t}");
                cues += fast.len();
            }
        }
        assert!(cues > 100, "{cues}");
    }

    fn webmail(name: &str, address: &str, body: &str) -> super::super::Report {
        super::super::testing::engine().analyse_webmail(name, address, body, crate::demo::DEMO_NOW)
    }

    fn has(r: &super::super::Report, code: &str) -> bool {
        r.reasons.iter().any(|x| x.code == code)
    }

    #[test]
    fn discounts_are_read_as_a_price() {
        for t in [
            "activate with 60% off now",
            "nur heute: 80 % rabatt auf ihre verlängerung",
            "renewal discount available: save 70% today",
            "72% korting",
        ] {
            assert!(offers_discount(t), "{t:?}");
        }
        for t in [
            "100% secure",
            "cpu at 95%",
            "off by 5%",
            "% off",
            "save the date, 50% of users",
        ] {
            assert!(!offers_discount(t), "{t:?}");
        }
    }

    #[test]
    fn payment_lures_without_a_number_are_evidence() {
        let lure = "<p>Your subscription expired. Renew now and pay $89.99.</p>\
            <p><a href=\"https://secure-renewals.example/pay\">Renew</a></p>";
        let r = webmail("Northwind Licensing", "notify@mailer-hub.example", lure);
        assert!(has(&r, "payment-link"), "{r:#?}");
        assert_eq!(r.verdict, super::super::Verdict::Impersonation, "{r:#?}");
        // Written out in plain text.
        let plain = "Your licence renewal is due. Confirm your payment details at \
            https://renew-licence-now.example/nw?id=5 today.";
        let r = webmail("Northwind Security", "notify@mailer-hub.example", plain);
        assert!(has(&r, "payment-link"), "{r:#?}");
        // The vendor's footer copied into the lure does not make it a shop.
        let footer =
            format!("{lure}<p>\u{a9} Northwind Security. Privacy: northwind.example/privacy</p>");
        let r = webmail("Northwind Licensing", "notify@mailer-hub.example", &footer);
        assert!(has(&r, "payment-link"), "{r:#?}");
        // A shop renewing what it sold, in its own store, names itself.
        let shop =
            "<p>Your Northwind subscription from Hexa Store expires. Renew at Hexa for $39.99.</p>\
            <p><a href=\"https://hexa.example/renew\">Renew</a></p>";
        let r = webmail("Hexa Reminders", "reminders@hexa.example", shop);
        assert!(!has(&r, "payment-link"), "{r:#?}");
        // A lure that links to its own sender's domain is not a shop for it.
        let own = "<p>Your Northwind subscription payment was declined. Update your billing information.</p>\
            <p>https://www.hexa.example</p>";
        let r = webmail("Northwind Licensing", "xt@hexa.example", own);
        assert!(has(&r, "payment-link"), "{r:#?}");
    }

    #[test]
    fn payment_lure_guards() {
        let lure = "<p>Your subscription renews soon; pay $89.99.</p>\
            <p><a href=\"https://click.mailer-hub.example/pay\">Manage</a></p>";
        // The vendor's own mail links through its mailing service.
        let r = webmail("Northwind Security", "billing@northwind.example", lure);
        assert!(!has(&r, "payment-link"), "{r:#?}");
        // No claim to be the vendor.
        let r = webmail("Fabrikam Shop", "shop@fabrikam.example", lure);
        assert!(!has(&r, "payment-link"), "{r:#?}");
        // A link to the vendor's own site.
        let own = lure.replace("click.mailer-hub.example", "northwind.example");
        let r = webmail("Northwind Security", "notify@mailer-hub.example", &own);
        assert!(!has(&r, "payment-link"), "{r:#?}");
        // No renewal or payment demanded.
        let r = webmail(
            "Northwind Security",
            "notify@mailer-hub.example",
            "<p>Read our blog: <a href=\"https://blog-host.example/\">here</a></p>",
        );
        assert!(!has(&r, "payment-link"), "{r:#?}");
    }

    #[test]
    fn stated_policies_are_not_requests() {
        for s in [
            "We never ask for remote access.",
            "We will not ask for gift cards",
            "Northwind doesn't use AnyDesk",
        ] {
            let (lower, hit) = first_tactic(s);
            assert!(hit.cue.is_scam_tactic(), "{s}");
            assert!(negated(&lower, &hit), "{s}");
        }
        for s in [
            "Install AnyDesk now. We never lie.",
            "Pay with gift cards today",
        ] {
            let (lower, hit) = first_tactic(s);
            assert!(hit.cue.is_scam_tactic(), "{s}");
            assert!(!negated(&lower, &hit), "{s}");
        }
    }
}
