//! `countersign notice sign | verify | batch`.

use std::io::{BufRead as _, BufWriter, Write as _};
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use countersign::directory::Channel;
use countersign::notice::{
    issue_notice, IssuedNotice, NoticeRequest, SignedNotice, VerifiedNotice, VerifyOptions,
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
    /// Check the body digest against the text before the notice in the input.
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
    let found = countersign::notice::find_notices(&text);
    let (token, encoding, body) = match found.first() {
        Some(f) => (f.token.clone(), f.encoding.as_str(), text.get(..f.start)),
        None => (text.trim().to_string(), "token", None),
    };
    if args.check_body && body.is_none() {
        return Err(CliError::input(
            "--check-body needs the message text before the notice",
        ));
    }
    let options = VerifyOptions {
        now: args.trust.now(),
        recipient: args.recipient.as_deref(),
        body: if args.check_body { body } else { None },
    };
    let result = SignedNotice::parse_token(&token)
        .map_err(countersign::notice::NoticeError::from)
        .and_then(|n| n.verify(&directory, &options));
    match result {
        Ok(verified) => {
            if args.json {
                let out = serde_json::json!({"ok": true, "encoding": encoding, "notice": verified.summary()});
                println!("{out}");
            } else {
                print_verified(&verified, &directory.directory().vendor.name);
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            if args.json {
                println!(
                    "{}",
                    serde_json::json!({"ok": false, "code": e.code(), "message": e.to_string()})
                );
            } else {
                println!("NOT GENUINE: {e}");
            }
            Ok(ExitCode::from(1))
        }
    }
}

fn print_verified(v: &VerifiedNotice, vendor: &str) {
    let c = &v.claims;
    println!("GENUINE: {} from {vendor}", c.channel.describe());
    let signer = match (c.agent == v.signer_name, v.signer_team.is_empty()) {
        (true, true) => String::new(),
        (true, false) => format!(" ({})", v.signer_team),
        (false, true) => format!(" (signed by {})", v.signer_name),
        (false, false) => format!(" (signed by {}, {})", v.signer_name, v.signer_team),
    };
    println!("  agent:     {}{signer}", c.agent);
    let contact = v.contact_display();
    let role = match c.channel {
        Channel::Email => "sender:   ",
        Channel::ScheduledCall => "calling:  ",
        Channel::Callback => "call back:",
    };
    println!("  {role} {contact} ({})", v.contact_label);
    if let Some(t) = &c.ticket {
        println!("  ticket:    {t}");
    }
    match c.channel {
        Channel::ScheduledCall => {
            println!(
                "  window:    {} to {}",
                format_time(c.not_before),
                format_time(c.expires_at)
            );
            if v.timing == countersign::notice::Timing::Upcoming {
                println!("  upcoming:  the call is still to come; a call before the window is not this one");
            }
        }
        _ => println!("  valid:     until {}", format_time(c.expires_at)),
    }
    if let Some(p) = &c.phrase {
        println!("  phrase:    \"{p}\" (the agent will say these words; hang up if they don't)");
    }
    let binding = |b: countersign::notice::Binding, what: &str| match b {
        countersign::notice::Binding::Matched => format!("{what} checked"),
        countersign::notice::Binding::NotChecked => format!("{what} not checked"),
        countersign::notice::Binding::Absent => format!("no {what} binding"),
    };
    println!(
        "  checks:    {}; {}",
        binding(v.recipient, "recipient"),
        binding(v.body, "body")
    );
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
