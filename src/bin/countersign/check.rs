//! `countersign check`: is this page, email, contact or domain the vendor's?
//!
//! The same engine as the browser extension, for support staff checking
//! what a customer forwarded and for a brand-protection team screening
//! newly registered domains (`--url-list`, one JSON line per domain).
//!
//! Exit status: 0 for official, verified and clean; 1 for suspicious,
//! impersonation and invalid notices (for `--url-list`: if any line is);
//! 2 for usage or input errors.

use std::io::{BufRead as _, BufWriter, Write as _};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use countersign::detect::domain::HostVerdict;
use countersign::detect::{email, Engine, Report};
use countersign::display::shown_within;
use serde::Serialize;

use crate::io::{self, CliError};
use crate::trust::TrustArgs;

/// What the input file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputKind {
    /// An email if it starts with email headers (From:, Subject:...), else a page.
    Auto,
    /// A web page: HTML or its visible text.
    Page,
    /// A raw email (RFC 5322, as saved from a mail client).
    Email,
}

/// Arguments of `countersign check`.
#[derive(Args, Debug)]
#[command(
    after_help = "Exit status: 0 official, verified or clean; 1 suspicious, impersonation or \
invalid notice; 2 usage or input error.\n\nExamples:\n  countersign check --url https://northwind-support.com/\n  \
countersign check --url https://example.net/help page.html\n  countersign check message.eml --json\n  \
countersign check --contact '+1 844 555 0177'\n  countersign check --url-list new-domains.txt"
)]
pub struct CheckArgs {
    #[command(flatten)]
    pub trust: TrustArgs,
    /// The address the page was served from; alone, the address to check.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// A single phone number, email address or web address to check.
    #[arg(long, value_name = "TEXT", conflicts_with_all = ["input", "url", "url_list"])]
    pub contact: Option<String>,
    /// Screen many domains or URLs, one a line (`-` for standard input);
    /// prints one JSON line for each.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["input", "url", "contact", "kind"])]
    pub url_list: Option<String>,
    /// Print the report as JSON (verdict, score, reasons, evidence).
    #[arg(long)]
    pub json: bool,
    /// What the input is.
    #[arg(long = "as", value_enum, value_name = "KIND", default_value = "auto")]
    pub kind: InputKind,
    /// The page (HTML or text) or the raw email to check; `-` for standard input.
    #[arg(value_name = "FILE|-")]
    pub input: Option<String>,
}

/// Runs `countersign check`.
pub fn run(args: CheckArgs) -> ExitCode {
    match check(&args) {
        Ok(code) => code,
        Err(e) => e.report(),
    }
}

