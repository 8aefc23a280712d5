//! Countersign: signed vendor directories and signed contact notices that
//! let a customer tell the vendor's real support from an impersonator.
//!
//! The core is pure Rust with no I/O and no clock: callers pass bytes, text
//! and the current time in, and get typed results or precise errors back. The
//! same code runs in the staff CLI (`src/bin/countersign`) and, through the
//! thin façade in `src/wasm.rs`, in the browser extension and web pages.
//!
//! * [`keys`]: Ed25519 keys, key ids, domain-separated signatures.
//! * [`directory`]: the vendor's signed directory of official contacts.
//! * [`notice`]: signed contact notices and their encodings.
//! * `detect`: impersonation detection for pages, emails and contacts
//!   (cargo feature `detect`, on with the CLI; the verify-only wasm package
//!   leaves it out).
//! * [`demo`]: the embedded demo vendor, Northwind Security.
//! * [`display`]: the one rule for showing text from outside (terminals, pages).
//!
//! See `docs/protocol.md` for the formats and the threat model.

#![deny(missing_docs)]

pub mod b64;
pub mod demo;
#[cfg(feature = "detect")]
pub mod detect;
/// Without the engine (the verify-only wasm package), the notice rule
/// (`notice::message`) still finds the phone numbers and addresses of a
/// message with the engine's own scanners: the same files, compiled alone.
#[cfg(not(feature = "detect"))]
pub mod detect {
    #[path = "email.rs"]
    pub mod email;
    #[path = "phone.rs"]
    pub mod phone;
    #[path = "text.rs"]
    pub mod text;
}
pub mod directory;
pub mod display;
pub mod keys;
pub mod notice;
pub mod phone;
pub mod time;
mod unicode;

#[cfg(all(target_arch = "wasm32", not(feature = "mail-package")))]
mod wasm;
/// The mail package's façade instead (`dist/pkg-mail`: the raw-email reader).
#[cfg(all(target_arch = "wasm32", feature = "mail-package"))]
#[path = "wasm_mail.rs"]
mod wasm;
