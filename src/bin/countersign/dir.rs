//! `countersign directory init | sign | verify | show | rotate`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use countersign::directory::{
    sign_directory, Directory, LifetimeConcern, RotationLink, VerifiedDirectory,
};
use countersign::keys::PublicKey;
use countersign::phone;

use countersign::display::{shown, shown_within};

use crate::io::{self, format_time, CliError};
use crate::source::{parse_source, SourceProblem};
use crate::state::State;
use crate::trust::{explain, TrustArgs};

#[derive(Subcommand, Debug)]
pub enum DirectoryCommand {
    /// Write a commented directory source to fill in and sign.
    Init(crate::init::InitArgs),
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
    /// Sign even though `expires_at` has passed (for test fixtures: every
    /// client will refuse the result).
    #[arg(long)]
    allow_expired: bool,
    /// Sign a directory valid for more than a year.
    #[arg(long)]
    allow_long_lived: bool,
    /// Sign as of this time instead of the clock (the default `issued_at`,
    /// and the time the expiry checks use).
    #[arg(long, value_name = "TIME", value_parser = io::parse_time)]
    now: Option<i64>,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The signed directory [default: the embedded demo].
    file: Option<String>,
    #[command(flatten)]
    trust: TrustOnly,
    /// Anti-rollback state file: refuses a directory older than one accepted
    /// before (or a different one with the same version), follows root
    /// rotations, and records this one when it verifies.
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
            state: None,
        }
    }
}

pub fn run(cmd: DirectoryCommand) -> Result<ExitCode, CliError> {
    match cmd {
        DirectoryCommand::Init(args) => crate::init::run(args),
        DirectoryCommand::Sign(args) => sign(args),
        DirectoryCommand::Verify(args) => verify(args),
        DirectoryCommand::Show(args) => show(args),
        DirectoryCommand::Rotate(args) => rotate(args),
    }
}

fn sign(args: SignArgs) -> Result<ExitCode, CliError> {
    let text = io::read_text(&args.source)?;
    let now = args.now.unwrap_or_else(io::now);
    let parsed = parse_source(&text, now).map_err(|p| problems(&args.source, p))?;
    let directory = &parsed.directory;
    let refused: Vec<SourceProblem> = directory
        .lifetime_concerns(now)
        .into_iter()
        .filter_map(|concern| {
            let (field, flag) = match concern {
                LifetimeConcern::AlreadyExpired { .. } if args.allow_expired => return None,
                LifetimeConcern::TooLongLived { .. } if args.allow_long_lived => return None,
                LifetimeConcern::AlreadyExpired { .. } => {
                    ("expires_at", " (--allow-expired signs it anyway)")
                }
                LifetimeConcern::TooLongLived { .. } => {
                    ("expires_at", " (--allow-long-lived signs it anyway)")
                }
                _ => ("issued_at", ""),
            };
            Some(SourceProblem {
                line: parsed.line(field),
                message: format!("{concern}{flag}"),
            })
        })
        .collect();
    if !refused.is_empty() {
        return Err(problems(&args.source, refused));
    }
    let key = io::read_secret_key(&args.key)?;
    let mut rotations = Vec::new();
    for path in &args.rotations {
        let link: RotationLink = serde_json::from_str(&io::read_text(path)?)
            .map_err(|e| CliError::input(format!("{path}: not a rotation statement: {e}")))?;
        rotations.push(link);
    }
    let signed = sign_directory(directory, &key, &rotations)
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

/// Every problem of a source, one a line, as the error of `directory sign`.
fn problems(source: &str, problems: Vec<SourceProblem>) -> CliError {
    let count = problems.len();
    let mut message = format!(
        "{source}: {count} problem{} found; nothing was signed:",
        if count == 1 { "" } else { "s" }
    );
    for p in problems {
        match p.line {
            Some(line) => message.push_str(&format!("\n  line {line}: {}", p.message)),
            None => message.push_str(&format!("\n  {}", p.message)),
        }
    }
    CliError::input(message)
}

fn verify(args: VerifyArgs) -> Result<ExitCode, CliError> {
    let trust = args.trust.with_file(&args.file);
    let bytes = trust.directory_bytes()?;
    let root = trust.root()?;
    let mut state = State::open(args.state.as_deref())?;
    let result = state.verify(&bytes, &root, trust.now());
    match result {
        Ok(verified) => {
            state.save()?;
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
        Err(refusal) => {
            let message = explain(&refusal, &bytes, args.file.is_some(), trust.root.is_some());
            if args.json {
                println!(
                    "{}",
                    serde_json::json!({"ok": false, "code": refusal.error.code(), "message": message})
                );
            }
            Err(CliError::rejected(message))
        }
    }
}

fn show(args: ShowArgs) -> Result<ExitCode, CliError> {
    let trust = args.trust.with_file(&args.file);
    let bytes = trust.directory_bytes()?;
    let root = trust.root()?;
    let verified = State::open(None)?
        .verify(&bytes, &root, trust.now())
        .map_err(|refusal| {
            CliError::rejected(explain(
                &refusal,
                &bytes,
                args.file.is_some(),
                trust.root.is_some(),
            ))
        })?;
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
        shown(&d.vendor.name),
        shown(&d.vendor.id),
        d.sequence
    );
    println!(
        "  signed by root {}; issued {}; expires {}",
        verified.root().key_id(),
        format_time(d.issued_at),
        format_time(d.expires_at)
    );
    println!("  brand terms: {}", shown(&d.vendor.brand_terms.join(", ")));
    println!("  published at: {}", shown(&d.published_at.join(", ")));
    println!("  verify page: {}", shown(&d.verify_url));
    println!("Official domains:");
    for dom in &d.domains {
        let scope = if dom.include_subdomains {
            " and its subdomains"
        } else {
            " (this host only)"
        };
        let mailboxes = if dom.public_mailboxes {
            "; anyone can get an address there, so its addresses are not official unless listed below"
        } else {
            ""
        };
        println!("  {}{scope}{mailboxes}", shown(&dom.domain));
    }
    println!("Official email:");
    for e in &d.emails {
        println!("  {} ({})", shown(&e.address), shown(&e.label));
    }
    for dom in &d.email_domains {
        println!("  any address @{}", shown(dom));
    }
    println!("Official phone numbers:");
    for p in &d.phones {
        println!(
            "  {} ({}, {}, {})",
            phone::display(&p.number),
            shown(&p.label),
            shown(&p.country),
            shown(&p.purpose)
        );
    }
    println!("Policies:");
    for p in &d.policies {
        println!("  - {}", shown_within(&p.text, 600));
    }
    println!("Staff keys:");
    for k in &d.keys {
        let channels: Vec<&str> = k.channels.iter().map(|c| c.as_str()).collect();
        let revoked = if d.is_revoked(&k.id) { " REVOKED" } else { "" };
        println!(
            "  {} {}{}{revoked}: {}; valid {} to {}; notices up to {}",
            k.id,
            shown(&k.name),
            if k.team.is_empty() {
                String::new()
            } else {
                format!(" ({})", shown(&k.team))
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
                shown(&r.id),
                format_time(r.revoked_at),
                if r.reason.is_empty() {
                    String::new()
                } else {
                    format!(": {}", shown(&r.reason))
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
