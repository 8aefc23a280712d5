//! Options shared by the commands that check something: which directory and
//! root key to trust, and what time it is.

use clap::Args;
use countersign::demo;
use countersign::directory::VerifiedDirectory;
use countersign::keys::PublicKey;

use crate::io::{self, CliError};

/// Which directory to trust, and when "now" is.
#[derive(Args, Debug, Clone)]
pub struct TrustArgs {
    /// Signed directory file [default: the embedded Northwind Security demo].
    #[arg(long, value_name = "FILE")]
    pub directory: Option<String>,
    /// Root public key (CSPK1.… text or a file holding it)
    /// [default: the embedded demo root].
    #[arg(long, value_name = "KEY|FILE")]
    pub root: Option<String>,
    /// Check as of this time instead of the clock (2026-12-01T14:00:00Z, a date, or @unix).
    #[arg(long, value_name = "TIME", value_parser = io::parse_time)]
    pub now: Option<i64>,
}

impl TrustArgs {
    /// The time to check at.
    pub fn now(&self) -> i64 {
        self.now.unwrap_or_else(io::now)
    }

    /// The pinned root key.
    pub fn root(&self) -> Result<PublicKey, CliError> {
        let text = match &self.root {
            None => demo::ROOT_PUBLIC_KEY.to_string(),
            Some(arg)
                if arg
                    .trim_start()
                    .starts_with(countersign::keys::PUBLIC_KEY_PREFIX) =>
            {
                arg.clone()
            }
            Some(path) => io::read_text(path)?,
        };
        PublicKey::parse(&text).map_err(|e| CliError::input(format!("root key: {e}")))
    }

    /// The directory bytes: the given file or the embedded demo.
    pub fn directory_bytes(&self) -> Result<Vec<u8>, CliError> {
        match &self.directory {
            Some(path) => io::read_input(path),
            None => Ok(demo::DIRECTORY.as_bytes().to_vec()),
        }
    }

    /// The verified directory. A directory that does not verify is an input
    /// error here: the thing being checked is something else.
    pub fn verified_directory(&self) -> Result<VerifiedDirectory, CliError> {
        let bytes = self.directory_bytes()?;
        VerifiedDirectory::verify(&bytes, &self.root()?, self.now(), None)
            .map_err(|e| CliError::input(format!("directory: {e}")))
    }
}
