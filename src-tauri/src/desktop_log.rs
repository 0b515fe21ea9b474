//! The desktop's log file: one file a day in the app's log directory (`reviewdesk.YYYY-MM-DD.log`),
//! the oldest deleted beyond [`KEEP_FILES`], and no personal data in it.
//!
//! What the app logs is its own: start-up, the mode, error *codes* (never an applicant's name,
//! number or a server's free text). As a second line of defence every line passes through
//! [`redact`] before it reaches the disk: any run of letters and digits holding 7 or more digits
//! (every ID document number: 18-digit resident numbers, 8-digit permit and passport numbers
//! with their letter, phone numbers) is replaced by `[redacted]`.

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::Path;

use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::fmt::writer::MakeWriter;

/// Daily files kept (about two weeks of working days); older ones are deleted at rotation.
pub const KEEP_FILES: usize = 14;
/// The files are `reviewdesk.<date>.log`.
pub const FILE_PREFIX: &str = "reviewdesk";
/// A run of ASCII letters and digits with at least this many digits is taken for a document,
/// account or phone number and never written. (Log timestamps carry 6-digit microseconds.)
const DIGITS_IN_A_NUMBER: usize = 7;
const REDACTED: &str = "[redacted]";

/// Starts logging to a daily file in `log_dir` (created if missing), at level INFO. Fails when
/// the directory cannot be created or a global logger is installed already.
pub fn init(log_dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(log_dir).map_err(|e| format!("{}: {e}", log_dir.display()))?;
    let files = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(FILE_PREFIX)
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(log_dir)
        .map_err(|e| format!("{}: {e}", log_dir.display()))?;
    tracing_subscriber::fmt()
        .with_writer(Redacting(files))
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .try_init()
        .map_err(|e| e.to_string())
}

/// `text` with every number-like run replaced by `[redacted]` (borrowed when nothing matched).
pub fn redact(text: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut copied = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let digits = bytes[start..i].iter().filter(|b| b.is_ascii_digit()).count();
        if digits >= DIGITS_IN_A_NUMBER {
            out.push_str(&text[copied..start]);
            out.push_str(REDACTED);
            copied = i;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// A [`MakeWriter`] whose writers pass each formatted line through [`redact`].
struct Redacting<M>(M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for Redacting<M> {
    type Writer = RedactingWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter(self.0.make_writer())
    }
}

/// The writer of [`Redacting`]. The formatter hands it one whole event at a time, so a number is
/// never split across two writes.
struct RedactingWriter<W>(W);

impl<W: Write> Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(redact(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_numbers_never_pass() {
        for (line, number) in [
            ("declared 11010519491231002X rejected", "11010519491231002X"),
            ("lower case 11010519491231002x", "11010519491231002x"),
            ("foreign permanent 110000860101234", "110000860101234"),
            ("hk-macau permit H12345678", "H12345678"),
            ("taiwan permit 12345678.", "12345678"),
            ("passport E87654321,", "E87654321"),
            ("phone 13800138000", "13800138000"),
        ] {
            let out = redact(line);
            assert!(!out.contains(number), "{number} passed: {out}");
            assert!(out.contains(REDACTED), "{out}");
        }
    }

    #[test]
    fn ordinary_lines_pass_unchanged() {
        for line in [
            "2026-12-04T23:02:25.123456Z  INFO reviewdesk_desktop: started version=0.1.0",
            "local mode on http://127.0.0.1:47110",
            "sync round failed code=offline",
            "本地审核服务无法启动",
        ] {
            assert!(matches!(redact(line), Cow::Borrowed(_)), "{line}");
        }
    }

    #[test]
    fn the_writer_redacts_what_reaches_the_file() {
        let mut writer = RedactingWriter(Vec::new());
        let line = b"decided submission of 11010519491231002X at 12:00\n";
        assert_eq!(writer.write(line).unwrap(), line.len());
        assert_eq!(
            String::from_utf8(writer.0).unwrap(),
            "decided submission of [redacted] at 12:00\n"
        );
    }

    #[test]
    fn the_file_rotates_daily_under_its_prefix() {
        let dir = tempfile::tempdir().unwrap();
        let files = RollingFileAppender::builder()
            .rotation(Rotation::DAILY)
            .filename_prefix(FILE_PREFIX)
            .filename_suffix("log")
            .max_log_files(KEEP_FILES)
            .build(dir.path())
            .unwrap();
        let redacting = Redacting(files);
        let mut writer = redacting.make_writer();
        writer.write_all(b"number 11010519491231002X\n").unwrap();
        writer.flush().unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        assert!(names[0].starts_with("reviewdesk.") && names[0].ends_with(".log"), "{names:?}");
        let text = std::fs::read_to_string(dir.path().join(&names[0])).unwrap();
        assert_eq!(text, "number [redacted]\n");
    }
}
