//! The contents of a vendor directory: what the vendor says is officially its
//! own. This is the payload that the root key signs; see `docs/protocol.md`.
//!
//! Parsing is strict (`deny_unknown_fields`): a field the client does not
//! understand could carry a rule it would silently ignore, so it refuses the
//! directory instead. A field added later is optional and left out when
//! unused (`public_mailboxes`), so directories that do not use it keep their
//! bytes and their format string, and a client too old for it refuses only
//! the directories that do (`docs/protocol.md`, "Public mailboxes"). A
//! change of meaning for existing fields needs a new `format` string.

use serde::{Deserialize, Serialize};

/// The `format` value of a version-1 directory.
pub const DIRECTORY_FORMAT: &str = "countersign-directory/1";

/// Seconds since the Unix epoch, UTC. The core never reads a clock: callers
/// pass "now" in.
pub type UnixTime = i64;

/// The signed body of a vendor directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Directory {
    /// Always [`DIRECTORY_FORMAT`].
    pub format: String,
    /// Who the vendor is, and the names scammers use for it.
    pub vendor: Vendor,
    /// Grows with every published directory; clients refuse to go back.
    pub sequence: u64,
    /// When the directory was signed.
    pub issued_at: UnixTime,
    /// After this, clients stop trusting the directory (defeats freezing).
    pub expires_at: UnixTime,
    /// Canonical URLs the directory is published at (a `.well-known` path on
    /// an official domain).
    pub published_at: Vec<String>,
    /// The vendor's page that verifies notices; verify links point here with
    /// the token in the fragment.
    pub verify_url: String,
    /// Official web domains.
    pub domains: Vec<OfficialDomain>,
    /// Official support email addresses.
    pub emails: Vec<OfficialEmail>,
    /// Domains all of whose addresses are official senders.
    #[serde(default)]
    pub email_domains: Vec<String>,
    /// Official phone numbers.
    pub phones: Vec<OfficialPhone>,
    /// Statements of how the vendor does (and never does) contact customers.
    pub policies: Vec<Policy>,
    /// Staff keys allowed to sign contact notices.
    pub keys: Vec<StaffKey>,
    /// Key ids that must no longer be trusted, whatever `keys` says.
    #[serde(default)]
    pub revoked: Vec<Revocation>,
}

/// The vendor's identity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vendor {
    /// A short stable identifier, e.g. `northwind`. Notices name it.
    pub id: String,
    /// The display name, e.g. `Northwind Security`.
    pub name: String,
    /// Names and product names a scammer would claim ("Northwind Antivirus").
    pub brand_terms: Vec<String>,
}

/// An official web domain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficialDomain {
    /// Lowercase ASCII (IDNs in punycode), no trailing dot.
    pub domain: String,
    /// Whether every subdomain is official too.
    pub include_subdomains: bool,
    /// Whether the vendor hands out mailboxes here to anyone who asks (a
    /// free mail service it runs, such as a webmail brand). The web site is
    /// still the vendor's; an address on it is not the vendor speaking, nor
    /// by itself a claim to be the vendor, unless `emails` lists that exact
    /// address. Absent means `false`, and `false` is not written, so a
    /// directory that does not use it is byte-for-byte what it was before
    /// the field existed (see "Public mailboxes" in `docs/protocol.md`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub public_mailboxes: bool,
}

/// `skip_serializing_if` for flags written only when set.
fn is_false(flag: &bool) -> bool {
    !*flag
}

/// An official email address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficialEmail {
    /// Lowercase address.
    pub address: String,
    /// What it is for, e.g. `Support`.
    pub label: String,
}

/// An official phone number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficialPhone {
    /// E.164: `+` then 8 to 15 digits, no separators.
    pub number: String,
    /// What it is for, e.g. `US support`.
    pub label: String,
    /// ISO 3166-1 alpha-2 country the line serves, e.g. `US`.
    pub country: String,
    /// What kind of line: `support`, `billing`, `sales`...
    pub purpose: String,
}

/// A contact policy. Well-known ids let software act on the policy; the text
/// is what people read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// E.g. [`policy_ids::NO_UNSOLICITED_CALLS`].
    pub id: String,
    /// The statement, in the vendor's words.
    pub text: String,
}

/// Well-known policy ids.
pub mod policy_ids {
    /// "We never call unexpectedly."
    pub const NO_UNSOLICITED_CALLS: &str = "no-unsolicited-calls";
    /// "Calls are scheduled in advance with a signed notice."
    pub const CALLS_SCHEDULED_WITH_NOTICE: &str = "calls-scheduled-with-notice";
    /// "We never ask for remote access to your computer."
    pub const NO_REMOTE_ACCESS: &str = "no-remote-access";
    /// "We never ask for payment in gift cards or crypto."
    pub const NO_GIFT_CARDS: &str = "no-gift-cards";
    /// "We never ask for your password or full card number."
    pub const NO_SECRETS: &str = "no-secrets";
}

/// The contact channels a notice can be for, and a staff key can be allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    /// An outbound support email; the contact point is the sender address.
    Email,
    /// A phone call arranged in advance; the contact point is the calling
    /// number and the window is when the call will come.
    ScheduledCall,
    /// A request to call the vendor back; the contact point is the number to call.
    Callback,
}

impl Channel {
    /// Every channel, in a stable order.
    pub const ALL: [Channel; 3] = [Channel::Email, Channel::ScheduledCall, Channel::Callback];

    /// The wire name (`email`, `scheduled-call`, `callback`).
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::ScheduledCall => "scheduled-call",
            Channel::Callback => "callback",
        }
    }

    /// Parses the wire name.
    pub fn parse(text: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// Whether the contact point is a phone number (else an email address).
    pub fn is_phone(self) -> bool {
        !matches!(self, Channel::Email)
    }

    /// A human label, e.g. "scheduled call".
    pub fn describe(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::ScheduledCall => "scheduled call",
            Channel::Callback => "callback request",
        }
    }
}

/// A staff member's (or team's) notice-signing key and its scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffKey {
    /// The key id; must match `public_key`.
    pub id: String,
    /// `CSPK1.` text form.
    pub public_key: String,
    /// Display name of the person or team.
    pub name: String,
    /// Team, e.g. `Support Tier 2`.
    #[serde(default)]
    pub team: String,
    /// What the key may sign.
    pub channels: Vec<Channel>,
    /// Start of validity.
    pub not_before: UnixTime,
    /// End of validity: notices must expire by then.
    pub not_after: UnixTime,
    /// Longest allowed notice lifetime (`expires_at - issued_at`), seconds.
    pub max_notice_lifetime: i64,
}

/// A revoked key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revocation {
    /// The key id.
    pub id: String,
    /// When it was revoked.
    pub revoked_at: UnixTime,
    /// Why, for the record (e.g. `staff member left`, `key compromised`).
    #[serde(default)]
    pub reason: String,
}
