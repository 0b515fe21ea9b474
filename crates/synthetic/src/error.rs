//! [`SyntheticError`]: everything that can stop generation (a bad configuration, a missing or
//! unusable font, a photo that cannot be encoded within the byte limit).

use std::path::PathBuf;

use crate::applicant::Side;

/// Why generation could not proceed.
#[derive(Debug, thiserror::Error)]
pub enum SyntheticError {
    /// A configured province code is not a mainland province.
    #[error("unknown province code {code:?}: expected a two-digit mainland province code such as \"11\" or \"44\"")]
    UnknownProvince { code: String },
    /// A configuration field is out of range.
    #[error("invalid generator configuration: {field}: {reason}")]
    InvalidConfig { field: &'static str, reason: String },
    /// No font file exists at any place looked at.
    #[error(
        "no CJK font found (looked at: {}); install the Debian package fonts-noto-cjk, or set \
         REVIEWDESK_CJK_FONT to a Noto Sans CJK SC font file",
        .searched.iter().map(|path| path.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    FontNotFound { searched: Vec<PathBuf> },
    /// The font file exists but cannot be read.
    #[error("cannot read the font file {}: {source}", .path.display())]
    FontUnreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is not a font, or has no face at the index used.
    #[error("{} is not a usable font (face {index}); install fonts-noto-cjk or point REVIEWDESK_CJK_FONT at a Noto Sans CJK SC font", .path.display())]
    FontInvalid { path: PathBuf, index: u32 },
    /// The font has no glyph for characters the cards print.
    #[error("the font {} has no glyph for {missing:?}: use a Chinese font such as Noto Sans CJK SC (Debian package fonts-noto-cjk)", .path.display())]
    FontLacksGlyphs { path: PathBuf, missing: String },
    /// The JPEG encoder failed.
    #[error("cannot encode the {side} photo as JPEG: {source}")]
    JpegEncoding {
        side: Side,
        #[source]
        source: image::ImageError,
    },
    /// Even the lowest quality tried is over the byte limit.
    #[error("the {side} photo is {bytes} bytes even at JPEG quality {quality}, over the limit of {limit} bytes")]
    JpegOverLimit { side: Side, bytes: usize, quality: u8, limit: usize },
}