fn check(args: &CheckArgs) -> Result<ExitCode, CliError> {
    if let Some(list) = &args.url_list {
        return url_list(args, list);
    }
    if args.input.is_none() && args.url.is_none() && args.contact.is_none() {
        return Err(CliError::input(
            "nothing to check: give a page or email FILE (or - for standard input), --url URL, \
             --contact TEXT or --url-list FILE",
        ));
    }
    let now = args.trust.now();
    let directory = args.trust.verified_directory()?;
    let engine = Engine::new(&directory);
    let report = if let Some(contact) = &args.contact {
        if contact.trim().is_empty() {
            return Err(CliError::input(
                "--contact is empty: give a phone number, email address or web address",
            ));
        }
        engine.analyse_contact(contact, now)
    } else if let Some(path) = &args.input {
        let bytes = io::read_input(path)?;
        let is_email = match args.kind {
            InputKind::Email => true,
            InputKind::Page => false,
            InputKind::Auto => email::looks_like_email(&bytes),
        };
        if is_email {
            engine.analyse_email(&bytes, now)
        } else {
            let text = String::from_utf8(bytes).map_err(|_| {
                CliError::input(format!(
                    "{} is not UTF-8 text; save the page as UTF-8, or pass --as email for a raw message",
                    if path == "-" { "standard input" } else { path }
                ))
            })?;
            engine.analyse_page(args.url.as_deref(), &text, now)
        }
    } else {
        let url = args.url.as_deref().unwrap_or_default();
        if url.trim().is_empty() {
            return Err(CliError::input("--url is empty"));
        }
        // A link with no host (javascript:, data:, a malformed authority)
        // cannot be checked: say so rather than call it clean.
        if let Err(e) = engine.domains().classify_url(url) {
            return Err(CliError::input(format!("--url {url}: {e}")));
        }
        engine.screen_url(url)
    };
    print_report(&report, args.json)?;
    Ok(if report.verdict.is_warning() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_report(report: &Report, json: bool) -> Result<(), CliError> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = if json {
        serde_json::to_writer_pretty(&mut out, report)
            .map_err(std::io::Error::other)
            .and_then(|_| writeln!(out))
    } else {
        write_human(&mut out, report)
    };
    result
        .and_then(|_| out.flush())
        .map_err(|e| CliError::input(format!("cannot write the report: {e}")))
}

fn write_human(out: &mut impl std::io::Write, report: &Report) -> std::io::Result<()> {
    writeln!(
        out,
        "{} (score {}/100)",
        report.verdict.as_str().to_uppercase(),
        report.score
    )?;
    // Reasons quote the page or email: every line passes the display rule.
    for reason in &report.reasons {
        writeln!(out, "  - {}", shown_within(&reason.message, 600))?;
    }
    let ev = &report.evidence;
    if !ev.phones.is_empty() {
        let phones: Vec<String> = ev
            .phones
            .iter()
            .map(|p| {
                let tag = if p.official {
                    "official"
                } else if p.attributed_to_vendor {
                    "NOT official"
                } else {
                    "not the vendor's"
                };
                format!("{} ({tag})", countersign::phone::display(&p.e164))
            })
            .collect();
        writeln!(out, "phones: {}", phones.join(", "))?;
    }
    for n in &ev.notices {
        let line = match (&n.claims, &n.reason) {
            (Some(c), _) if n.valid => format!(
                "notice ({}): valid, {} for {} ({})",
                n.encoding, c.channel, c.contact, c.contact_label
            ),
            (Some(_), Some(why)) => format!("notice ({}): {}: {why}", n.encoding, n.state),
            (None, Some(why)) => format!("notice ({}): NOT valid: {why}", n.encoding),
            _ => continue,
        };
        writeln!(out, "{}", shown_within(&line, 600))?;
    }
    Ok(())
}

/// One line of `--url-list` output.
#[derive(Serialize)]
struct ScreenLine<'a> {
    input: &'a str,
    verdict: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    host: Option<&'a countersign::detect::domain::HostReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

fn url_list(args: &CheckArgs, path: &str) -> Result<ExitCode, CliError> {
    let directory = args.trust.verified_directory()?;
    let engine = Engine::new(&directory);
    let matcher = engine.domains();
    let bytes = io::read_input(path)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut warned = false;
    let write_err = |e: std::io::Error| CliError::input(format!("cannot write the results: {e}"));
    for line in bytes.lines() {
        let line = line.map_err(|e| CliError::input(format!("cannot read {path}: {e}")))?;
        let input = line.trim();
        if input.is_empty() || input.starts_with('#') {
            continue;
        }
        let record = match matcher.classify_url(input) {
            Ok(host) => {
                let verdict = match host.verdict {
                    HostVerdict::Official { .. } => "official",
                    HostVerdict::Lookalike { .. } => {
                        warned = true;
                        "impersonation"
                    }
                    HostVerdict::Unrelated => "clean",
                };
                serde_json::to_writer(
                    &mut out,
                    &ScreenLine {
                        input,
                        verdict,
                        host: Some(&host),
                        error: None,
                    },
                )
            }
            Err(e) => serde_json::to_writer(
                &mut out,
                &ScreenLine {
                    input,
                    verdict: "error",
                    host: None,
                    error: Some(e.to_string()),
                },
            ),
        };
        record
            .map_err(std::io::Error::other)
            .and_then(|_| out.write_all(b"\n"))
            .map_err(write_err)?;
    }
    out.flush().map_err(write_err)?;
    Ok(if warned {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
