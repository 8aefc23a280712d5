//! Issuing a notice: from what a staff member asks for to a signed notice
//! that has already passed the same verification a customer will run.
//!
//! The CLI, the batch signer and the web console all go through
//! [`issue_notice`], so none of them can sign a notice the directory would
//! reject (wrong channel for the key, unofficial sender, over-long lifetime).

use core::fmt;

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization as _;

use super::canon;
use super::claims::{Claims, SignedNotice, NOTICE_VERSION};
use super::phrase;
use super::rules;
use super::verify::{NoticeError, VerifiedNotice, VerifyOptions};
use crate::b64;
use crate::directory::{Channel, UnixTime, VerifiedDirectory};
use crate::keys::SecretKey;
use crate::phone;

/// Lifetime of an email or callback notice when the request names none.
pub const DEFAULT_VALIDITY: i64 = 3 * 86_400;

/// What a staff member asks to sign. Times are Unix seconds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeRequest {
    /// `email`, `scheduled-call` or `callback`.
    pub channel: Option<Channel>,
    /// The agent's name as the customer will see it.
    pub agent: String,
    /// Sender address, calling number, or number to call back, as written
    /// (`+1 202 555 0143` is accepted and stored as E.164).
    pub contact: String,
    /// Support ticket reference.
    #[serde(default)]
    pub ticket: Option<String>,
    /// The customer's email address, to bind the notice to them.
    #[serde(default)]
    pub recipient: Option<String>,
    /// The message body, to bind the notice to it.
    #[serde(default)]
    pub body: Option<String>,
    /// How long an email or callback notice stays valid, seconds.
    #[serde(default)]
    pub valid_for: Option<i64>,
    /// Start of a scheduled call window.
    #[serde(default)]
    pub window_start: Option<UnixTime>,
    /// End of a scheduled call window.
    #[serde(default)]
    pub window_end: Option<UnixTime>,
    /// The countersign phrase; generated for calls when absent.
    #[serde(default)]
    pub phrase: Option<String>,
}

/// A signed notice with its claims and all three encodings.
#[derive(Clone, Debug)]
pub struct IssuedNotice {
    /// The signed bytes.
    pub notice: SignedNotice,
    /// What it says, as verified.
    pub verified: VerifiedNotice,
    /// The one-line token.
    pub token: String,
    /// The armored block.
    pub armor: String,
    /// The verify link.
    pub link: String,
}

/// Why a notice could not be issued.
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestError {
    /// A required field is missing or a value is not usable.
    Invalid(String),
    /// The signing key is not one of the directory's staff keys.
    KeyNotInDirectory {
        /// The key's id.
        key_id: String,
    },
    /// The notice would not verify; the error says why.
    WouldNotVerify(NoticeError),
    /// No random numbers were available.
    Random(getrandom::Error),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::Invalid(why) => f.write_str(why),
            RequestError::KeyNotInDirectory { key_id } => write!(
                f,
                "key {key_id} is not listed in the directory; ask the directory owner to add it"
            ),
            RequestError::WouldNotVerify(e) => {
                write!(f, "refusing to sign a notice customers would reject: {e}")
            }
            RequestError::Random(e) => write!(f, "no random numbers available: {e}"),
        }
    }
}

impl RequestError {
    /// A stable machine-readable code, e.g. `key-not-in-directory`.
    pub fn code(&self) -> &'static str {
        match self {
            RequestError::Invalid(_) => "invalid-request",
            RequestError::KeyNotInDirectory { .. } => "key-not-in-directory",
            RequestError::WouldNotVerify(e) => e.code(),
            RequestError::Random(_) => "no-randomness",
        }
    }
}

impl std::error::Error for RequestError {}

