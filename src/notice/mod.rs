//! Signed contact notices: a staff member's signed statement that a given
//! email, scheduled call or callback request really comes from the vendor.
//!
//! * [`claims`]: what a notice says, and signing it.
//! * [`encoding`]: the one-line token, the armored block and the verify link,
//!   and finding them in running text.
//! * [`canon`]: the relaxed body digest and the recipient binding.
//! * [`phrase`]: the spoken countersign phrase for calls.
//! * [`verify`]: checking a notice against a verified directory.
//! * [`rules`]: what a notice may say, checked by signer and verifier alike.
//! * [`message`]: a notice verifies a message only when the message matches it.

pub mod canon;
pub mod claims;
pub mod encoding;
pub mod message;
mod pgp_words;
pub mod phrase;
pub mod request;
pub mod rules;
pub mod verify;

pub use claims::{Claims, SignedNotice, NOTICE_VERSION};
pub use encoding::{find_notices, Encoding, FoundNotice, NoticeFormatError};
pub use message::{
    check_message, CheckedNotice, MessageCheck, MessageInput, Mismatch, NoticeState,
};
pub use request::{issue_notice, IssuedNotice, NoticeRequest, RequestError};
pub use verify::{
    Binding, NoticeError, NoticeSummary, Timing, VerifiedNotice, VerifyOptions, NOTICE_CLOCK_SKEW,
};
