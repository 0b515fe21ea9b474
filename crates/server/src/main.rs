//! The `reviewdesk-server` binary: parses the command line and hands it to the library.

fn main() -> std::process::ExitCode {
    reviewdesk_server::cli::main()
}
