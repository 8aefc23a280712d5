//! Checking a notice against a verified directory.
//!
//! The order of the checks matters: nothing in the claims is believed before
//! the signature over the exact payload bytes verifies with a key the
//! directory lists. Each failure is its own [`NoticeError`] variant whose
//! `Display` is a sentence a customer can act on.

use core::fmt;

use super::canon;
use super::claims::{Claims, SignedNotice, NOTICE_VERSION};
use super::encoding::NoticeFormatError;
use super::phrase;
use super::rules::{self, ClaimError};
use crate::directory::{Channel, UnixTime, VerifiedDirectory};
use crate::display::{shown, shown_within};
use crate::keys::{Context, KeyId};
use crate::phone;
use crate::time::format_utc;

/// Clock difference tolerated between the signer and the reader, seconds.
pub const NOTICE_CLOCK_SKEW: i64 = 300;

/// What the reader knows besides the notice.
#[derive(Clone, Copy, Debug, Default)]
pub struct VerifyOptions<'a> {
    /// The reader's clock, Unix seconds.
    pub now: UnixTime,
    /// The reader's own email address, to check the recipient binding.
    pub recipient: Option<&'a str>,
    /// The message body as displayed, to check the body digest.
    pub body: Option<&'a str>,
}

/// The outcome of an optional check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding {
    /// The notice carries no such binding.
    Absent,
    /// The notice carries one, but the reader gave nothing to check it with.
    NotChecked,
    /// Checked and matching.
    Matched,
}

impl Binding {
    /// The name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Binding::Absent => "absent",
            Binding::NotChecked => "not-checked",
            Binding::Matched => "matched",
        }
    }
}

/// Where "now" falls in the notice's validity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timing {
    /// Inside the validity window (for a call: the call may come now).
    Current,
    /// A scheduled call announced ahead of its window. The notice is
    /// genuine, but a call that comes now is not the announced one.
    Upcoming,
}

impl Timing {
    /// The name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Timing::Current => "current",
            Timing::Upcoming => "upcoming",
        }
    }
}

/// A notice whose every check passed.
#[derive(Clone, Debug)]
pub struct VerifiedNotice {
    /// What it says.
    pub claims: Claims,
    /// The vendor's display name, from the directory.
    pub vendor_name: String,
    /// The signing key's directory name.
    pub signer_name: String,
    /// The signing key's team.
    pub signer_team: String,
    /// The directory's label for the contact point (e.g. `US support`).
    pub contact_label: String,
    /// Whether it was checked to be addressed to the reader.
    pub recipient: Binding,
    /// Whether the body digest was checked.
    pub body: Binding,
    /// Whether the window is open now or still to come.
    pub timing: Timing,
}

/// A flat, serialisable view of a verified notice for JSON output (CLI
/// `--json`, the wasm façade). Field names are camelCase.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoticeSummary {
    /// Vendor id.
    pub vendor: String,
    /// The vendor's display name.
    pub vendor_name: String,
    /// `email`, `scheduled-call` or `callback`.
    pub channel: Channel,
    /// Agent display name.
    pub agent: String,
    /// Sender address or phone number (E.164).
    pub contact: String,
    /// The contact point as people read it (`+1 202 555 0143`).
    pub contact_display: String,
    /// The directory's label for the contact point.
    pub contact_label: String,
    /// Ticket reference, if any.
    pub ticket: Option<String>,
    /// When it was signed.
    pub issued_at: UnixTime,
    /// Start of validity (call window start).
    pub not_before: UnixTime,
    /// End of validity (call window end).
    pub expires_at: UnixTime,
    /// Countersign phrase, for calls.
    pub phrase: Option<String>,
    /// Unique notice id.
    pub id: String,
    /// Signing key id.
    pub key_id: String,
    /// The signing key's directory name.
    pub signer_name: String,
    /// The signing key's team.
    pub signer_team: String,
    /// Recipient binding outcome.
    pub recipient: &'static str,
    /// Body digest outcome.
    pub body: &'static str,
    /// `current`, or `upcoming` for a scheduled call whose window is to come.
    pub timing: &'static str,
}

impl VerifiedNotice {
    /// The contact point as people read it: a phone number grouped
    /// (`+1 202 555 0143`), an address as it is.
    pub fn contact_display(&self) -> String {
        if self.claims.channel.is_phone() {
            phone::display(&self.claims.contact)
        } else {
            self.claims.contact.clone()
        }
    }

