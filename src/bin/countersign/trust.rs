//! Options shared by the commands that check something: which directory and
//! root key to trust, what time it is, and the anti-rollback state.
//!
//! The errors here are the ones a newcomer meets first (a directory without
//! its root key, the TOML source instead of the signed file, the secret
//! half of a key instead of the public one), so each says what to do.

use std::path::PathBuf;

use clap::Args;
use countersign::demo;
use countersign::directory::{DirectoryError, VerifiedDirectory};
use countersign::keys::{PublicKey, PUBLIC_KEY_PREFIX, SECRET_KEY_PREFIX};

use crate::io::{self, CliError};
use crate::state::{Refusal, State};

/// Which directory to trust, and when "now" is.
#[derive(Args, Debug, Clone)]
pub struct TrustArgs {
    /// Signed directory file [default: the embedded Northwind Security demo].
    #[arg(long, value_name = "FILE")]
    pub directory: Option<String>,
    /// Root public key (CSPK1.… text or a .pub file holding it)
    /// [default: the embedded demo root].
    #[arg(long, value_name = "KEY|FILE")]
    pub root: Option<String>,
    /// Check as of this time instead of the clock (2026-12-01T14:00:00Z, a date, or @unix).
    #[arg(long, value_name = "TIME", value_parser = io::parse_time)]
    pub now: Option<i64>,
    /// Anti-rollback state file: refuses a directory older than one accepted
    /// before (or a different one with the same version), follows root
    /// rotations, and records each directory accepted.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
}

impl TrustArgs {
    /// The time to check at.
    pub fn now(&self) -> i64 {
        self.now.unwrap_or_else(io::now)
    }

    /// The pinned root key.
    pub fn root(&self) -> Result<PublicKey, CliError> {
        read_root(self.root.as_deref())
    }

    /// The directory bytes: the given file or the embedded demo.
    pub fn directory_bytes(&self) -> Result<Vec<u8>, CliError> {
        match &self.directory {
            Some(path) => io::read_input(path),
            None => Ok(demo::DIRECTORY.as_bytes().to_vec()),
        }
    }

    /// The verified directory, checked against (and recorded in) the state
    /// file if one was given. A directory that does not verify is an input
    /// error here: the thing being checked is something else.
    pub fn verified_directory(&self) -> Result<VerifiedDirectory, CliError> {
        let bytes = self.directory_bytes()?;
        let root = self.root()?;
        let mut state = State::open(self.state.as_deref())?;
        let verified = state.verify(&bytes, &root, self.now()).map_err(|refusal| {
            CliError::input(format!(
                "directory: {}",
                explain(
                    &refusal,
                    &bytes,
                    self.directory.is_some(),
                    self.root.is_some()
                )
            ))
        })?;
        state.save()?;
        Ok(verified)
    }
}

/// Reads a root public key given as text or as a file.
pub fn read_root(arg: Option<&str>) -> Result<PublicKey, CliError> {
    let (text, path) = match arg {
        None => (demo::ROOT_PUBLIC_KEY.to_string(), None),
        Some(arg) if arg.trim_start().starts_with(PUBLIC_KEY_PREFIX) => (arg.to_string(), None),
        Some(arg) if arg.trim_start().starts_with(SECRET_KEY_PREFIX) => {
            return Err(CliError::input(
                "--root was given a SECRET key; give the root's public key (CSPK1.…) instead, \
                 and keep the secret one offline",
            ))
        }
        Some(path) => (io::read_text(path)?, Some(path)),
    };
    PublicKey::parse(&text).map_err(|e| {
        let is_secret = text
            .lines()
            .map(str::trim)
            .any(|l| l.starts_with(SECRET_KEY_PREFIX));
        match path {
            Some(path) if is_secret => CliError::input(format!(
                "{path} is a secret key; --root takes the public key: {}",
                public_twin(path)
            )),
            Some(path) => CliError::input(format!("root key {path}: {e}")),
            None => CliError::input(format!("root key: {e}")),
        }
    })
}

/// The `.pub` file beside a `.secret` one, as `countersign keygen` writes them.
fn public_twin(path: &str) -> String {
    match path.strip_suffix(".secret") {
        Some(stem) => format!("{stem}.pub"),
        None => "the .pub file made with it".into(),
    }
}

/// The refusal in words, with a hint for the usual mistakes.
pub fn explain(refusal: &Refusal, bytes: &[u8], own_directory: bool, own_root: bool) -> String {
    let error = &refusal.error;
    let mut message = error.to_string();
    match error {
        DirectoryError::NotSignedByRoot { .. } => {
            if let Some(moved) = &refusal.pinned_by_state {
                message.push_str(&format!(
                    "; the state file records that this vendor moved to root key {}, so a \
                     directory signed by an earlier root is an old one (rollback refused)",
                    moved
                ));
            } else if own_directory && !own_root {
                message.push_str(
                    "; the built-in demo root was used: pass the vendor's root public key \
                     with --root (its .pub file or CSPK1.… text)",
                );
            }
        }
        DirectoryError::Malformed(_) if looks_like_source(bytes) => {
            message = "this is a directory source (TOML), not a signed directory; sign it \
                       first: countersign directory sign SOURCE.toml --key ROOT.secret --out \
                       directory.json, then pass directory.json"
                .into();
        }
        DirectoryError::Malformed(_) if looks_like_key(bytes) => {
            message = "this is a key file, not a signed directory; pass the signed directory \
                       (directory.json) here and the root's .pub file with --root"
                .into();
        }
        _ => {}
    }
    message
}

/// Whether the bytes read as the TOML source of a directory.
fn looks_like_source(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    match toml::from_str::<toml::Table>(text) {
        Ok(table) => ["vendor", "sequence", "domains", "keys", "verify_url"]
            .iter()
            .any(|k| table.contains_key(*k)),
        Err(_) => false,
    }
}

fn looks_like_key(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok_and(|t| {
        t.lines()
            .map(str::trim)
            .any(|l| l.starts_with(PUBLIC_KEY_PREFIX) || l.starts_with(SECRET_KEY_PREFIX))
    })
}
