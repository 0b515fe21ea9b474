//! A missing font is a typed error naming what was looked at and the package to install. In its
//! own test binary because it sets the process-wide `REVIEWDESK_CJK_FONT`.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use chrono::NaiveDate;
use reviewdesk_synthetic::{Generator, GeneratorConfig, SyntheticError, FONT_ENV_VAR};

fn config() -> GeneratorConfig {
    GeneratorConfig::new(1, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap())
}

#[test]
fn a_font_override_pointing_nowhere_is_a_typed_error() {
    let missing = PathBuf::from("/nonexistent/reviewdesk/NotoSansCJK-Regular.ttc");
    std::env::set_var(FONT_ENV_VAR, &missing);
    let from_env = Generator::new(config());
    let mut explicit = config();
    explicit.font_path = Some(PathBuf::from("/nonexistent/other.otf"));
    let from_config = Generator::new(explicit);
    std::env::remove_var(FONT_ENV_VAR);

    match from_env {
        Err(error @ SyntheticError::FontNotFound { .. }) => {
            let message = error.to_string();
            assert!(message.contains("fonts-noto-cjk"), "{message}");
            assert!(message.contains(FONT_ENV_VAR), "{message}");
            assert!(
                matches!(error, SyntheticError::FontNotFound { searched } if searched == vec![missing])
            );
        }
        other => panic!("expected FontNotFound, got {other:?}"),
    }
    // The configuration's path comes first, and is not silently replaced either.
    assert!(matches!(
        from_config,
        Err(SyntheticError::FontNotFound { searched }) if searched == vec![PathBuf::from("/nonexistent/other.otf")]
    ));
}
