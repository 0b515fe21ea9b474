//! [`ConfigError`]: what is wrong with a configuration, naming the file, line and key where
//! there are ones.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    /// Not TOML, an unknown key, or a value of the wrong type.
    #[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Parse { path: PathBuf, line: Option<usize>, message: String },
    /// A value of the right type outside what the setting allows.
    #[error("{}{key}: {message}", at.as_ref().map(|(p, l)| format!("{}:{l}: ", p.display())).unwrap_or_default())]
    Invalid { key: String, at: Option<(PathBuf, usize)>, message: String },
    /// A `REVIEWDESK__…` environment variable that names no setting or holds a bad value.
    #[error("environment variable {var}: {message}")]
    Env { var: String, message: String },
}

impl ConfigError {
    /// The `toml` crate's error on `text` (read from `path`), with its line.
    pub fn from_toml(path: &Path, text: &str, error: &toml::de::Error) -> ConfigError {
        let line = error.span().map(|span| line_of(text, span.start));
        ConfigError::Parse {
            path: path.to_path_buf(),
            line,
            message: error.message().trim().to_owned(),
        }
    }

    /// The same error, with the file and line of its key when the file sets it.
    pub fn locate(self, path: &Path, text: &str) -> ConfigError {
        match self {
            ConfigError::Invalid { key, at: None, message } => {
                let at = line_of_key(text, &key).map(|line| (path.to_path_buf(), line));
                ConfigError::Invalid { key, at, message }
            }
            other => other,
        }
    }
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes().iter().take(offset).filter(|&&b| b == b'\n').count() + 1
}

/// The 1-based line where `key` ("section.name") is set in `text`, if it is set plainly
/// (`name = …` under `[section]`, or `section.name = …` at the top).
pub fn line_of_key(text: &str, key: &str) -> Option<usize> {
    let (section, name) = key.split_once('.')?;
    let mut current = String::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if let Some(header) = line.strip_prefix('[') {
            current = header.trim_end_matches(']').trim().to_owned();
            continue;
        }
        let assigns = |name: &str| {
            line.strip_prefix(name).is_some_and(|rest| rest.trim_start().starts_with('='))
        };
        if (current == section && assigns(name)) || (current.is_empty() && assigns(key)) {
            return Some(index + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_under_their_section_only() {
        let text = "[server]\nlisten = \"x\"\n\n[review]\nlease_minutes = 0\n";
        assert_eq!(line_of_key(text, "review.lease_minutes"), Some(5));
        assert_eq!(line_of_key(text, "server.lease_minutes"), None);
        assert_eq!(line_of_key("review.lease_minutes = 1\n", "review.lease_minutes"), Some(1));
    }
}