    /// The flat view for JSON output.
    pub fn summary(&self) -> NoticeSummary {
        let c = &self.claims;
        // Every string passes the one display rule (src/display.rs). The
        // claims' free text already obeys the signing rules, and the
        // directory's is signed by the root key; this is the belt to those
        // braces, so no caller can show a raw string by mistake.
        NoticeSummary {
            vendor: shown(&c.vendor),
            vendor_name: shown(&self.vendor_name),
            channel: c.channel,
            agent: shown(&c.agent),
            contact: shown(&c.contact),
            contact_display: shown(&self.contact_display()),
            contact_label: shown(&self.contact_label),
            ticket: c.ticket.as_deref().map(shown),
            issued_at: c.issued_at,
            not_before: c.not_before,
            expires_at: c.expires_at,
            phrase: c.phrase.as_deref().map(shown),
            id: shown(&c.id),
            key_id: shown(&c.key_id),
            signer_name: shown(&self.signer_name),
            signer_team: shown(&self.signer_team),
            recipient: self.recipient.as_str(),
            body: self.body.as_str(),
            timing: self.timing.as_str(),
        }
    }
}

/// Why a notice is not valid. Each variant is a distinct reason.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NoticeError {
    /// The text is not a well-formed notice.
    Format(NoticeFormatError),
    /// Signed bytes that are not valid claims (only possible for a signer
    /// with a listed key; reported rather than trusted).
    Malformed(String),
    /// A notice version this reader does not understand.
    UnsupportedVersion(u32),
    /// The notice names a key the directory does not list. The key id the
    /// notice gives is not kept: it is attacker text, and nothing unverified
    /// is echoed to the reader.
    UnknownKey {
        /// The vendor's display name, from the directory.
        vendor: String,
    },
    /// Signed claims that break the rules of what a notice may say.
    BadClaims(ClaimError),
    /// The signature does not match: the notice was altered or forged.
    BadSignature,
    /// The notice is for another vendor than the directory's.
    WrongVendor {
        /// The vendor id in the notice.
        vendor: String,
    },
    /// The signing key was revoked.
    RevokedKey {
        /// Who held the key.
        name: String,
    },
    /// The notice's lifetime falls outside the key's validity.
    KeyNotValid {
        /// Who holds the key.
        name: String,
    },
    /// The key may not sign this channel.
    ChannelNotAllowed {
        /// Who holds the key.
        name: String,
        /// The channel in the notice.
        channel: Channel,
    },
    /// Valid for longer than the key's maximum notice lifetime.
    LifetimeTooLong {
        /// The notice's lifetime, seconds.
        lifetime: i64,
        /// The key's maximum, seconds.
        max: i64,
    },
    /// Times that contradict each other (ends before it starts, issued after
    /// its window ends).
    BadWindow,
    /// Signed in the future by the reader's clock.
    IssuedInFuture {
        /// When it says it was signed.
        issued_at: UnixTime,
    },
    /// Not valid yet: an email or callback notice whose start is to come (a
    /// scheduled call read before its window verifies as [`Timing::Upcoming`]).
    NotYetValid {
        /// Start of validity.
        not_before: UnixTime,
    },
    /// Expired (for a call: the window is over).
    Expired {
        /// End of validity.
        expires_at: UnixTime,
    },
    /// The sender address or phone number is not in the directory.
    UnofficialContact {
        /// The contact point in the notice.
        contact: String,
    },
    /// A call notice without a valid countersign phrase.
    MissingPhrase,
    /// The notice was addressed to someone else (it was forwarded).
    NotForRecipient,
    /// The message body was changed after signing.
    BodyMismatch,
}

