//! Stage 4, tactics: what the text asks for. Remote access, gift cards,
//! secrets, "do not shut down", urgency and announced calls are the moves
//! of support scams; in text that speaks as the vendor each one that the
//! vendor's own policy rules out is a contradiction of that policy.
//!
//! Guards: a tactic stated as something that does not happen ("we never
//! ask for remote access") is a policy, not a request ([`negated`]);
//! quoted text and commentary pages ask for nothing.

use super::claims::Claims;
use super::context::{self, Cue, Hit};
use super::normalise::Normalised;
use super::report::Evidence;
use super::text;
use super::verdict::Assessment;
use super::Engine;

impl Engine {
    /// The tactics in the text; sets `ev.signals`. `has_valid_notice`: a
    /// genuine notice announces the call, so an announced call is no
    /// contradiction.
    pub(super) fn tactics(
        &self,
        n: &Normalised,
        cl: &Claims,
        has_valid_notice: bool,
        a: &mut Assessment,
        ev: &mut Evidence,
    ) {
        let vendor = self.vendor().to_string();
        let dir = self.directory.directory();
        let mut cues: Vec<Cue> = n
            .hits
            .iter()
            .filter(|h| !negated(&n.lower, h) && !n.in_quote(h.start))
            .map(|h| h.cue)
            .collect();
        cues.sort();
        cues.dedup();
        ev.signals = cues.iter().map(|c| c.as_str().to_string()).collect();
        let vendor_context = a.claims_vendor || cl.self_presents;
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
        if !vendor_context && tactics >= 2 && !cl.commentary_page && !ev.phones.is_empty() {
            a.warn(
                20,
                "scam-pattern",
                "It uses the tactics of tech-support scams and gives a number to call".into(),
            );
        }
    }
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
