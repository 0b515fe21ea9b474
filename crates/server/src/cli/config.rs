//! `reviewdesk-server config`: `check FILE` validates a configuration file (with the
//! `REVIEWDESK__…` variables of the environment, as `serve` would read it) and names the wrong key
//! or value with its line; `defaults` prints every setting with its default, commented.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;

use super::Outcome;
use crate::config::{defaults_file, ServerConfig};

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Check a configuration file; exit 1 naming the first wrong key or value.
    Check {
        /// The TOML file.
        file: PathBuf,
    },
    /// Print every setting with its default and what it means (a commented TOML file).
    Defaults,
}

pub fn run(command: &ConfigCommand, out: &mut impl Write, err: &mut impl Write) -> Outcome {
    match command {
        ConfigCommand::Check { file } => match ServerConfig::load(Some(file), std::env::vars()) {
            Ok(_) => {
                let _ = writeln!(out, "{}: ok", file.display());
                Outcome::Success
            }
            Err(error) => {
                let _ = writeln!(err, "error: {error}");
                Outcome::Negative
            }
        },
        ConfigCommand::Defaults => {
            let _ = out.write_all(defaults_file::render().as_bytes());
            Outcome::Success
        }
    }
}
