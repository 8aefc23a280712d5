//! The signed vendor directory: the vendor's official domains, addresses,
//! numbers, policies and staff keys, signed by an offline root key that
//! clients pin.
//!
//! * [`model`]: the fields, as the vendor publishes them.
//! * [`validate`]: rules a well-formed directory obeys (checked on signing and
//!   on verifying, so a bad source never gets signed and a bad body never
//!   gets trusted).
//! * [`signed`]: the envelope, signing, root rotation, and verification with
//!   the anti-rollback check.

pub mod model;
pub mod signed;
pub mod validate;

pub use model::*;
pub use signed::{
    sign_directory, sign_rotation, AcceptedState, DirectoryError, RotationLink, VerifiedDirectory,
    VerifiedKey, MAX_DIRECTORY_BYTES,
};
pub use validate::{LifetimeConcern, Problem, ValidationError, MAX_DIRECTORY_LIFETIME};