impl fmt::Display for NoticeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoticeError::Format(e) => e.fmt(f),
            NoticeError::Malformed(why) => {
                write!(f, "the notice's contents are not readable: {}", shown(why))
            }
            NoticeError::UnsupportedVersion(v) => write!(
                f,
                "the notice uses version {v}; this version of Countersign reads version {NOTICE_VERSION}"
            ),
            NoticeError::UnknownKey { vendor } => write!(
                f,
                "the notice was signed with a key {} does not list: it is not from them",
                shown(vendor)
            ),
            NoticeError::BadClaims(e) => write!(f, "the notice breaks the signing rules: {e}"),
            NoticeError::BadSignature => {
                f.write_str("the signature does not match: the notice was altered or forged")
            }
            NoticeError::WrongVendor { vendor } => write!(
                f,
                "the notice claims to be from \"{}\", not from this vendor",
                shown_within(vendor, 60)
            ),
            NoticeError::RevokedKey { name } => write!(
                f,
                "the notice was signed with {}'s key, which the vendor has revoked: do not trust it",
                shown(name)
            ),
            NoticeError::KeyNotValid { name } => write!(
                f,
                "the notice falls outside the validity period of {}'s key",
                shown(name)
            ),
            NoticeError::ChannelNotAllowed { name, channel } => write!(
                f,
                "{}'s key is not allowed to sign a {} notice",
                shown(name),
                channel.describe()
            ),
            NoticeError::LifetimeTooLong { lifetime, max } => write!(
                f,
                "the notice is valid for {}, longer than the {} its signer is allowed",
                human_duration(*lifetime),
                human_duration(*max)
            ),
            NoticeError::BadWindow => f.write_str("the notice's dates contradict each other"),
            NoticeError::IssuedInFuture { .. } => f.write_str(
                "the notice is dated in the future; check the computer's clock, or treat it as forged",
            ),
            NoticeError::NotYetValid { not_before } => write!(
                f,
                "the notice is not valid until {}",
                format_utc(*not_before)
            ),
            NoticeError::Expired { expires_at } => write!(
                f,
                "the notice expired on {}: a call or message relying on it now is not covered by it",
                format_utc(*expires_at)
            ),
            NoticeError::UnofficialContact { contact } => write!(
                f,
                "{} is not one of the vendor's official contacts",
                shown_within(contact, 120)
            ),
            NoticeError::MissingPhrase => {
                f.write_str("the call notice has no valid countersign phrase")
            }
            NoticeError::NotForRecipient => f.write_str(
                "the notice was addressed to someone else: it was forwarded or copied, so it proves nothing about this message",
            ),
            NoticeError::BodyMismatch => {
                f.write_str("the message text was changed after the notice was signed")
            }
        }
    }
}

impl NoticeError {
    /// A stable machine-readable code, e.g. `revoked-key`.
    pub fn code(&self) -> &'static str {
        match self {
            NoticeError::Format(_) => "malformed-notice",
            NoticeError::Malformed(_) => "malformed-claims",
            NoticeError::UnsupportedVersion(_) => "unsupported-version",
            NoticeError::UnknownKey { .. } => "unknown-key",
            NoticeError::BadClaims(_) => "bad-claims",
            NoticeError::BadSignature => "bad-signature",
            NoticeError::WrongVendor { .. } => "wrong-vendor",
            NoticeError::RevokedKey { .. } => "revoked-key",
            NoticeError::KeyNotValid { .. } => "key-not-valid",
            NoticeError::ChannelNotAllowed { .. } => "channel-not-allowed",
            NoticeError::LifetimeTooLong { .. } => "lifetime-too-long",
            NoticeError::BadWindow => "bad-window",
            NoticeError::IssuedInFuture { .. } => "issued-in-future",
            NoticeError::NotYetValid { .. } => "not-yet-valid",
            NoticeError::Expired { .. } => "expired",
            NoticeError::UnofficialContact { .. } => "unofficial-contact",
            NoticeError::MissingPhrase => "missing-phrase",
            NoticeError::NotForRecipient => "not-for-recipient",
            NoticeError::BodyMismatch => "body-mismatch",
        }
    }
}

impl std::error::Error for NoticeError {}

impl From<NoticeFormatError> for NoticeError {
    fn from(e: NoticeFormatError) -> Self {
        NoticeError::Format(e)
    }
}

