//! Finding and loading the CJK font the documents are printed in: Noto Sans CJK, Simplified
//! Chinese face (index 2 of the `.ttc` collections, whose faces are JP, KR, SC, TC, HK), regular
//! and bold. Looked up in order: the configuration's path, the `REVIEWDESK_CJK_FONT` environment
//! variable, then the places distributions install it (Debian's `fonts-noto-cjk` first). An
//! explicitly named file that does not exist is an error, never a silent fallback.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use ab_glyph::{Font, FontVec};

use crate::error::SyntheticError;

/// The environment variable that names the font file to use.
pub const FONT_ENV_VAR: &str = "REVIEWDESK_CJK_FONT";

/// Where distributions put a regular-weight CJK font, most likely first.
const KNOWN_PATHS: [&str; 6] = [
    // Debian, Ubuntu: fonts-noto-cjk.
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    // Arch: noto-fonts-cjk.
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    // Fedora: google-noto-sans-cjk-fonts.
    "/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    // Debian's single-face SC file, when installed alone.
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    // Windows: Microsoft YaHei.
    "C:\\Windows\\Fonts\\msyh.ttc",
];

/// The index of the Simplified Chinese face in the Noto Sans CJK collections.
const NOTO_CJK_SC_FACE: u32 = 2;

/// Characters every document prints; a font without them cannot be used.
const REQUIRED_CHARACTERS: &str =
    "姓名性别民族出生住址公民身份号码中华人民共和国居签发机关有效期限长";

/// The two weights the documents use.
pub(crate) struct CardFonts {
    pub(crate) regular: FontVec,
    pub(crate) bold: FontVec,
}

impl std::fmt::Debug for CardFonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardFonts").finish_non_exhaustive()
    }
}

impl CardFonts {
    /// Finds and loads the fonts: `explicit` (the configuration's path) first, then the
    /// environment variable, then [`KNOWN_PATHS`]. The bold weight is the regular file's
    /// `Regular` → `Bold` sibling when it exists, else the regular font again.
    pub(crate) fn load(explicit: Option<&Path>) -> Result<CardFonts, SyntheticError> {
        let path = locate(explicit, std::env::var_os(FONT_ENV_VAR))?;
        let regular = load_face(&path)?;
        let bold = match bold_sibling(&path) {
            Some(bold_path) => load_face(&bold_path)?,
            None => load_face(&path)?,
        };
        Ok(CardFonts { regular, bold })
    }

    /// The regular or bold font.
    pub(crate) fn get(&self, bold: bool) -> &FontVec {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }
}

/// The font file to use; a named file (configuration or environment) must exist.
fn locate(explicit: Option<&Path>, from_env: Option<OsString>) -> Result<PathBuf, SyntheticError> {
    let named = explicit
        .map(Path::to_path_buf)
        .or_else(|| from_env.filter(|value| !value.is_empty()).map(PathBuf::from));
    if let Some(path) = named {
        return if path.is_file() {
            Ok(path)
        } else {
            Err(SyntheticError::FontNotFound { searched: vec![path] })
        };
    }
    let candidates: Vec<PathBuf> = KNOWN_PATHS.iter().map(PathBuf::from).collect();
    candidates
        .iter()
        .find(|path| path.is_file())
        .cloned()
        .ok_or(SyntheticError::FontNotFound { searched: candidates })
}

/// The face to use in a file: the SC face of a Noto Sans CJK collection, else the first.
fn face_index(path: &Path) -> u32 {
    let name =
        path.file_name().map(|name| name.to_string_lossy().to_lowercase()).unwrap_or_default();
    if name.starts_with("notosanscjk-") && name.ends_with(".ttc") {
        NOTO_CJK_SC_FACE
    } else {
        0
    }
}

/// `…-Regular.…` → `…-Bold.…` beside it, when that file exists.
fn bold_sibling(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    if !name.contains("Regular") {
        return None;
    }
    let sibling = path.with_file_name(name.replace("Regular", "Bold"));
    sibling.is_file().then_some(sibling)
}

fn load_face(path: &Path) -> Result<FontVec, SyntheticError> {
    let data = std::fs::read(path)
        .map_err(|source| SyntheticError::FontUnreadable { path: path.to_path_buf(), source })?;
    let index = face_index(path);
    let font = FontVec::try_from_vec_and_index(data, index)
        .map_err(|_| SyntheticError::FontInvalid { path: path.to_path_buf(), index })?;
    let missing: String =
        REQUIRED_CHARACTERS.chars().filter(|c| font.glyph_id(*c).0 == 0).collect();
    if !missing.is_empty() {
        return Err(SyntheticError::FontLacksGlyphs { path: path.to_path_buf(), missing });
    }
    Ok(font)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_file_that_does_not_exist_is_an_error_naming_it() {
        let missing = PathBuf::from("/nonexistent/font.ttc");
        let error = locate(Some(&missing), None).expect_err("missing");
        assert!(
            matches!(&error, SyntheticError::FontNotFound { searched } if searched == &vec![missing.clone()])
        );
        assert!(error.to_string().contains("fonts-noto-cjk"));
        let from_env =
            locate(None, Some(OsString::from("/nonexistent/env.otf"))).expect_err("missing");
        assert!(from_env.to_string().contains("/nonexistent/env.otf"));
    }

    #[test]
    fn face_indices_and_bold_siblings() {
        assert_eq!(face_index(Path::new("/x/NotoSansCJK-Regular.ttc")), 2);
        assert_eq!(face_index(Path::new("/x/NotoSansCJKsc-Regular.otf")), 0);
        assert_eq!(face_index(Path::new("/x/msyh.ttc")), 0);
        assert_eq!(bold_sibling(Path::new("/nonexistent/NotoSansCJK-Regular.ttc")), None);
    }

    #[test]
    fn a_file_that_is_not_a_font_is_refused() {
        let path =
            std::env::temp_dir().join(format!("reviewdesk-not-a-font-{}.ttc", std::process::id()));
        std::fs::write(&path, b"not a font").expect("temp file");
        let result = load_face(&path);
        let _ = std::fs::remove_file(&path);
        assert!(matches!(result, Err(SyntheticError::FontInvalid { .. })));
    }
}
