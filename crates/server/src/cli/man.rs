//! `reviewdesk-server man DIR`: the manual pages (section 1) of the command line, generated from
//! its clap definition so they never drift from `--help`: `reviewdesk-server.1` and one page per
//! subcommand, named by its path (`reviewdesk-server-calendar-is-workday.1`). Hidden: the Debian
//! package's build script (packaging/server/build-deb.sh) is its user.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, CommandFactory};

use super::{Cli, Outcome};

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The folder to write the pages into (created if missing); prints each page's path.
    dir: PathBuf,
}

/// Writes every page, then lists them (sorted) on stdout.
pub fn run(args: &ManArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Outcome {
    match write_pages(args) {
        Ok(pages) => {
            for page in pages {
                let _ = writeln!(stdout, "{}", page.display());
            }
            Outcome::Success
        }
        Err(e) => {
            let _ = writeln!(
                stderr,
                "error: cannot write the manual pages to {}: {e}",
                args.dir.display()
            );
            Outcome::Negative
        }
    }
}

fn write_pages(args: &ManArgs) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(&args.dir)?;
    clap_mangen::generate_to(Cli::command(), &args.dir)?;
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&args.dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    pages.retain(|p| p.extension().is_some_and(|e| e == "1"));
    pages.sort();
    Ok(pages)
}
