//! Environment overrides: `REVIEWDESK__SECTION__KEY=value` sets `key` of `[section]` (both
//! case-insensitive, so `REVIEWDESK__REVIEW__LEASE_MINUTES=20`). The value is read as a TOML value
//! (`20`, `0.1`, `true`, `"text"`); anything that is not one is taken as a string, so
//! `REVIEWDESK__SERVER__LISTEN=0.0.0.0:8740` needs no quotes. A variable with the prefix that
//! names no setting is refused: a typo never passes silently. Other variables are ignored.

use super::{ConfigError, ServerConfig};

/// The prefix of the variables read.
pub const PREFIX: &str = "REVIEWDESK__";

/// Sets every `REVIEWDESK__…` variable among `vars` in `table` (the file's keys), each checked
/// on its own first so that a bad one is named.
pub fn apply(
    table: &mut toml::Table,
    vars: impl IntoIterator<Item = (String, String)>,
) -> Result<(), ConfigError> {
    let mut vars: Vec<(String, String)> =
        vars.into_iter().filter(|(name, _)| name.starts_with(PREFIX)).collect();
    vars.sort();
    for (var, raw) in vars {
        let bad = |message: String| ConfigError::Env { var: var.clone(), message };
        let rest = &var[PREFIX.len()..];
        let Some((section, key)) = rest.split_once("__") else {
            return Err(bad("expected REVIEWDESK__SECTION__KEY".to_owned()));
        };
        let (section, key) = (section.to_ascii_lowercase(), key.to_ascii_lowercase());
        let value = toml_value(&raw);
        let mut single = toml::Table::new();
        let mut inner = toml::Table::new();
        inner.insert(key.clone(), value.clone());
        single.insert(section.clone(), toml::Value::Table(inner));
        let alone: ServerConfig = single
            .try_into()
            .map_err(|error: toml::de::Error| bad(error.message().trim().to_owned()))?;
        alone.validate().map_err(|error| match error {
            ConfigError::Invalid { message, .. } => bad(message),
            other => other,
        })?;
        let entry =
            table.entry(section.clone()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
        match entry {
            toml::Value::Table(inner) => {
                inner.insert(key, value);
            }
            _ => return Err(bad(format!("[{section}] is not a section in the file"))),
        }
    }
    Ok(())
}

/// `raw` as a TOML value, or as a string when it is not one.
fn toml_value(raw: &str) -> toml::Value {
    toml::from_str::<toml::Table>(&format!("v = {raw}"))
        .ok()
        .and_then(|mut table| table.remove("v"))
        .unwrap_or_else(|| toml::Value::String(raw.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn variables_override_and_typos_are_named() {
        let config = ServerConfig::load(
            None,
            vars(&[
                ("REVIEWDESK__SERVER__LISTEN", "0.0.0.0:9000"),
                ("REVIEWDESK__REVIEW__QA_SHARE_APPROVED", "0.2"),
                ("REVIEWDESK_EXTRA_CA", "/not/ours"),
            ]),
        )
        .expect("valid");
        assert_eq!(config.server.listen.port(), 9000);
        assert!((config.review.qa_share_approved - 0.2).abs() < 1e-12);

        let error = ServerConfig::load(None, vars(&[("REVIEWDESK__REVIEW__LEASE_MINUTE", "5")]))
            .expect_err("unknown key");
        assert!(error.to_string().contains("REVIEWDESK__REVIEW__LEASE_MINUTE"), "{error}");
        let error =
            ServerConfig::load(None, vars(&[("REVIEWDESK__REVIEW__QA_SHARE_REJECTED", "2")]))
                .expect_err("out of range");
        assert!(error.to_string().contains("between 0 and 1"), "{error}");
    }
}
