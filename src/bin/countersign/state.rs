//! The anti-rollback state file (`--state FILE`): what the CLI last accepted
//! from each vendor, so that an older directory offered later (one that
//! still lists a key revoked since) is refused, and so that a root rotation,
//! once followed, stays followed.
//!
//! ```json
//! {"format": "countersign-state/1",
//!  "vendors": {"<key id of the root given with --root>":
//!     {"vendor": "northwind",
//!      "accepted": {"sequence": 3, "digest": "<SHA-256 of the body, hex>"},
//!      "root": "CSPK1.… (the root that signed it, after rotations)"}}}
//! ```
//!
//! Entries are keyed by the root key the user trusts (`--root`), not by the
//! vendor id a directory claims: the pinned key is the one thing a
//! directory cannot choose. The file is replaced atomically (written beside
//! it, then renamed), so an interrupted run leaves the old state.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use countersign::directory::{AcceptedState, DirectoryError, VerifiedDirectory};
use countersign::keys::{KeyId, PublicKey};
use serde::{Deserialize, Serialize};

use crate::io::CliError;

const STATE_FORMAT: &str = "countersign-state/1";

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct StateFile {
    format: String,
    vendors: BTreeMap<String, Remembered>,
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Remembered {
    vendor: String,
    accepted: AcceptedState,
    root: String,
}

/// An open state file (or none, when `--state` was not given).
pub struct State {
    path: Option<PathBuf>,
    file: StateFile,
}

/// Why a directory was refused, with what the state file knew.
pub struct Refusal {
    /// The verifier's reason.
    pub error: DirectoryError,
    /// The root the state file had moved the pin to, if it differs from
    /// the one given.
    pub pinned_by_state: Option<KeyId>,
}

impl State {
    /// Reads the state file; a missing file is an empty state.
    pub fn open(path: Option<&Path>) -> Result<State, CliError> {
        let Some(path) = path else {
            return Ok(State {
                path: None,
                file: StateFile::default(),
            });
        };
        let file = match std::fs::read_to_string(path) {
            Ok(text) => {
                let file: StateFile = serde_json::from_str(&text).map_err(|e| {
                    CliError::input(format!(
                        "{}: not a Countersign state file ({e}); give a new file name, or \
                         the file an earlier run wrote",
                        path.display()
                    ))
                })?;
                if file.format != STATE_FORMAT {
                    return Err(CliError::input(format!(
                        "{}: state format \"{}\" is not {STATE_FORMAT}",
                        path.display(),
                        file.format
                    )));
                }
                file
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => StateFile {
                format: STATE_FORMAT.into(),
                vendors: BTreeMap::new(),
            },
            Err(e) => {
                return Err(CliError::input(format!(
                    "cannot read {}: {e}",
                    path.display()
                )))
            }
        };
        Ok(State {
            path: Some(path.to_path_buf()),
            file,
        })
    }

    /// Verifies a directory against the root the user trusts, as moved on
    /// by rotations this state has followed, refusing rollback and
    /// equivocation against what it accepted before; on success, remembers
    /// the directory (call [`State::save`] to write it).
    pub fn verify(
        &mut self,
        bytes: &[u8],
        trusted: &PublicKey,
        now: i64,
    ) -> Result<VerifiedDirectory, Refusal> {
        let anchor = trusted.key_id().to_string();
        let remembered = self.file.vendors.get(&anchor);
        let pinned = remembered
            .and_then(|r| PublicKey::parse(&r.root).ok())
            .unwrap_or(*trusted);
        let accepted = remembered.map(|r| r.accepted);
        let moved = (pinned != *trusted).then(|| pinned.key_id());
        let verified =
            VerifiedDirectory::verify(bytes, &pinned, now, accepted.as_ref()).map_err(|error| {
                Refusal {
                    error,
                    pinned_by_state: moved,
                }
            })?;
        if self.path.is_some() {
            self.file.vendors.insert(
                anchor,
                Remembered {
                    vendor: verified.directory().vendor.id.clone(),
                    accepted: verified.state(),
                    root: verified.root().to_string(),
                },
            );
        }
        Ok(verified)
    }

    /// Writes the state back, if a file was given.
    pub fn save(&self) -> Result<(), CliError> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let json = serde_json::to_string_pretty(&self.file)
            .map_err(|e| CliError::input(format!("cannot write {}: {e}", path.display())))?;
        let mut tmp = path.clone().into_os_string();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        std::fs::write(&tmp, format!("{json}\n"))
            .and_then(|()| std::fs::rename(&tmp, path))
            .map_err(|e| CliError::input(format!("cannot write {}: {e}", path.display())))
    }
}
