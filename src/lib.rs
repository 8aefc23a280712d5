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
//!
//! See `docs/protocol.md` for the formats and the threat model.

#![deny(missing_docs)]

pub mod b64;
pub mod demo;
#[cfg(feature = "detect")]
pub mod detect;
pub mod directory;
pub mod keys;
pub mod notice;
pub mod phone;
pub mod time;

#[cfg(target_arch = "wasm32")]
mod wasm;
