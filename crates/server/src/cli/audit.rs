//! `reviewdesk-server audit verify`: checks the audit log's hash chain. Exit 0 when intact; exit 1
//! naming the sequence number of the first broken event.

use std::io::Write;

use clap::Subcommand;
use reviewdesk_domain::audit::verify;

use super::data_dir::StoreArg;
use super::Outcome;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Verify the whole audit chain.
    Verify {
        #[command(flatten)]
        data: StoreArg,
    },
}

pub fn run(command: &AuditCommand, out: &mut impl Write, err: &mut impl Write) -> Outcome {
    let AuditCommand::Verify { data } = command;
    if let Some(missing) = data.missing() {
        let _ = writeln!(err, "error: {missing}");
        return Outcome::Negative;
    }
    let chain =
        match data.open_store().and_then(|store| store.audit_chain().map_err(|e| e.to_string())) {
            Ok(chain) => chain,
            Err(message) => {
                let _ = writeln!(err, "error: {message}");
                return Outcome::Negative;
            }
        };
    match verify(&chain) {
        Ok(count) => {
            let _ = writeln!(out, "audit chain intact: {count} events");
            Outcome::Success
        }
        Err(broken) => {
            let _ = writeln!(out, "audit chain broken at event {}: {broken}", broken.seq());
            Outcome::Negative
        }
    }
}
