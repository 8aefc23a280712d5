//! What a contact notice says, and how it is signed.
//!
//! The claims are compact JSON with short field names (a notice must fit in
//! an email footer). The token carries the exact JSON bytes the staff key
//! signed; verification checks the signature over those bytes before parsing
//! them, and parsing is strict (`deny_unknown_fields`).

use serde::{Deserialize, Serialize};

use crate::b64;
use crate::directory::{Channel, UnixTime};
use crate::keys::{Context, SecretKey};

/// The `v` value of a version-1 notice.
pub const NOTICE_VERSION: u32 = 1;

/// The claims of a contact notice. Field names on the wire are in brackets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claims {
    /// Format version (`v`), always [`NOTICE_VERSION`].
    #[serde(rename = "v")]
    pub version: u32,
    /// Vendor id from the directory (`vnd`).
    #[serde(rename = "vnd")]
    pub vendor: String,
    /// Signing key id (`kid`).
    #[serde(rename = "kid")]
    pub key_id: String,
    /// Channel (`ch`): `email`, `scheduled-call` or `callback`.
    #[serde(rename = "ch")]
    pub channel: Channel,
    /// The agent's display name (`agt`).
    #[serde(rename = "agt")]
    pub agent: String,
    /// Contact point (`cp`): the sender address for email, the calling number
    /// (E.164) for a scheduled call, the number to call for a callback.
    #[serde(rename = "cp")]
    pub contact: String,
    /// Support ticket reference (`tkt`). Not a secret: leaked tickets are the
    /// reason Countersign exists.
    #[serde(rename = "tkt", default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// Recipient binding (`rcp`), see [`crate::notice::canon::recipient_binding`].
    #[serde(rename = "rcp", default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// When it was signed (`iat`).
    #[serde(rename = "iat")]
    pub issued_at: UnixTime,
    /// Start of validity (`nbf`); for a scheduled call, the window's start.
    #[serde(rename = "nbf")]
    pub not_before: UnixTime,
    /// End of validity (`exp`); for a scheduled call, the window's end.
    #[serde(rename = "exp")]
    pub expires_at: UnixTime,
    /// Unique notice id (`nid`), 12 random bytes in base64url.
    #[serde(rename = "nid")]
    pub id: String,
    /// The countersign phrase the agent will say (`phr`), for calls.
    #[serde(rename = "phr", default, skip_serializing_if = "Option::is_none")]
    pub phrase: Option<String>,
    /// Body digest (`bd`), see [`crate::notice::canon::body_digest`], base64url.
    #[serde(rename = "bd", default, skip_serializing_if = "Option::is_none")]
    pub body_digest: Option<String>,
}

impl Claims {
    /// A fresh random notice id.
    pub fn new_id() -> Result<String, getrandom::Error> {
        let mut bytes = [0u8; 12];
        getrandom::getrandom(&mut bytes)?;
        Ok(b64::encode(&bytes))
    }

    /// Signs the claims and returns the notice.
    pub fn sign(&self, key: &SecretKey) -> SignedNotice {
        // A struct of strings and integers always serialises.
        let payload = serde_json::to_vec(self).unwrap_or_default();
        let signature = key.sign(Context::Notice, &payload);
        SignedNotice { payload, signature }
    }
}

/// A notice as signed bytes: the claims JSON and the signature over it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedNotice {
    /// The exact claims JSON bytes.
    pub payload: Vec<u8>,
    /// Ed25519 over `countersign/notice/v1` 0x00 payload.
    pub signature: [u8; 64],
}
