//! `countersign notice sign | verify | batch`.

use std::io::{BufRead as _, BufWriter, Write as _};
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use countersign::directory::Channel;
use countersign::display::shown_within;
use countersign::notice::{
    check_message, issue_notice, CheckedNotice, IssuedNotice, MessageCheck, MessageInput, Mismatch,
    NoticeError, NoticeFormatError, NoticeRequest, NoticeState, SignedNotice, VerifiedNotice,
};

use crate::io::{self, format_time, CliError};
use crate::trust::TrustArgs;

#[derive(Subcommand, Debug)]
pub enum NoticeCommand {
    /// Sign one contact notice with a staff key.
    Sign(SignArgs),
    /// Verify a notice (token, armored block, verify link, or a message holding one).
    Verify(VerifyArgs),
    /// Sign many notices: one JSON request per input line, one JSON result
    /// per output line (for mail pipelines).
    Batch(BatchArgs),
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    /// The one-line token.
    Token,
    /// The armored block for email footers.
    Armor,
    /// The verify link.
    Link,
    /// All of them, and the claims, as JSON.
    Json,
}

#[derive(Args, Debug)]
pub struct SignArgs {
    /// The staff secret key file.
    #[arg(long, value_name = "FILE")]
    key: String,
    #[command(flatten)]
    trust: TrustArgs,
    /// email, scheduled-call or callback.
    #[arg(long, value_parser = parse_channel)]
    channel: Channel,
    /// The agent's name as the customer will see it.
    #[arg(long)]
    agent: String,
    /// Sender address (email) or calling / call-back number.
    #[arg(long)]
    contact: String,
    /// Support ticket reference.
    #[arg(long)]
    ticket: Option<String>,
    /// The customer's email address: binds the notice to them.
    #[arg(long)]
    recipient: Option<String>,
    /// File with the message body: binds the notice to it.
    #[arg(long, value_name = "FILE")]
    body: Option<String>,
    /// Validity of an email or callback notice (e.g. 2d, 12h) [default: 3d].
    #[arg(long, value_name = "DURATION", value_parser = io::parse_duration)]
    valid_for: Option<i64>,
    /// Start of a scheduled call window (2026-12-01T14:00:00Z).
    #[arg(long, value_name = "TIME", value_parser = io::parse_time)]
    window_start: Option<i64>,
    /// End of a scheduled call window.
    #[arg(long, value_name = "TIME", value_parser = io::parse_time)]
    window_end: Option<i64>,
    /// Output encoding.
    #[arg(long, value_enum, default_value = "armor")]
    format: Format,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// File holding the notice or the message [default: standard input].
    #[arg(default_value = "-")]
    input: String,
    #[command(flatten)]
    trust: TrustArgs,
    /// Your email address, to check the notice was addressed to you.
    #[arg(long)]
    recipient: Option<String>,
    /// Require a body check: fail unless the input holds the message text
    /// before a notice with a body digest. (The body is checked whenever the
    /// input holds that text, with or without this flag.)
    #[arg(long)]
    check_body: bool,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
pub struct BatchArgs {
    /// The staff secret key file.
    #[arg(long, value_name = "FILE")]
    key: String,
    #[command(flatten)]
    trust: TrustArgs,
    /// JSON Lines requests [default: standard input].
    #[arg(default_value = "-")]
    input: String,
}

fn parse_channel(text: &str) -> Result<Channel, String> {
    Channel::parse(text)
        .ok_or_else(|| format!("{text}: expected email, scheduled-call or callback"))
}

pub fn run(cmd: NoticeCommand) -> Result<ExitCode, CliError> {
    match cmd {
        NoticeCommand::Sign(args) => sign(args),
        NoticeCommand::Verify(args) => verify(args),
        NoticeCommand::Batch(args) => batch(args),
    }
}

fn sign(args: SignArgs) -> Result<ExitCode, CliError> {
    let key = io::read_secret_key(&args.key)?;
    let directory = args.trust.verified_directory()?;
    let body = args.body.as_deref().map(io::read_text).transpose()?;
    let request = NoticeRequest {
        channel: Some(args.channel),
        agent: args.agent,
        contact: args.contact,
        ticket: args.ticket,
        recipient: args.recipient,
        body,
        valid_for: args.valid_for,
        window_start: args.window_start,
        window_end: args.window_end,
        phrase: None,
    };
    let issued = issue_notice(&request, &key, &directory, args.trust.now())
        .map_err(|e| CliError::input(e.to_string()))?;
    match args.format {
        Format::Token => println!("{}", issued.token),
        Format::Armor => print!("{}", issued.armor),
        Format::Link => println!("{}", issued.link),
        Format::Json => println!("{}", issued_json(&issued)),
    }
    if let Some(phrase) = &issued.verified.claims.phrase {
        eprintln!("countersign phrase to say on the call: \"{phrase}\"");
    }
    Ok(ExitCode::SUCCESS)
}

fn issued_json(issued: &IssuedNotice) -> serde_json::Value {
    serde_json::json!({
        "ok": true,
        "token": issued.token,
        "armor": issued.armor,
        "link": issued.link,
        "notice": issued.verified.summary(),
    })
}

fn verify(args: VerifyArgs) -> Result<ExitCode, CliError> {
    let text = io::read_text(&args.input)?;
    let directory = args.trust.verified_directory()?;
    let vendor = directory.directory().vendor.name.clone();
    // A raw email is read as its body, with its sender checked.
    let email = countersign::notice::message::read_raw_email(&text);
    let input = MessageInput {
        text: email
            .as_ref()
            .map_or(text.as_str(), |(body, _)| body.as_str()),
        is_message: true,
        body: None,
        sender: email.as_ref().and_then(|(_, sender)| sender.as_deref()),
        recipient: args.recipient.as_deref(),
        now: args.trust.now(),
    };
    let checked = check_message(&directory, &input);
    if checked.notices.is_empty() {
        // Nothing that looks like a notice: say why the text is not one.
        let e = match SignedNotice::parse_token(&text) {
            Err(e) => NoticeError::from(e),
            Ok(_) => NoticeError::Format(NoticeFormatError::NotAToken),
        };
        if args.json {
            println!(
                "{}",
                serde_json::json!({"ok": false, "state": "invalid", "code": e.code(), "message": e.to_string(), "notices": []})
            );
        } else {
            println!("{}", shown_within(&format!("NOT GENUINE: {e}"), LINE));
        }
        return Ok(ExitCode::from(1));
    }
    if args.check_body
        && !checked.notices.iter().any(|n| {
            n.genuine()
                .is_some_and(|v| v.body == countersign::notice::Binding::Matched)
        })
        && !checked.notices.iter().any(|n| n.result.is_err())
    {
        return Err(CliError::input(
            "--check-body needs the message text before the notice, and a notice with a body digest",
        ));
    }
    let verified = checked.is_verified();
    if args.json {
        println!("{}", checked_json(&checked, &vendor));
    } else {
        let total = checked.notices.len();
        let mut lines = Vec::new();
        for (i, n) in checked.notices.iter().enumerate() {
            if total > 1 {
                lines.push(format!(
                    "notice {} of {total} ({}):",
                    i + 1,
                    n.encoding.as_str()
                ));
            }
            let indent = if total > 1 { "  " } else { "" };
            for line in notice_lines(n, &vendor) {
                lines.push(format!("{indent}{line}"));
            }
        }
        if total > 1 {
            lines.push(summary_line(&checked));
        }
        // Every line passes the one display rule before the terminal.
        for line in lines {
            println!("{}", shown_within(&line, LINE));
        }
    }
    Ok(if verified {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Longest printed line, in characters.
const LINE: usize = 400;

fn summary_line(checked: &MessageCheck) -> String {
    let total = checked.notices.len();
    let count = |s: NoticeState| checked.notices.iter().filter(|n| n.state == s).count();
    match checked.state() {
        Some(NoticeState::Verified) => format!("RESULT: GENUINE: all {total} notices verified"),
        Some(NoticeState::Invalid) => format!(
            "RESULT: NOT GENUINE: {} of the {total} notices is not valid; treat the whole message as a scam attempt",
            count(NoticeState::Invalid)
        ),
        Some(NoticeState::Copied) => format!(
            "RESULT: COPIED: the message does not match {} of its {total} notices; do not act on it",
            count(NoticeState::Copied)
        ),
        Some(NoticeState::PartlySigned) => {
            "RESULT: PARTLY SIGNED: part of the message is not covered by any signature".into()
        }
        Some(NoticeState::Incomplete) | None => {
            "RESULT: INCOMPLETE: a notice is cut off; check the whole message".into()
        }
    }
}

/// What to print for one checked notice, unsanitised (the caller applies
/// the display rule to every line).
fn notice_lines(n: &CheckedNotice, vendor: &str) -> Vec<String> {
    match (&n.result, n.state) {
        (Err(e), NoticeState::Incomplete) => vec![format!(
            "INCOMPLETE: the notice is cut off ({e}); check the whole message. Until then it proves nothing."
        )],
        (Err(e), _) => vec![format!("NOT GENUINE: {e}")],
        (Ok(v), state) => {
            let mut lines = Vec::new();
            match state {
                NoticeState::Verified => {
                    lines.push(format!("GENUINE: {} from {vendor}", v.claims.channel.describe()))
                }
                NoticeState::PartlySigned => lines.push(format!(
                    "PARTLY SIGNED: {} from {vendor}, but part of the message is not covered",
                    v.claims.channel.describe()
                )),
                _ => {
                    lines.push(format!(
                        "COPIED: a genuine {vendor} notice, in a message that does not match it; do not act on the message"
                    ));
                    for m in &n.mismatches {
                        lines.push(format!("  - {m}"));
                    }
                }
            }
            let partly = n
                .mismatches
                .iter()
                .any(|m| matches!(m, Mismatch::UnsignedText { .. }));
            lines.extend(verified_lines(v, partly));
            if state == NoticeState::PartlySigned {
                for m in &n.mismatches {
                    if let Mismatch::UnsignedText { text } = m {
                        lines.push(format!(
                            "  unsigned:  \"{text}\" (after the notice: not covered by the signature; do not act on it)"
                        ));
                    }
                }
            }
            lines
        }
    }
}

fn checked_json(checked: &MessageCheck, vendor: &str) -> serde_json::Value {
    let notices: Vec<serde_json::Value> = checked
        .notices
        .iter()
        .map(|n| {
            let mismatches: Vec<serde_json::Value> = n
                .mismatches
                .iter()
                .map(|m| serde_json::json!({"code": m.code(), "message": m.to_string()}))
                .collect();
            let mut v = serde_json::json!({
                "state": n.state.as_str(),
                "ok": n.state == NoticeState::Verified,
                "encoding": n.encoding.as_str(),
                "message": n.explanation(vendor),
                "mismatches": mismatches,
            });
            match &n.result {
                Ok(verified) => v["notice"] = serde_json::json!(verified.summary()),
                Err(e) => {
                    v["code"] = e.code().into();
                    v["message"] = e.to_string().into();
                }
            }
            v
        })
        .collect();
    let state = checked.state().map_or("invalid", NoticeState::as_str);
    let mut out = serde_json::json!({
        "ok": checked.is_verified(),
        "state": state,
    });
    // One notice: its fields at the top too, as before lists existed.
    if let [only] = notices.as_slice() {
        for key in ["encoding", "notice", "code", "message"] {
            if let Some(v) = only.get(key) {
                out[key] = v.clone();
            }
        }
    }
    out["notices"] = notices.into();
    out
}

/// The lines under a genuine notice's heading.
fn verified_lines(v: &VerifiedNotice, partly: bool) -> Vec<String> {
    let c = &v.claims;
    let mut lines = Vec::new();
    let signer = match (c.agent == v.signer_name, v.signer_team.is_empty()) {
        (true, true) => String::new(),
        (true, false) => format!(" ({})", v.signer_team),
        (false, true) => format!(" (signed by {})", v.signer_name),
        (false, false) => format!(" (signed by {}, {})", v.signer_name, v.signer_team),
    };
    lines.push(format!("  agent:     {}{signer}", c.agent));
    let contact = v.contact_display();
    let role = match c.channel {
        Channel::Email => "sender:   ",
        Channel::ScheduledCall => "calling:  ",
        Channel::Callback => "call back:",
    };
    lines.push(format!("  {role} {contact} ({})", v.contact_label));
    if let Some(t) = &c.ticket {
        lines.push(format!("  ticket:    {t}"));
    }
    match c.channel {
        Channel::ScheduledCall => {
            lines.push(format!(
                "  window:    {} to {}",
                format_time(c.not_before),
                format_time(c.expires_at)
            ));
            if v.timing == countersign::notice::Timing::Upcoming {
                lines.push(
                    "  upcoming:  the call is still to come; a call before the window is not this one"
                        .into(),
                );
            }
        }
        _ => lines.push(format!("  valid:     until {}", format_time(c.expires_at))),
    }
    if let Some(p) = &c.phrase {
        lines.push(format!(
            "  phrase:    \"{p}\" (the agent will say these words; hang up if they don't)"
        ));
    }
    let binding = |b: countersign::notice::Binding, what: &str| match b {
        countersign::notice::Binding::Matched if partly => {
            format!("{what} checked up to the notice")
        }
        countersign::notice::Binding::Matched => format!("{what} checked"),
        countersign::notice::Binding::NotChecked => format!("{what} not checked"),
        countersign::notice::Binding::Absent => format!("no {what} binding"),
    };
    let body = match v.body {
        countersign::notice::Binding::Absent => {
            "message text not signed (only the notice is)".to_string()
        }
        b => binding(b, "body"),
    };
    lines.push(format!(
        "  checks:    {}; {body}",
        binding(v.recipient, "recipient")
    ));
    lines
}

fn batch(args: BatchArgs) -> Result<ExitCode, CliError> {
    let key = io::read_secret_key(&args.key)?;
    let directory = args.trust.verified_directory()?;
    let now = args.trust.now();
    let input = io::read_input(&args.input)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failures = 0usize;
    for (index, line) in input.lines().enumerate() {
        let line_no = index + 1;
        let result = match line {
            Err(_) => Err(("invalid-request", "the line is not UTF-8 text".to_string())),
            Ok(line) if line.trim().is_empty() => continue,
            Ok(line) => serde_json::from_str::<NoticeRequest>(&line)
                .map_err(|e| ("invalid-request", format!("not a notice request: {e}")))
                .and_then(|req| {
                    issue_notice(&req, &key, &directory, now).map_err(|e| (e.code(), e.to_string()))
                }),
        };
        let value = match result {
            Ok(issued) => {
                let mut v = issued_json(&issued);
                v["line"] = line_no.into();
                v
            }
            Err((code, message)) => {
                failures += 1;
                serde_json::json!({"ok": false, "line": line_no, "code": code, "message": message})
            }
        };
        writeln!(out, "{value}")
            .map_err(|e| CliError::input(format!("cannot write output: {e}")))?;
    }
    out.flush()
        .map_err(|e| CliError::input(format!("cannot write output: {e}")))?;
    if failures > 0 {
        return Err(CliError::input(format!(
            "{failures} request(s) could not be signed; see their output lines"
        )));
    }
    Ok(ExitCode::SUCCESS)
}
