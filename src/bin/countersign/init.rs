//! `countersign directory init`: a commented directory source to fill in.
//!
//! What the command line says (name, domains, staff keys) is filled in;
//! everything else is `CHANGE-ME`, which `directory sign` refuses with the
//! line, so a half-edited template can never be signed by accident.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use countersign::keys::PublicKey;

use crate::io::{self, CliError};
use crate::source::PLACEHOLDER;

const TEMPLATE: &str = include_str!("template.toml");

/// How long the first directory lasts: re-signing every few weeks keeps a
/// frozen copy short-lived.
const FIRST_LIFETIME: i64 = 30 * 86_400;
/// How long a staff key from the command line is valid.
const KEY_LIFETIME: i64 = 180 * 86_400;

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Where to write the source [default: standard output].
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Overwrite the output file.
    #[arg(long)]
    force: bool,
    /// The name customers know you by ("Contoso Cloud").
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// The short vendor id notices carry [default: from the name].
    #[arg(long, value_name = "ID")]
    id: Option<String>,
    /// An official web domain (repeat for more); the first hosts the
    /// directory and the verify page.
    #[arg(long = "domain", value_name = "DOMAIN")]
    domains: Vec<String>,
    /// A staff member's public key (a .pub file from `keygen`; repeat for
    /// more). Its comment becomes the name customers see.
    #[arg(long = "staff-key", value_name = "FILE")]
    staff_keys: Vec<String>,
    /// The country of numbers written nationally (US, GB, DE...).
    #[arg(long, value_name = "CC")]
    country: Option<String>,
}

pub fn run(args: InitArgs) -> Result<ExitCode, CliError> {
    let now = io::now();
    for (what, value) in [
        ("--name", &args.name),
        ("--id", &args.id),
        ("--country", &args.country),
    ] {
        if value
            .as_deref()
            .is_some_and(|v| v.contains(['"', '\\', '\n']))
        {
            return Err(CliError::input(format!(
                "{what}: quotes, backslashes and line breaks are not allowed"
            )));
        }
    }
    let mut domains = Vec::new();
    for d in &args.domains {
        let d = d.trim().trim_end_matches('.').to_ascii_lowercase();
        if !countersign::directory::validate::is_canonical_domain(&d) {
            return Err(CliError::input(format!(
                "--domain {d}: give a host name such as example.com (punycode for IDNs)"
            )));
        }
        domains.push(d);
    }
    let name = args.name.clone().unwrap_or_else(|| PLACEHOLDER.into());
    let id = args
        .id
        .clone()
        .or_else(|| {
            args.name
                .as_deref()
                .map(id_from_name)
                .filter(|i| !i.is_empty())
        })
        .unwrap_or_else(|| PLACEHOLDER.into());
    let first_domain = domains
        .first()
        .cloned()
        .unwrap_or_else(|| PLACEHOLDER.into());
    let domain_entries = if domains.is_empty() {
        format!("[[domains]]\ndomain = \"{PLACEHOLDER}\"\n")
    } else {
        domains
            .iter()
            .map(|d| format!("[[domains]]\ndomain = \"{d}\"\n"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut key_entries = Vec::new();
    for path in &args.staff_keys {
        let text = io::read_text(path)?;
        let key = PublicKey::parse(&text).map_err(|e| {
            CliError::input(format!("--staff-key {path}: {e} (give the .pub file)"))
        })?;
        key_entries.push(key_entry(&key.to_string(), &comment_of(&text), now));
    }
    if key_entries.is_empty() {
        key_entries.push(key_entry(PLACEHOLDER, "", now));
    }
    let source = TEMPLATE
        .replace("@FILE@", &display_name(&args.out))
        .replace("@EXPIRES@", &date_time(now + FIRST_LIFETIME))
        .replace("@DOMAINS@", &domain_entries)
        .replace("@KEYS@", &key_entries.join("\n"))
        .replace("@DOMAIN@", &first_domain)
        .replace("@COUNTRY@", args.country.as_deref().unwrap_or("US"))
        .replace("@ID@", &id)
        .replace("@NAME@", &name);
    match &args.out {
        Some(path) => {
            io::write_public(path, source.as_bytes(), args.force)?;
            let left = source
                .lines()
                .filter(|l| !l.trim_start().starts_with('#') && l.contains(PLACEHOLDER))
                .count();
            eprintln!(
                "wrote {}; fill in the {left} {PLACEHOLDER} value{} and sign it with \
                 countersign directory sign",
                path.display(),
                if left == 1 { "" } else { "s" }
            );
        }
        None => print!("{source}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn key_entry(public_key: &str, name: &str, now: i64) -> String {
    let name = if name.is_empty() { PLACEHOLDER } else { name };
    format!(
        "[[keys]]\npublic_key = \"{public_key}\"\nname = \"{name}\"\nteam = \"Support\"\n\
         channels = [\"email\", \"scheduled-call\", \"callback\"]\n\
         not_after = {}\nmax_notice_lifetime = \"7d\"\n",
        date_time(now + KEY_LIFETIME)
    )
}

/// The comment `keygen --comment` put in a .pub file: `# countersign public
/// key <id> (<comment>)`.
fn comment_of(text: &str) -> String {
    text.lines()
        .find_map(|l| l.trim().strip_prefix("# countersign public key "))
        .and_then(|rest| rest.split_once(" ("))
        .and_then(|(_, c)| c.strip_suffix(')'))
        .filter(|c| !c.contains(['"', '\\']))
        .unwrap_or_default()
        .to_string()
}

/// `Contoso Cloud` → `contoso-cloud`.
fn id_from_name(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
}

fn date_time(secs: i64) -> String {
    // Midnight UTC of that day: a round time is easier to read and change.
    io::format_time(secs - secs.rem_euclid(86_400))
}

fn display_name(out: &Option<PathBuf>) -> String {
    out.as_ref()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "directory.toml".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_comments() {
        assert_eq!(id_from_name("Contoso Cloud"), "contoso-cloud");
        assert_eq!(id_from_name("  A&B  Ltd. "), "a-b-ltd");
        assert_eq!(
            comment_of("# countersign public key 0123456789abcdef (Dana Whitfield)\nCSPK1.x\n"),
            "Dana Whitfield"
        );
        assert_eq!(comment_of("CSPK1.x\n"), "");
    }
}
