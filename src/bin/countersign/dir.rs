//! `countersign directory sign | verify | show`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use countersign::directory::{
    sign_directory, AcceptedState, Directory, RotationLink, VerifiedDirectory,
};
use countersign::keys::PublicKey;
use countersign::phone;

use crate::io::{self, format_time, CliError};
use crate::source::parse_source;
use crate::trust::TrustArgs;

#[derive(Subcommand, Debug)]
pub enum DirectoryCommand {
    /// Sign a directory from its TOML source with the root key.
    Sign(SignArgs),
    /// Verify a signed directory against the pinned root key.
    Verify(VerifyArgs),
    /// Verify and print a signed directory's contents.
    Show(ShowArgs),
    /// Have the current root key vouch for a new root key (root rotation).
    Rotate(RotateArgs),
}

#[derive(Args, Debug)]
pub struct SignArgs {
    /// The TOML source.
    source: String,
    /// The root secret key file.
    #[arg(long, value_name = "FILE")]
    key: String,
    /// Rotation statements to carry (JSON files from `directory rotate`),
    /// oldest first.
    #[arg(long = "rotation", value_name = "FILE")]
    rotations: Vec<String>,
    /// Where to write the signed directory [default: standard output].
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Overwrite the output file.
    #[arg(long)]
    force: bool,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The signed directory [default: the embedded demo].
    file: Option<String>,
    #[command(flatten)]
    trust: TrustOnly,
    /// Anti-rollback state file: refuses a directory older than the one it
    /// records, and records this one when it verifies.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The signed directory [default: the embedded demo].
    file: Option<String>,
    #[command(flatten)]
    trust: TrustOnly,
    /// Print the directory body as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
pub struct RotateArgs {
    /// The current root's secret key file.
    #[arg(long, value_name = "FILE")]
    key: String,
    /// The new root public key (CSPK1.… or a file).
    #[arg(long = "new-root", value_name = "KEY|FILE")]
    new_root: String,
    /// Where to write the rotation statement [default: standard output].
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// `--root` and `--now` without `--directory` (the file is positional here).
#[derive(Args, Debug)]
pub struct TrustOnly {
    /// Root public key (CSPK1.… or a file) [default: the embedded demo root].
    #[arg(long, value_name = "KEY|FILE")]
    root: Option<String>,
    /// Check as of this time instead of the clock.
    #[arg(long, value_name = "TIME", value_parser = io::parse_time)]
    now: Option<i64>,
}

impl TrustOnly {
    fn with_file(&self, file: &Option<String>) -> TrustArgs {
        TrustArgs {
            directory: file.clone(),
            root: self.root.clone(),
            now: self.now,
        }
    }
}

pub fn run(cmd: DirectoryCommand) -> Result<ExitCode, CliError> {
    match cmd {
        DirectoryCommand::Sign(args) => sign(args),
        DirectoryCommand::Verify(args) => verify(args),
        DirectoryCommand::Show(args) => show(args),
        DirectoryCommand::Rotate(args) => rotate(args),
    }
}

fn sign(args: SignArgs) -> Result<ExitCode, CliError> {
    let text = io::read_text(&args.source)?;
    let directory = parse_source(&text, io::now())
        .map_err(|e| CliError::input(format!("{}: {e}", args.source)))?;
    let key = io::read_secret_key(&args.key)?;
    let mut rotations = Vec::new();
    for path in &args.rotations {
        let link: RotationLink = serde_json::from_str(&io::read_text(path)?)
            .map_err(|e| CliError::input(format!("{path}: not a rotation statement: {e}")))?;
        rotations.push(link);
    }
    let signed = sign_directory(&directory, &key, &rotations)
        .map_err(|e| CliError::input(format!("{}: {e}", args.source)))?;
    match args.out {
        Some(path) => {
            io::write_public(&path, format!("{signed}\n").as_bytes(), args.force)?;
            eprintln!(
                "signed {} version {} with root key {}: {}",
                directory.vendor.name,
                directory.sequence,
                key.public_key().key_id(),
                path.display()
            );
        }
        None => println!("{signed}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn read_state(path: &PathBuf) -> Result<Option<AcceptedState>, CliError> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| CliError::input(format!("{}: not a state file: {e}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CliError::input(format!(
            "cannot read {}: {e}",
            path.display()
        ))),
    }
}

fn write_state(path: &PathBuf, state: &AcceptedState) -> Result<(), CliError> {
    let json = serde_json::to_string_pretty(state).map_err(|e| CliError::input(e.to_string()))?;
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, format!("{json}\n"))
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| CliError::input(format!("cannot write {}: {e}", path.display())))
}

