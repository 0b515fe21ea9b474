//! `reviewdesk-server face-calibration --province CODE`: the province's latest face-similarity
//! calibration run (pair counts, the rates at each candidate threshold, whether bands may be set
//! from it and why not) and the bands in force, or that there are none (the identity board then
//! shows no band), as [`crate::face_calibration::report`] words them. Reads the store `serve`
//! uses (`--config`, `--data-dir`, `--db`); changes nothing (runs and bands are a supervisor's,
//! in the desktop, audited).

use std::io::Write;

use clap::Args;
use reviewdesk_domain::region;

use super::data_dir::{ConfiguredStoreArgs, StoreArg};
use super::Outcome;

#[derive(Debug, Args)]
pub struct FaceCalibrationArgs {
    /// Two-digit province code, e.g. 11.
    #[arg(long)]
    province: String,
    #[command(flatten)]
    store: ConfiguredStoreArgs,
}

pub fn run(args: &FaceCalibrationArgs, out: &mut impl Write, err: &mut impl Write) -> Outcome {
    let code = args.province.as_str();
    if code.len() != 2 || region::province(code).is_none() {
        let _ = writeln!(err, "error: --province: '{code}' is not a two-digit province code");
        return Outcome::Usage;
    }
    let report = args
        .store
        .config()
        .and_then(|config| {
            let location = StoreArg::of(&config);
            match location.missing() {
                Some(missing) => Err(missing),
                None => location.open_store(),
            }
        })
        .and_then(|store| store.calibration_status(code).map_err(|e| e.to_string()));
    match report {
        Ok(status) => {
            let _ = write!(out, "{}", crate::face_calibration::report(code, &status));
            Outcome::Success
        }
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            Outcome::Negative
        }
    }
}
