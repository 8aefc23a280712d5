//! What the engine answers: a verdict, a score, reasons a person reads, and
//! the evidence behind them (the JSON the CLI prints and the extension
//! renders).

use serde::Serialize;

use super::domain::HostReport;

/// The overall answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// On one of the vendor's official domains, or an official contact.
    Official,
    /// Carries a valid signed notice from the vendor.
    Verified,
    /// Makes no claim to be the vendor's support.
    Clean,
    /// Some signs of impersonation, not conclusive.
    Suspicious,
    /// Presents itself as the vendor's support through contacts or a domain
    /// that are not the vendor's.
    Impersonation,
    /// Carries a notice that does not verify (forged, altered, expired,
    /// revoked, out of scope).
    InvalidNotice,
}

impl Verdict {
    /// The wire name (`official`, `invalid-notice`...).
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Official => "official",
            Verdict::Verified => "verified",
            Verdict::Clean => "clean",
            Verdict::Suspicious => "suspicious",
            Verdict::Impersonation => "impersonation",
            Verdict::InvalidNotice => "invalid-notice",
        }
    }

    /// Whether a person should be warned (the CLI exits with status 1).
    pub fn is_warning(self) -> bool {
        matches!(
            self,
            Verdict::Suspicious | Verdict::Impersonation | Verdict::InvalidNotice
        )
    }
}

impl core::fmt::Display for Verdict {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One reason for the verdict: a stable code and a sentence for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// Stable identifier, e.g. `unofficial-phone`.
    pub code: &'static str,
    /// Plain words quoting the evidence.
    pub message: String,
}

/// A phone number found in the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PhoneFinding {
    /// As written.
    pub text: String,
    /// Canonical form.
    pub e164: String,
    /// Whether the directory lists it.
    pub official: bool,
    /// The directory's label for it (`US support`), if official.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Whether the input presents it as the vendor's number.
    pub attributed_to_vendor: bool,
}

/// An email address found in the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EmailFinding {
    /// The address, lowercased.
    pub address: String,
    /// Where it was found: `from`, `reply-to`, `text`, `link` or `contact`.
    pub role: &'static str,
    /// Whether it is an official sender.
    pub official: bool,
    /// The directory's label for it, if listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Whether the input presents it as the vendor's address.
    pub attributed_to_vendor: bool,
}

/// What a valid notice says (never filled in for an invalid one: its
/// claims are not to be believed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NoticeClaims {
    /// The agent's name as signed.
    pub agent: String,
    /// The directory name of the signing key.
    pub signer: String,
    /// The signing key's team.
    pub team: String,
    /// `email`, `scheduled-call` or `callback`.
    pub channel: &'static str,
    /// The sender address or phone number.
    pub contact: String,
    /// The directory's label for the contact.
    pub contact_label: String,
    /// Support ticket reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// The countersign phrase the agent will say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phrase: Option<String>,
    /// Start of validity (for a call, the window's start), Unix seconds.
    pub not_before: i64,
    /// End of validity, Unix seconds.
    pub expires_at: i64,
    /// Whether the recipient binding was checked: `absent`, `not-checked`, `matched`.
    pub recipient: &'static str,
    /// Whether the body digest was checked: `absent`, `not-checked`, `matched`.
    pub body: &'static str,
    /// `current`, or `upcoming` for a scheduled call whose window is to come.
    pub timing: &'static str,
}

/// A signed notice found in the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NoticeFinding {
    /// `token`, `armor` or `link`.
    pub encoding: &'static str,
    /// Where it leaves the message (`crate::notice::NoticeState`):
    /// `verified`, `partly-signed`, `copied`, `incomplete` or `invalid`.
    pub state: &'static str,
    /// Whether every check passed, the message's match included.
    pub valid: bool,
    /// Why not, in plain words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Why not, as the stable code of the failed check (`bad-signature`...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    /// What it says, when its signature and rules verified (also for a
    /// copied notice: what it says is genuine, where it is is not).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claims: Option<NoticeClaims>,
}

/// Everything the verdict rests on.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Evidence {
    /// The page's or sender's domain, classified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<HostReport>,
    /// Look-alike domains linked or named in the content.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub linked_hosts: Vec<HostReport>,
    /// Phone numbers.
    pub phones: Vec<PhoneFinding>,
    /// Email addresses.
    pub emails: Vec<EmailFinding>,
    /// How many times the brand is named (in a way that counts).
    pub brand_mentions: usize,
    /// Signed notices.
    pub notices: Vec<NoticeFinding>,
    /// Names of the support and scam cues found (`remote-access`...).
    pub signals: Vec<String>,
}

/// The engine's answer for one page, email or contact.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The verdict.
    pub verdict: Verdict,
    /// 0 (nothing wrong) to 100 (certainly impersonation).
    pub score: u8,
    /// Why, most important first.
    pub reasons: Vec<Reason>,
    /// What was found.
    pub evidence: Evidence,
    /// Whether a finding ties the input to the vendor judged: it names the
    /// brand or a product, sits on or links to the vendor's domain or a
    /// look-alike of it, holds the vendor's number or address, or carries a
    /// notice under the vendor's keys. A warning without one (a generic scam
    /// that names nobody) concerns no vendor, and nothing shown may name
    /// one: the vendor judged only stood in for all of them. Not part of
    /// the JSON; the CLI and the wasm API show it as a `vendor` of `null`.
    #[serde(skip)]
    pub concerns_vendor: bool,
}
