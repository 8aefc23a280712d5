//! `countersign keygen`: a new key pair as `NAME.secret` (owner-only) and
//! `NAME.pub`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use countersign::keys::SecretKey;

use crate::io::{self, CliError};

#[derive(Args, Debug)]
pub struct KeygenArgs {
    /// Path prefix: writes PREFIX.secret and PREFIX.pub.
    #[arg(long, short, value_name = "PREFIX")]
    out: PathBuf,
    /// A comment stored in the files (whose key this is).
    #[arg(long, default_value = "")]
    comment: String,
    /// Overwrite existing files.
    #[arg(long)]
    force: bool,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: KeygenArgs) -> Result<ExitCode, CliError> {
    if args.comment.contains('\n') {
        return Err(CliError::input("the comment must be one line"));
    }
    let key = SecretKey::generate()
        .map_err(|e| CliError::input(format!("no random numbers available: {e}")))?;
    let public = key.public_key();
    let id = public.key_id();
    let secret_path = with_suffix(&args.out, "secret");
    let public_path = with_suffix(&args.out, "pub");
    let comment = if args.comment.is_empty() {
        String::new()
    } else {
        format!(" ({})", args.comment)
    };
    let secret_text = zeroize::Zeroizing::new(format!(
        "# countersign secret key {id}{comment}\n# Keep this file private: whoever holds it signs as you.\n{}\n",
        key.to_text().as_str()
    ));
    io::write_private(&secret_path, secret_text.as_bytes(), args.force)?;
    io::write_public(
        &public_path,
        format!("# countersign public key {id}{comment}\n{public}\n").as_bytes(),
        args.force,
    )?;
    if args.json {
        let out = serde_json::json!({
            "key_id": id.to_string(),
            "public_key": public.to_string(),
            "secret_file": secret_path.display().to_string(),
            "public_file": public_path.display().to_string(),
        });
        println!("{out}");
    } else {
        println!("key id:     {id}");
        println!("public key: {public}");
        println!(
            "wrote {} (private) and {}",
            secret_path.display(),
            public_path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn with_suffix(prefix: &std::path::Path, suffix: &str) -> PathBuf {
    let mut s = prefix.as_os_str().to_owned();
    s.push(".");
    s.push(suffix);
    PathBuf::from(s)
}
