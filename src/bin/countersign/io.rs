//! File, stdin and time handling for the CLI, and its error type.
//!
//! Every error carries its exit status: 1 when something was checked and
//! found not genuine, 2 when the command could not run as asked.

use std::fmt;
use std::fs;
use std::io::{Read as _, Write as _};
use std::path::Path;
use std::process::ExitCode;

use countersign::keys::SecretKey;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Largest input the CLI reads (a page, an email, a directory).
pub const MAX_INPUT: u64 = 64 << 20;

/// A CLI failure: a message for stderr and an exit status.
#[derive(Debug)]
pub struct CliError {
    pub status: u8,
    pub message: String,
}

impl CliError {
    /// Usage or input error (exit 2).
    pub fn input(message: impl Into<String>) -> CliError {
        CliError {
            status: 2,
            message: message.into(),
        }
    }

    /// Verification failed (exit 1).
    pub fn rejected(message: impl Into<String>) -> CliError {
        CliError {
            status: 1,
            message: message.into(),
        }
    }

    /// Prints the message and returns the exit status. Messages can quote
    /// input (a key id, a file's contents), so they pass the display rule.
    pub fn report(&self) -> ExitCode {
        eprintln!(
            "countersign: {}",
            countersign::display::shown_within(&self.message, 1000)
        );
        ExitCode::from(self.status)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Reads a file, or standard input for `-`, up to [`MAX_INPUT`] bytes.
pub fn read_input(path: &str) -> Result<Vec<u8>, CliError> {
    let mut bytes = Vec::new();
    let result = if path == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_INPUT + 1)
            .read_to_end(&mut bytes)
    } else {
        fs::File::open(path).and_then(|f| f.take(MAX_INPUT + 1).read_to_end(&mut bytes))
    };
    result.map_err(|e| CliError::input(format!("cannot read {}: {e}", display_path(path))))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(CliError::input(format!(
            "{} is larger than {} MiB",
            display_path(path),
            MAX_INPUT >> 20
        )));
    }
    Ok(bytes)
}

/// Reads UTF-8 text from a file or `-`.
pub fn read_text(path: &str) -> Result<String, CliError> {
    String::from_utf8(read_input(path)?)
        .map_err(|_| CliError::input(format!("{} is not UTF-8 text", display_path(path))))
}

fn display_path(path: &str) -> String {
    if path == "-" {
        "standard input".into()
    } else {
        path.to_string()
    }
}

/// Reads a secret key file, refusing one that others can read.
pub fn read_secret_key(path: &str) -> Result<SecretKey, CliError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let meta = fs::metadata(path)
            .map_err(|e| CliError::input(format!("cannot read secret key {path}: {e}")))?;
        if meta.permissions().mode() & 0o077 != 0 {
            return Err(CliError::input(format!(
                "secret key {path} is readable by other users; run: chmod 600 {path}"
            )));
        }
    }
    let text = zeroize::Zeroizing::new(read_text(path)?);
    SecretKey::parse(&text).map_err(|e| CliError::input(format!("{path}: {e}")))
}

/// Creates a file only the owner can read, refusing to overwrite unless `force`.
pub fn write_private(path: &Path, contents: &[u8], force: bool) -> Result<(), CliError> {
    let mut options = fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => CliError::input(format!(
            "{} exists; pass --force to overwrite it",
            path.display()
        )),
        _ => CliError::input(format!("cannot create {}: {e}", path.display())),
    })?;
    file.write_all(contents)
        .map_err(|e| CliError::input(format!("cannot write {}: {e}", path.display())))
}

/// Writes a public file, refusing to overwrite unless `force`.
pub fn write_public(path: &Path, contents: &[u8], force: bool) -> Result<(), CliError> {
    if path.exists() && !force {
        return Err(CliError::input(format!(
            "{} exists; pass --force to overwrite it",
            path.display()
        )));
    }
    fs::write(path, contents)
        .map_err(|e| CliError::input(format!("cannot write {}: {e}", path.display())))
}

/// The current time, Unix seconds.
pub fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Parses `--now`-style times: RFC 3339 (`2026-12-01T14:00:00Z`), a date
/// (`2026-12-01`, midnight UTC), or `@` and Unix seconds.
pub fn parse_time(text: &str) -> Result<i64, String> {
    let text = text.trim();
    if let Some(secs) = text.strip_prefix('@') {
        return secs
            .parse()
            .map_err(|_| format!("{text}: expected @ followed by Unix seconds"));
    }
    if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(t.unix_timestamp());
    }
    let date_format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &date_format)
        .map(|d| d.midnight().assume_utc().unix_timestamp())
        .map_err(|_| {
            format!("{text}: expected a time like 2026-12-01T14:00:00Z or a date like 2026-12-01")
        })
}

/// Formats Unix seconds as RFC 3339 UTC.
pub fn format_time(secs: i64) -> String {
    OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| format!("@{secs}"))
}

/// Parses a duration: `90s`, `30m`, `12h`, `7d`, or plain seconds.
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let text = text.trim();
    let (number, unit) = match text.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&text[..i], c),
        _ => (text, 's'),
    };
    let n: i64 = number
        .parse()
        .map_err(|_| format!("{text}: expected a duration like 30m, 12h or 7d"))?;
    let scale = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3_600,
        'd' => 86_400,
        _ => return Err(format!("{text}: unknown unit {unit}; use s, m, h or d")),
    };
    match n.checked_mul(scale) {
        Some(v) if v > 0 => Ok(v),
        _ => Err(format!("{text}: the duration must be positive")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_durations() {
        assert_eq!(parse_time("2026-12-01T12:00:00Z"), Ok(1_796_126_400));
        assert_eq!(parse_time("2026-12-01"), Ok(1_796_083_200));
        assert_eq!(parse_time("@5"), Ok(5));
        assert!(parse_time("tomorrow").is_err());
        assert_eq!(format_time(1_796_126_400), "2026-12-01T12:00:00Z");
        assert_eq!(parse_duration("7d"), Ok(604_800));
        assert_eq!(parse_duration("90"), Ok(90));
        assert!(parse_duration("0h").is_err());
        assert!(parse_duration("5y").is_err());
        assert!(parse_duration("99999999999999999d").is_err());
    }
}
