//! `countersign`: the staff tool. Makes keys, signs and checks the vendor
//! directory, signs and checks contact notices (one at a time or in batches
//! for mail pipelines), and checks pages, emails and contacts for
//! impersonation of the vendor's support.
//!
//! Exit status: 0 success, 1 a verification failed, 2 usage or input error.

mod check;
mod dir;
mod init;
mod io;
mod keygen;
mod notice;
mod source;
mod state;
mod trust;
mod vendors;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Signed vendor directories and signed contact notices.
#[derive(Parser, Debug)]
#[command(name = "countersign", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Make a new Ed25519 key pair (a root key or a staff key).
    Keygen(keygen::KeygenArgs),
    /// Sign, verify and show vendor directories.
    #[command(subcommand)]
    Directory(dir::DirectoryCommand),
    /// Sign and verify contact notices.
    #[command(subcommand)]
    Notice(notice::NoticeCommand),
    /// Check whether a page, an email or a contact impersonates the vendor.
    Check(check::CheckArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Keygen(args) => keygen::run(args),
        Command::Directory(cmd) => dir::run(cmd),
        Command::Notice(cmd) => notice::run(cmd),
        Command::Check(args) => return check::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => e.report(),
    }
}
