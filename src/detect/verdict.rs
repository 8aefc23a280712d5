//! Scoring: findings with weights add up to a score, and the score, what
//! kind of claim was made and the notices found give the verdict.
//!
//! The rules, in order:
//!
//! 1. an official domain is `official` (its content is the vendor's own);
//! 2. any notice that fails verification is `invalid-notice`: a forged or
//!    replayed notice is the strongest sign of a targeted scam, and the
//!    person must hear why it failed;
//! 3. a genuine notice in a message that contradicts it (another sender,
//!    numbers or addresses that are not the vendor's, a verify link on
//!    another host: `crate::notice::message`) is `impersonation`: the notice
//!    was copied into a message the vendor did not send. A genuine notice
//!    followed by text its body digest does not cover ("partly signed") is at
//!    least `suspicious`. Neither is ever `verified`;
//! 4. valid notices make `verified`, unless the rest is impersonation on its
//!    own (a genuine notice pasted next to a scammer's number);
//! 5. otherwise the score decides: `impersonation` at 60 when the input
//!    claims to be the vendor, `suspicious` at 30, `clean` below.
//!
//! Weights are coarse on purpose: one decisive finding (a look-alike domain,
//! a number presented as the vendor's that is not) crosses the line alone;
//! softer cues (support talk, urgency) only matter together. Scores are
//! saturated to 100.

use super::report::{Reason, Verdict};

/// Score at which an input that claims to be the vendor is impersonation.
pub const IMPERSONATION_AT: u32 = 60;
/// Score at which an input is suspicious.
pub const SUSPICIOUS_AT: u32 = 30;

/// Findings collected while analysing one input.
#[derive(Clone, Debug, Default)]
pub struct Assessment {
    score: u32,
    warnings: Vec<(u32, Reason)>,
    info: Vec<Reason>,
    /// Whether the input claims to be the vendor (names it as its own
    /// support, uses its name as sender, or sits on a look-alike domain).
    pub claims_vendor: bool,
    /// Set when the input is on an official domain or is an official contact.
    pub official: bool,
    /// Reasons of notices that failed.
    pub invalid_notices: Vec<Reason>,
    /// Reasons of notices that verified.
    pub valid_notices: Vec<Reason>,
    /// Reasons of genuine notices in a message that contradicts them.
    pub copied_notices: Vec<Reason>,
    /// Reasons of genuine notices followed by text nothing signed.
    pub partly_signed_notices: Vec<Reason>,
}

impl Assessment {
    /// Adds a finding that counts against the input.
    pub fn warn(&mut self, weight: u32, code: &'static str, message: String) {
        self.score = self.score.saturating_add(weight);
        self.warnings.push((weight, Reason { code, message }));
    }

    /// Adds a finding that explains without counting (an official number).
    pub fn note(&mut self, code: &'static str, message: String) {
        if self.info.len() < 20 && !self.info.iter().any(|r| r.message == message) {
            self.info.push(Reason { code, message });
        }
    }

    /// The score so far.
    pub fn score(&self) -> u32 {
        self.score
    }

    /// The verdict, the 0-100 score and the reasons, most important first.
    pub fn finish(mut self, vendor: &str) -> (Verdict, u8, Vec<Reason>) {
        // Most weighty first; ties keep the order they were found in.
        self.warnings.sort_by_key(|w| core::cmp::Reverse(w.0));
        let warnings: Vec<Reason> = self.warnings.into_iter().map(|(_, r)| r).collect();
        let score = self.score.min(100);
        let (verdict, score, mut reasons) = if self.official {
            (Verdict::Official, 0, self.info)
        } else if !self.invalid_notices.is_empty() {
            let mut r = self.invalid_notices;
            r.extend(warnings);
            (Verdict::InvalidNotice, score.max(70), r)
        } else if !self.copied_notices.is_empty() {
            let mut r = self.copied_notices;
            r.extend(warnings);
            (Verdict::Impersonation, score.max(70), r)
        } else if !self.partly_signed_notices.is_empty() {
            let mut r = self.partly_signed_notices;
            r.extend(warnings);
            if score >= IMPERSONATION_AT && self.claims_vendor {
                (Verdict::Impersonation, score, r)
            } else {
                (
                    Verdict::Suspicious,
                    score.clamp(40, IMPERSONATION_AT - 1),
                    r,
                )
            }
        } else if !self.valid_notices.is_empty() {
            if score >= IMPERSONATION_AT && self.claims_vendor {
                let mut r = warnings;
                r.push(Reason {
                    code: "notice-does-not-cover",
                    message: "The signed notice is genuine, but it does not vouch for the other contacts here"
                        .into(),
                });
                r.extend(self.valid_notices);
                (Verdict::Impersonation, score, r)
            } else {
                let mut r = self.valid_notices;
                r.extend(self.info);
                (Verdict::Verified, 0, r)
            }
        } else if score >= IMPERSONATION_AT && self.claims_vendor {
            let mut r = warnings;
            r.extend(self.info);
            (Verdict::Impersonation, score, r)
        } else if score >= SUSPICIOUS_AT {
            let mut r = warnings;
            r.extend(self.info);
            (Verdict::Suspicious, score.min(IMPERSONATION_AT - 1), r)
        } else {
            let mut r = self.info;
            if r.is_empty() {
                r.push(Reason {
                    code: "no-claim",
                    message: format!("Nothing here claims to be {vendor} support"),
                });
            }
            (Verdict::Clean, score, r)
        };
        reasons.truncate(12);
        (verdict, u8::try_from(score).unwrap_or(100), reasons)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds() {
        let mut a = Assessment::default();
        a.warn(20, "x", "soft".into());
        assert_eq!(a.clone().finish("V").0, Verdict::Clean);
        a.warn(20, "y", "softer".into());
        assert_eq!(a.clone().finish("V").0, Verdict::Suspicious);
        a.warn(50, "z", "hard".into());
        assert_eq!(
            a.clone().finish("V").0,
            Verdict::Suspicious,
            "no vendor claim"
        );
        a.claims_vendor = true;
        let (v, s, r) = a.clone().finish("V");
        assert_eq!((v, s), (Verdict::Impersonation, 90));
        assert_eq!(r[0].code, "z");
        a.invalid_notices.push(Reason {
            code: "notice-invalid",
            message: "bad".into(),
        });
        assert_eq!(a.clone().finish("V").0, Verdict::InvalidNotice);
        a.official = true;
        assert_eq!(a.finish("V").0, Verdict::Official);
    }

    #[test]
    fn a_copied_or_partly_signed_notice_is_never_verified() {
        let valid = Reason {
            code: "notice-valid",
            message: "genuine".into(),
        };
        let mut a = Assessment::default();
        a.valid_notices.push(valid.clone());
        assert_eq!(a.clone().finish("V").0, Verdict::Verified);
        let mut partly = a.clone();
        partly.partly_signed_notices.push(Reason {
            code: "notice-partly-signed",
            message: "P.S.".into(),
        });
        assert_eq!(partly.clone().finish("V").0, Verdict::Suspicious);
        let mut copied = partly;
        copied.copied_notices.push(Reason {
            code: "notice-copied",
            message: "copied".into(),
        });
        let (v, s, r) = copied.finish("V");
        assert_eq!((v, s), (Verdict::Impersonation, 70));
        assert_eq!(r[0].code, "notice-copied");
    }
}