/// Spells a duration in the largest whole unit, e.g. "7 days".
pub fn human_duration(seconds: i64) -> String {
    let (n, unit) = if seconds % 86_400 == 0 && seconds >= 86_400 {
        (seconds / 86_400, "day")
    } else if seconds % 3_600 == 0 && seconds >= 3_600 {
        (seconds / 3_600, "hour")
    } else if seconds % 60 == 0 && seconds >= 60 {
        (seconds / 60, "minute")
    } else {
        (seconds, "second")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

impl SignedNotice {
    /// Verifies this notice against a verified directory.
    pub fn verify(
        &self,
        directory: &VerifiedDirectory,
        options: &VerifyOptions<'_>,
    ) -> Result<VerifiedNotice, NoticeError> {
        // 1. Find the key without believing anything else: read only `kid`.
        let key_id = peek_key_id(&self.payload)?;
        let key = KeyId::parse(&key_id)
            .and_then(|id| directory.key(&id))
            .ok_or_else(|| NoticeError::UnknownKey {
                vendor: directory.directory().vendor.name.clone(),
            })?;
        // 2. The signature over the exact bytes.
        if !key
            .public_key
            .verify(Context::Notice, &self.payload, &self.signature)
        {
            return Err(NoticeError::BadSignature);
        }
        // 3. Only now parse the claims.
        let claims: Claims = serde_json::from_slice(&self.payload)
            .map_err(|e| NoticeError::Malformed(e.to_string()))?;
        if claims.version != NOTICE_VERSION {
            return Err(NoticeError::UnsupportedVersion(claims.version));
        }
        let dir = directory.directory();
        let name = key.entry.name.clone();
        if claims.vendor != dir.vendor.id {
            return Err(NoticeError::WrongVendor {
                vendor: claims.vendor,
            });
        }
        if dir.is_revoked(&claims.key_id) {
            return Err(NoticeError::RevokedKey { name });
        }
        if !key.allows(claims.channel) {
            return Err(NoticeError::ChannelNotAllowed {
                name,
                channel: claims.channel,
            });
        }
        // What the claims may say, checked here and not only by the signer.
        rules::check_claims(&claims, dir).map_err(NoticeError::BadClaims)?;
        // 4. Times: coherent, within the key's scope, and now.
        if claims.expires_at <= claims.not_before
            || claims.not_before < claims.issued_at.saturating_sub(NOTICE_CLOCK_SKEW)
            || claims.issued_at >= claims.expires_at
        {
            return Err(NoticeError::BadWindow);
        }
        if claims.issued_at < key.entry.not_before || claims.expires_at > key.entry.not_after {
            return Err(NoticeError::KeyNotValid { name });
        }
        let lifetime = claims.expires_at.saturating_sub(claims.issued_at);
        if lifetime > key.entry.max_notice_lifetime {
            return Err(NoticeError::LifetimeTooLong {
                lifetime,
                max: key.entry.max_notice_lifetime,
            });
        }
        let now = options.now;
        if claims.issued_at > now.saturating_add(NOTICE_CLOCK_SKEW) {
            return Err(NoticeError::IssuedInFuture {
                issued_at: claims.issued_at,
            });
        }
        // A scheduled-call notice is sent ahead of the call, so reading it
        // before its window is the normal case: genuine, and upcoming. Any
        // other notice is not valid before its start.
        let timing = if now.saturating_add(NOTICE_CLOCK_SKEW) >= claims.not_before {
            Timing::Current
        } else if claims.channel == Channel::ScheduledCall {
            Timing::Upcoming
        } else {
            return Err(NoticeError::NotYetValid {
                not_before: claims.not_before,
            });
        };
        if now.saturating_sub(NOTICE_CLOCK_SKEW) >= claims.expires_at {
            return Err(NoticeError::Expired {
                expires_at: claims.expires_at,
            });
        }
        // 5. The contact point must be official.
        let contact_label =
            contact_label(directory, &claims).ok_or_else(|| NoticeError::UnofficialContact {
                contact: claims.contact.clone(),
            })?;
        if claims.channel.is_phone() && !claims.phrase.as_deref().is_some_and(phrase::is_valid) {
            return Err(NoticeError::MissingPhrase);
        }
        // 6. Optional bindings.
        let recipient = match (&claims.recipient, options.recipient) {
            (None, _) => Binding::Absent,
            (Some(_), None) => Binding::NotChecked,
            (Some(binding), Some(address)) => match canon::recipient_matches(binding, address) {
                Some(true) => Binding::Matched,
                Some(false) => return Err(NoticeError::NotForRecipient),
                None => {
                    return Err(NoticeError::Malformed(
                        "recipient binding is damaged".into(),
                    ))
                }
            },
        };
        let body = match (&claims.body_digest, options.body) {
            (None, _) => Binding::Absent,
            (Some(_), None) => Binding::NotChecked,
            (Some(expected), Some(text)) => {
                if crate::b64::encode(&canon::body_digest(text)) == *expected {
                    Binding::Matched
                } else {
                    return Err(NoticeError::BodyMismatch);
                }
            }
        };
        Ok(VerifiedNotice {
            vendor_name: dir.vendor.name.clone(),
            signer_name: key.entry.name.clone(),
            signer_team: key.entry.team.clone(),
            contact_label,
            claims,
            recipient,
            body,
            timing,
        })
    }
}

/// The directory label of the notice's contact point, if it is official.
fn contact_label(directory: &VerifiedDirectory, claims: &Claims) -> Option<String> {
    let dir = directory.directory();
    if claims.channel.is_phone() {
        let number = phone::normalize_e164(&claims.contact)?;
        (number == claims.contact).then_some(())?;
        dir.phone(&number).map(|p| p.label.clone())
    } else if dir.is_official_email(&claims.contact) {
        Some(
            dir.official_email(&claims.contact)
                .map_or_else(|| "official address".to_string(), |e| e.label.clone()),
        )
    } else {
        None
    }
}

/// Reads only the `kid` field of an unverified payload, to pick the key.
fn peek_key_id(payload: &[u8]) -> Result<String, NoticeError> {
    #[derive(serde::Deserialize)]
    struct KidOnly {
        kid: String,
    }
    serde_json::from_slice::<KidOnly>(payload)
        .map(|k| k.kid)
        .map_err(|_| NoticeError::Format(NoticeFormatError::BadStructure))
}