/// Builds, signs and checks a notice. `now` is the signer's clock.
pub fn issue_notice(
    request: &NoticeRequest,
    key: &SecretKey,
    directory: &VerifiedDirectory,
    now: UnixTime,
) -> Result<IssuedNotice, RequestError> {
    let invalid = |why: &str| RequestError::Invalid(why.to_string());
    let channel = request
        .channel
        .ok_or_else(|| invalid("channel is required: email, scheduled-call or callback"))?;
    // Runs of spaces become one space and the name is stored in NFC, so a
    // name typed with a double space or a decomposed accent is not refused;
    // anything else must already obey the rules the verifier applies.
    let agent: String = request
        .agent
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .nfc()
        .collect();
    if !rules::is_valid_agent(&agent) {
        return Err(invalid(
            "agent must be a plain name of 1 to 80 letters: no line breaks, control or invisible characters",
        ));
    }
    let key_id = key.public_key().key_id();
    if directory.key(&key_id).is_none() {
        return Err(RequestError::KeyNotInDirectory {
            key_id: key_id.to_string(),
        });
    }
    let contact = if channel.is_phone() {
        phone::normalize_e164(&request.contact).ok_or_else(|| {
            invalid("contact must be an international phone number, e.g. +1 202 555 0143")
        })?
    } else {
        let address = request.contact.trim();
        if !address.contains('@') {
            return Err(invalid("contact must be the sender's email address"));
        }
        // The directory's own spelling; an address it does not list is kept
        // as given, and the check below refuses it as unofficial.
        rules::canonical_email(directory.directory(), address)
            .unwrap_or_else(|| address.to_string())
    };
    let (not_before, expires_at) = match (channel, request.window_start, request.window_end) {
        (Channel::ScheduledCall, Some(start), Some(end)) => (start, end),
        (Channel::ScheduledCall, _, _) => {
            return Err(invalid(
                "a scheduled call needs a window: its start and end",
            ))
        }
        (_, None, None) => (
            now,
            now.saturating_add(request.valid_for.unwrap_or(DEFAULT_VALIDITY)),
        ),
        _ => {
            return Err(invalid(
                "only scheduled calls take a window; use a validity period",
            ))
        }
    };
    let phrase = match (&request.phrase, channel.is_phone()) {
        (Some(p), true) if phrase::is_valid(p) => Some(p.clone()),
        (Some(_), true) => {
            return Err(invalid(
                "the phrase must be three words of the PGP word list",
            ))
        }
        (None, true) => Some(phrase::generate().map_err(RequestError::Random)?),
        (Some(_), false) => return Err(invalid("only call notices carry a countersign phrase")),
        (None, false) => None,
    };
    let recipient = match &request.recipient {
        Some(address) if address.contains('@') => {
            let mut salt = [0u8; 8];
            getrandom::getrandom(&mut salt).map_err(RequestError::Random)?;
            Some(canon::recipient_binding(address, salt))
        }
        Some(_) => return Err(invalid("recipient must be the customer's email address")),
        None => None,
    };
    let ticket = match request.ticket.as_deref().map(str::trim) {
        Some("") | None => None,
        Some(t) if !rules::is_valid_ticket(t) => {
            return Err(invalid(
                "ticket must be 1 to 64 letters, digits or - _ . / # : (no spaces)",
            ))
        }
        Some(t) => Some(t.to_string()),
    };
    let claims = Claims {
        version: NOTICE_VERSION,
        vendor: directory.directory().vendor.id.clone(),
        key_id: key_id.to_string(),
        channel,
        agent,
        contact,
        ticket,
        recipient,
        issued_at: now,
        not_before,
        expires_at,
        id: Claims::new_id().map_err(RequestError::Random)?,
        phrase,
        body_digest: request
            .body
            .as_deref()
            .map(|b| b64::encode(&canon::body_digest(b))),
    };
    let notice = claims.sign(key);
    // Check as the customer will, at the start of the validity window.
    let options = VerifyOptions {
        now: now.max(not_before),
        recipient: request.recipient.as_deref(),
        body: request.body.as_deref(),
    };
    let verified = notice
        .verify(directory, &options)
        .map_err(RequestError::WouldNotVerify)?;
    Ok(IssuedNotice {
        token: notice.to_token(),
        armor: notice.to_armor(),
        link: notice.to_link(&directory.directory().verify_url),
        notice,
        verified,
    })
}
