//! `countersign check`: is this page, email, contact or domain the vendor's?
//!
//! The same engine as the browser extension, for support staff checking
//! what a customer forwarded and for a brand-protection team screening
//! newly registered domains (`--url-list`, one JSON line per domain).
//!
//! Exit status: 0 for official, verified and clean; 1 for suspicious,
//! impersonation and invalid notices (for `--url-list`: if any line is);
//! 2 for usage or input errors, and whenever nothing could be checked:
//! an empty or binary input, or a name that is not a domain, is never
//! reported as "clean" (for `--url-list`, such a line is an `error` line,
//! and the exit status is 2 unless another line is a warning).

use std::io::{BufWriter, Write as _};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use countersign::detect::domain::HostVerdict;
use countersign::detect::{email, text, Report, VendorSet};
use countersign::directory::validate::is_canonical_domain;
use countersign::directory::Vendor;
use countersign::display::shown_within;
use serde::Serialize;

use crate::io::{self, CliError};
use crate::vendors::VendorArgs;

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
invalid notice; 2 usage or input error, or nothing that could be checked.\n\nExamples:\n  countersign check --url https://northwind-support.com/\n  \
countersign check --url https://example.net/help page.html\n  countersign check message.eml --json\n  \
countersign check --contact '+1 844 555 0177'\n  countersign check --url-list new-domains.txt\n  \
countersign check --directory contoso.json --root contoso-root.pub --directory \
northwind.json --root northwind-root.pub page.html\n  countersign check --vendors vendors.txt --state \
state.json --url-list new-domains.txt"
)]
pub struct CheckArgs {
    #[command(flatten)]
    pub trust: VendorArgs,
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
    let set = args.trust.vendor_set()?;
    let several = set.engines().len() > 1;
    let judged = if let Some(contact) = &args.contact {
        if contact.trim().is_empty() {
            return Err(CliError::input(
                "--contact is empty: give a phone number, email address or web address",
            ));
        }
        set.analyse_contact(contact, now)
    } else if let Some(path) = &args.input {
        let bytes = io::read_input(path)?;
        refuse_unreadable(&bytes, path)?;
        let is_email = match args.kind {
            InputKind::Email => true,
            InputKind::Page => false,
            InputKind::Auto => email::looks_like_email(&bytes),
        };
        if is_email {
            if !email::looks_like_email(&bytes) && std::str::from_utf8(&bytes).is_err() {
                return Err(CliError::input(format!(
                    "{} has no email headers and is not text: it is not an email, so it was \
                     not checked",
                    if path == "-" { "standard input" } else { path }
                )));
            }
            set.analyse_email(&bytes, now)
        } else {
            let text = String::from_utf8(bytes).map_err(|_| {
                CliError::input(format!(
                    "{} is not UTF-8 text; save the page as UTF-8, or pass --as email for a raw message",
                    if path == "-" { "standard input" } else { path }
                ))
            })?;
            if !has_visible_text(&text) {
                return Err(CliError::input(format!(
                    "{} has no visible text (only markup, spaces or control characters): \
                     there is nothing to check, so no verdict was given",
                    if path == "-" { "standard input" } else { path }
                )));
            }
            set.analyse_page(args.url.as_deref(), &text, now)
        }
    } else {
        let url = args.url.as_deref().unwrap_or_default();
        if url.trim().is_empty() {
            return Err(CliError::input("--url is empty"));
        }
        // A link with no host (javascript:, data:, a malformed authority)
        // cannot be checked: say so rather than call it clean.
        // The host is the same for every vendor; only the verdict differs.
        let mut why_not = None;
        for engine in set.engines() {
            match engine.domains().classify_url(url) {
                Err(e) => return Err(CliError::input(format!("--url {url}: {e}"))),
                Ok(host) => why_not = not_checkable(&host),
            }
            if why_not.is_none() {
                break;
            }
        }
        if let Some(why) = why_not {
            return Err(CliError::input(format!("--url: {why}")));
        }
        set.screen_url(url)
    };
    // The set always holds at least one vendor (the demo by default).
    let Some((engine, report)) = judged else {
        return Err(CliError::input("no vendor to check against"));
    };
    let vendor = &engine.directory().directory().vendor;
    print_report(&report, vendor, several, args.json)?;
    Ok(if report.verdict.is_warning() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Refuses input that holds nothing to check, so that it is never called
/// clean: empty or blank, or binary (NUL bytes appear in no web page or
/// email text).
fn refuse_unreadable(bytes: &[u8], path: &str) -> Result<(), CliError> {
    let name = if path == "-" { "standard input" } else { path };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(CliError::input(format!(
            "{name} is empty: there is nothing to check, so no verdict was given"
        )));
    }
    if bytes.contains(&0) {
        return Err(CliError::input(format!(
            "{name} holds NUL bytes: it is a binary file, not a page or an email, so it was \
             not checked"
        )));
    }
    Ok(())
}

/// Whether a page shows a person anything: a letter or digit in its
/// visible text or title, or a link. A page of bare markup or escape
/// sequences is not "clean"; it is empty.
fn has_visible_text(page: &str) -> bool {
    let extracted = if text::looks_like_html(page) {
        text::extract(page)
    } else {
        text::plain(page)
    };
    extracted
        .text
        .chars()
        .chain(extracted.title.chars())
        .any(char::is_alphanumeric)
        || !extracted.links.is_empty()
}

/// Why a classified host is not a verdict at all: a name that is not a
/// domain (`not a domain!`, `localhost`, `co.uk`). `None` when the verdict
/// stands (including IP addresses, which are addresses, and not official).
fn not_checkable(host: &countersign::detect::domain::HostReport) -> Option<String> {
    if host.ip_address || !matches!(host.verdict, HostVerdict::Unrelated) {
        return None;
    }
    if host.registrable.is_some() && !is_canonical_domain(&host.host) {
        // Browsers reach names like `-x-.example`, but no registry hands
        // them out: this is not a real domain, whatever else it is.
        return Some(format!(
            "\"{}\" is not a valid domain name: each part must be letters, digits and \
             hyphens inside the part",
            host.unicode
        ));
    }
    host.registrable.is_none().then(|| {
        host.reasons.first().cloned().unwrap_or_else(|| {
            format!(
                "\"{}\" is not a domain name anyone can register, so it cannot be checked",
                host.unicode
            )
        })
    })
}

/// The report as JSON, with the vendor it concerns (`null` when nothing
/// found concerns one: a clean input, or a scam that names no vendor).
#[derive(Serialize)]
struct JsonReport<'a> {
    vendor: Option<VendorName<'a>>,
    #[serde(flatten)]
    report: &'a Report,
}