fn verify(args: VerifyArgs) -> Result<ExitCode, CliError> {
    let trust = args.trust.with_file(&args.file);
    let bytes = trust.directory_bytes()?;
    let root = trust.root()?;
    let accepted = match &args.state {
        Some(path) => read_state(path)?,
        None => None,
    };
    let result = VerifiedDirectory::verify(&bytes, &root, trust.now(), accepted.as_ref());
    match result {
        Ok(verified) => {
            if let Some(path) = &args.state {
                write_state(path, &verified.state())?;
            }
            let d = verified.directory();
            if args.json {
                let out = serde_json::json!({
                    "ok": true,
                    "vendor": d.vendor.name,
                    "sequence": d.sequence,
                    "issued_at": d.issued_at,
                    "expires_at": d.expires_at,
                    "root_key_id": verified.root().key_id().to_string(),
                    "state": verified.state(),
                });
                println!("{out}");
            } else {
                println!(
                    "OK: {} directory version {}, signed by root key {}",
                    d.vendor.name,
                    d.sequence,
                    verified.root().key_id()
                );
                println!(
                    "    issued {}, expires {}",
                    format_time(d.issued_at),
                    format_time(d.expires_at)
                );
                if verified.root() != &root {
                    println!(
                        "    the root key was rotated: pin {} from now on",
                        verified.root()
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            if args.json {
                println!(
                    "{}",
                    serde_json::json!({"ok": false, "code": e.code(), "message": e.to_string()})
                );
            }
            Err(CliError::rejected(e.to_string()))
        }
    }
}

fn show(args: ShowArgs) -> Result<ExitCode, CliError> {
    let trust = args.trust.with_file(&args.file);
    let bytes = trust.directory_bytes()?;
    let verified = VerifiedDirectory::verify(&bytes, &trust.root()?, trust.now(), None)
        .map_err(|e| CliError::rejected(e.to_string()))?;
    let d = verified.directory();
    if args.json {
        let json = serde_json::to_string_pretty(d).map_err(|e| CliError::input(e.to_string()))?;
        println!("{json}");
    } else {
        print_directory(d, &verified);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_directory(d: &Directory, verified: &VerifiedDirectory) {
    println!(
        "{} (id {}), directory version {}",
        d.vendor.name, d.vendor.id, d.sequence
    );
    println!(
        "  signed by root {}; issued {}; expires {}",
        verified.root().key_id(),
        format_time(d.issued_at),
        format_time(d.expires_at)
    );
    println!("  brand terms: {}", d.vendor.brand_terms.join(", "));
    println!("  published at: {}", d.published_at.join(", "));
    println!("  verify page: {}", d.verify_url);
    println!("Official domains:");
    for dom in &d.domains {
        let scope = if dom.include_subdomains {
            " and its subdomains"
        } else {
            " (this host only)"
        };
        println!("  {}{scope}", dom.domain);
    }
    println!("Official email:");
    for e in &d.emails {
        println!("  {} ({})", e.address, e.label);
    }
    for dom in &d.email_domains {
        println!("  any address @{dom}");
    }
    println!("Official phone numbers:");
    for p in &d.phones {
        println!(
            "  {} ({}, {}, {})",
            phone::display(&p.number),
            p.label,
            p.country,
            p.purpose
        );
    }
    println!("Policies:");
    for p in &d.policies {
        println!("  - {}", p.text);
    }
    println!("Staff keys:");
    for k in &d.keys {
        let channels: Vec<&str> = k.channels.iter().map(|c| c.as_str()).collect();
        let revoked = if d.is_revoked(&k.id) { " REVOKED" } else { "" };
        println!(
            "  {} {}{}{revoked}: {}; valid {} to {}; notices up to {}",
            k.id,
            k.name,
            if k.team.is_empty() {
                String::new()
            } else {
                format!(" ({})", k.team)
            },
            channels.join(", "),
            format_time(k.not_before),
            format_time(k.not_after),
            countersign::notice::verify::human_duration(k.max_notice_lifetime)
        );
    }
    if !d.revoked.is_empty() {
        println!("Revoked keys:");
        for r in &d.revoked {
            println!(
                "  {} since {}{}",
                r.id,
                format_time(r.revoked_at),
                if r.reason.is_empty() {
                    String::new()
                } else {
                    format!(": {}", r.reason)
                }
            );
        }
    }
}

fn rotate(args: RotateArgs) -> Result<ExitCode, CliError> {
    let key = io::read_secret_key(&args.key)?;
    let new_text = if args
        .new_root
        .trim_start()
        .starts_with(countersign::keys::PUBLIC_KEY_PREFIX)
    {
        args.new_root.clone()
    } else {
        io::read_text(&args.new_root)?
    };
    let new_root =
        PublicKey::parse(&new_text).map_err(|e| CliError::input(format!("new root: {e}")))?;
    if new_root == key.public_key() {
        return Err(CliError::input("the new root key is the current one"));
    }
    let link = countersign::directory::sign_rotation(&key, &new_root, io::now());
    let json = serde_json::to_string_pretty(&link).map_err(|e| CliError::input(e.to_string()))?;
    match args.out {
        Some(path) => io::write_public(&path, format!("{json}\n").as_bytes(), false)?,
        None => println!("{json}"),
    }
    Ok(ExitCode::SUCCESS)
}
