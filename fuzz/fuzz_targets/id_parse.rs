//! Any text as an ID number of any type, judged on any day from 1990 to 2044: `parse` answers
//! `Ok` or a typed `Err`, never a panic, and an accepted number's canonical form parses again to
//! itself. The same bytes as a declared identity (JSON) go through the consistency check.
//! Input: byte 0 picks the type, bytes 1–2 the day, the rest is the number.

#![no_main]

use chrono::{Days, NaiveDate};
use libfuzzer_sys::fuzz_target;
use reviewdesk_domain::consistency::{check, DeclaredIdentity};
use reviewdesk_domain::id::{parse, IdType};

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let id_type = IdType::ALL[usize::from(data[0]) % IdType::ALL.len()];
    let offset = u64::from(u16::from_le_bytes([data[1], data[2]])) % 20_000;
    let Some(today) =
        NaiveDate::from_ymd_opt(1990, 1, 1).and_then(|d| d.checked_add_days(Days::new(offset)))
    else {
        return;
    };
    let rest = &data[3..];
    if let Ok(text) = std::str::from_utf8(rest) {
        if let Ok(parsed) = parse(id_type, text, today) {
            let again = parse(id_type, &parsed.normalized, today).unwrap_or_else(|e| {
                panic!("{:?} accepted, its canonical form refused: {e:?}", parsed.normalized)
            });
            assert_eq!(again.normalized, parsed.normalized);
            assert_eq!(again.sex, parsed.sex);
            assert_eq!(again.birth_date, parsed.birth_date);
        }
    }
    if let Ok(declared) = serde_json::from_slice::<DeclaredIdentity>(rest) {
        let _ = check(&declared, today);
    }
});
