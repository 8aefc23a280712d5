//! Which vendors `check` judges against: `--directory FILE --root KEY`
//! repeated in pairs, and a vendors list file (`--vendors FILE`), or the
//! embedded demo when neither is given.
//!
//! A vendors list has one vendor a line, the signed directory and the root
//! key that vouches for it; paths are relative to the list's folder:
//!
//! ```text
//! # directory          root public key (a .pub file or CSPK1.… text)
//! northwind.json       northwind-root.pub
//! contoso.json         CSPK1.x6Cz…
//! ```
//!
//! Every directory is verified (with the anti-rollback state, if given)
//! before it joins the set, and one whose brand names, domains, addresses or
//! numbers collide with a vendor already in the set is refused, naming both.

use std::path::{Path, PathBuf};

use clap::Args;
use countersign::detect::VendorSet;

use crate::io::{self, CliError};
use crate::state::State;
use crate::trust::{explain, read_root};

/// The vendors to trust, when "now" is, and the anti-rollback state.
#[derive(Args, Debug, Clone)]
pub struct VendorArgs {
    /// A vendor's signed directory; repeat with one --root each, in the same
    /// order, to judge against several vendors [default: the embedded
    /// Northwind Security demo].
    #[arg(long, value_name = "FILE")]
    pub directory: Vec<String>,
    /// The root public key (CSPK1.… text or a .pub file) of the --directory
    /// in the same position [default with one --directory: the demo root].
    #[arg(long, value_name = "KEY|FILE")]
    pub root: Vec<String>,
    /// A file listing vendors, one a line: the signed directory, then its
    /// root public key (paths relative to the file).
    #[arg(long, value_name = "FILE")]
    pub vendors: Option<String>,
    /// Check as of this time instead of the clock (2026-12-01T14:00:00Z, a date, or @unix).
    #[arg(long, value_name = "TIME", value_parser = io::parse_time)]
    pub now: Option<i64>,
    /// Anti-rollback state file: refuses a directory older than one accepted
    /// before, follows root rotations, and records each directory accepted.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
}

/// One vendor to load: where its directory is, and its root.
struct Pair {
    /// The directory file, or `None` for the embedded demo.
    directory: Option<String>,
    /// The root (text or file), or `None` for the demo root.
    root: Option<String>,
    /// Where the pair was given, for messages (`line 3 of vendors.txt`).
    origin: Option<String>,
}

impl VendorArgs {
    /// The time to check at.
    pub fn now(&self) -> i64 {
        self.now.unwrap_or_else(io::now)
    }

    fn pairs(&self) -> Result<Vec<Pair>, CliError> {
        let mut pairs = Vec::new();
        match (self.directory.len(), self.root.len()) {
            // Defaults: the demo directory, with the demo root or the one given.
            (0, 0 | 1) if self.vendors.is_none() => pairs.push(Pair {
                directory: None,
                root: self.root.first().cloned(),
                origin: None,
            }),
            (0, 0) => {}
            (1, 0) => pairs.push(Pair {
                directory: self.directory.first().cloned(),
                root: None,
                origin: None,
            }),
            (d, r) if d == r => {
                for (directory, root) in self.directory.iter().zip(&self.root) {
                    pairs.push(Pair {
                        directory: Some(directory.clone()),
                        root: Some(root.clone()),
                        origin: None,
                    });
                }
            }
            (d, r) => {
                return Err(CliError::input(format!(
                    "{d} --directory and {r} --root given: give one --root per --directory, \
                     in the same order"
                )))
            }
        }
        if let Some(list) = &self.vendors {
            pairs.extend(read_list(list)?);
        }
        Ok(pairs)
    }

    /// Verifies every vendor's directory and builds the set.
    pub fn vendor_set(&self) -> Result<VendorSet, CliError> {
        let now = self.now();
        let mut state = State::open(self.state.as_deref())?;
        let mut set = VendorSet::new();
        for pair in self.pairs()? {
            let name = match (&pair.directory, &pair.origin) {
                (Some(d), Some(o)) => format!("{d} ({o})"),
                (Some(d), None) => d.clone(),
                (None, _) => "the demo directory".into(),
            };
            let bytes = match &pair.directory {
                Some(path) => io::read_input(path)?,
                None => countersign::demo::DIRECTORY.as_bytes().to_vec(),
            };
            let root = read_root(pair.root.as_deref())
                .map_err(|e| CliError::input(format!("{name}: {e}")))?;
            let verified = state.verify(&bytes, &root, now).map_err(|refusal| {
                CliError::input(format!(
                    "directory {name}: {}",
                    explain(
                        &refusal,
                        &bytes,
                        pair.directory.is_some(),
                        pair.root.is_some()
                    )
                ))
            })?;
            set.add(&verified)
                .map_err(|e| CliError::input(format!("directory {name}: {e}")))?;
        }
        if set.is_empty() {
            return Err(CliError::input(
                "the vendors list names no vendor: write one a line, its signed directory \
                 then its root public key",
            ));
        }
        state.save()?;
        Ok(set)
    }
}

/// Reads a vendors list file.
fn read_list(list: &str) -> Result<Vec<Pair>, CliError> {
    let text = io::read_text(list)?;
    let base = Path::new(list).parent().unwrap_or(Path::new(""));
    let relative = |p: &str| -> String {
        if p == "-" || Path::new(p).is_absolute() {
            p.to_string()
        } else {
            base.join(p).to_string_lossy().into_owned()
        }
    };
    let mut pairs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let origin = format!("line {} of {list}", i + 1);
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [directory, root] = fields[..] else {
            return Err(CliError::input(format!(
                "{origin}: expected the signed directory file and its root public key, \
                 separated by spaces"
            )));
        };
        let root = if root.starts_with(countersign::keys::PUBLIC_KEY_PREFIX)
            || root.starts_with(countersign::keys::SECRET_KEY_PREFIX)
        {
            root.to_string()
        } else {
            relative(root)
        };
        pairs.push(Pair {
            directory: Some(relative(directory)),
            root: Some(root),
            origin: Some(origin),
        });
    }
    Ok(pairs)
}