#[derive(Serialize)]
struct VendorName<'a> {
    id: &'a str,
    name: &'a str,
}

fn print_report(
    report: &Report,
    vendor: &Vendor,
    several: bool,
    json: bool,
) -> Result<(), CliError> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    // An input that holds nothing of the vendor (a clean page, a generic
    // scam) concerns none of them.
    let concerns = report.concerns_vendor;
    let result = if json {
        let wrapped = JsonReport {
            vendor: concerns.then_some(VendorName {
                id: &vendor.id,
                name: &vendor.name,
            }),
            report,
        };
        serde_json::to_writer_pretty(&mut out, &wrapped)
            .map_err(std::io::Error::other)
            .and_then(|_| writeln!(out))
    } else {
        // With one vendor trusted, every verdict is about it; with several,
        // say which one the verdict concerns.
        let named = if several && concerns {
            writeln!(out, "vendor: {}", shown_within(&vendor.name, 100))
        } else {
            Ok(())
        };
        named.and_then(|()| write_human(&mut out, report))
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
    /// The vendor an official or look-alike verdict is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    vendor: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    host: Option<&'a countersign::detect::domain::HostReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// Classifies one name against every vendor: official for one of them
/// first, else a look-alike of one, else unrelated to all. An error when
/// the name cannot be checked at all.
fn screen<'s>(
    set: &'s VendorSet,
    input: &str,
) -> Result<(&'s Vendor, countersign::detect::domain::HostReport), String> {
    let mut best: Option<(&Vendor, countersign::detect::domain::HostReport)> = None;
    let rank = |h: &countersign::detect::domain::HostReport| match h.verdict {
        HostVerdict::Official { .. } => 2,
        HostVerdict::Lookalike { .. } => 1,
        _ => 0,
    };
    let mut unchecked = None;
    for engine in set.engines() {
        let host = engine
            .domains()
            .classify_url(input)
            .map_err(|e| e.to_string())?;
        if let Some(why) = not_checkable(&host) {
            unchecked = Some(why);
            continue;
        }
        let vendor = &engine.directory().directory().vendor;
        let better = match &best {
            None => true,
            Some((_, b)) => rank(&host) > rank(b),
        };
        if better {
            best = Some((vendor, host));
        }
    }
    match (best, unchecked) {
        (Some(best), _) => Ok(best),
        (None, Some(why)) => Err(why),
        (None, None) => Err("no vendor to check against".into()),
    }
}

fn url_list(args: &CheckArgs, path: &str) -> Result<ExitCode, CliError> {
    let set = args.trust.vendor_set()?;
    let bytes = io::read_input(path)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut warned = false;
    let mut unchecked = 0usize;
    let mut checked = 0usize;
    let write_err = |e: std::io::Error| CliError::input(format!("cannot write the results: {e}"));
    for line in bytes.split(|&b| b == b'\n') {
        let text = String::from_utf8_lossy(line);
        let input = text.trim();
        if input.is_empty() || input.starts_with('#') {
            continue;
        }
        let classified = if std::str::from_utf8(line).is_err() {
            Err("the line is not UTF-8 text, so it holds no name that could be checked".into())
        } else {
            screen(&set, input)
        };
        let record = match classified {
            Ok((vendor, host)) => {
                checked += 1;
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
                        vendor: (!matches!(host.verdict, HostVerdict::Unrelated))
                            .then_some(vendor.id.as_str()),
                        host: Some(&host),
                        error: None,
                    },
                )
            }
            Err(why) => {
                unchecked += 1;
                serde_json::to_writer(
                    &mut out,
                    &ScreenLine {
                        input,
                        verdict: "error",
                        vendor: None,
                        host: None,
                        error: Some(why),
                    },
                )
            }
        };
        record
            .map_err(std::io::Error::other)
            .and_then(|_| out.write_all(b"\n"))
            .map_err(write_err)?;
    }
    out.flush().map_err(write_err)?;
    if checked + unchecked == 0 {
        return Err(CliError::input(format!(
            "{} lists no names to check",
            if path == "-" { "standard input" } else { path }
        )));
    }
    Ok(if warned {
        ExitCode::from(1)
    } else if unchecked > 0 {
        eprintln!("countersign: {unchecked} line(s) could not be checked; see their error lines");
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
