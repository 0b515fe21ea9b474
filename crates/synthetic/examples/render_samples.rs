//! Writes a handful of synthetic specimens to a directory: for each, the three JPEGs and the
//! applicant's data and defects as JSON. Usage:
//!
//! ```text
//! cargo run -p reviewdesk-synthetic --example render_samples -- OUT_DIR [COUNT] [SEED]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use reviewdesk_synthetic::{Generator, GeneratorConfig, Side};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("render_samples: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().ok_or("usage: render_samples OUT_DIR [COUNT] [SEED]")?);
    let count: u64 =
        args.next().map_or(Ok(8), |text| text.parse()).map_err(|e| format!("COUNT: {e}"))?;
    let seed: u64 =
        args.next().map_or(Ok(2026), |text| text.parse()).map_err(|e| format!("SEED: {e}"))?;
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("bad date")?;
    let generator = Generator::new(GeneratorConfig::new(seed, today)).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let started = Instant::now();
    for index in 0..count {
        let specimen = generator.specimen(index).map_err(|e| e.to_string())?;
        let stem = format!("{index:04}");
        for side in Side::ALL {
            let path = out.join(format!("{stem}-{side}.jpg"));
            std::fs::write(&path, &specimen.photo(side).jpeg)
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
        let json = serde_json::to_string_pretty(&specimen.applicant).map_err(|e| e.to_string())?;
        let path = out.join(format!("{stem}.json"));
        std::fs::write(&path, json).map_err(|e| format!("{}: {e}", path.display()))?;
        let sizes: Vec<String> = Side::ALL
            .iter()
            .map(|side| format!("{side} {} B", specimen.photo(*side).jpeg.len()))
            .collect();
        println!(
            "{stem} {} {} defects {:?}: {}",
            specimen.applicant.card.id_type,
            specimen.applicant.card.name.as_deref().unwrap_or_default(),
            specimen.applicant.defects,
            sizes.join(", ")
        );
    }
    let elapsed = started.elapsed();
    println!(
        "{count} specimens in {:.2} s ({:.1} ms each)",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / count.max(1) as f64
    );
    Ok(())
}
