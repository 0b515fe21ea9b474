//! [`ImagingError`]: why a photo could not be checked. Each has a stable `code` (API: never
//! renamed) and a Chinese message a reviewer can read.

/// Why a photo could not be checked at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImagingError {
    #[error("{bytes} bytes is over the limit of {limit}")]
    TooLarge { bytes: usize, limit: usize },
    #[error("not a JPEG file")]
    NotJpeg,
    #[error("no readable JPEG frame header")]
    NoFrameHeader,
    #[error("the JPEG frame header declares an empty image")]
    EmptyImage,
    #[error("declared dimensions {width}×{height} are over the limits")]
    DimensionsTooLarge { width: u32, height: u32 },
    #[error("the JPEG data ends before its end-of-image marker")]
    Truncated,
    #[error("the JPEG data is corrupt: {0}")]
    Corrupt(String),
    #[error("decoded {decoded:?} but the header declared {declared:?}")]
    DimensionsDisagree { declared: (u32, u32), decoded: (u32, u32) },
    #[error("the OCR engine could not start: {0}")]
    OcrUnavailable(String),
}

impl ImagingError {
    /// The stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            ImagingError::TooLarge { .. } => "image_too_large",
            ImagingError::NotJpeg => "not_jpeg",
            ImagingError::NoFrameHeader | ImagingError::EmptyImage => "image_unreadable",
            ImagingError::DimensionsTooLarge { .. } => "image_dimensions_too_large",
            ImagingError::Truncated => "image_truncated",
            ImagingError::Corrupt(_) => "image_corrupt",
            ImagingError::DimensionsDisagree { .. } => "image_dimensions_disagree",
            ImagingError::OcrUnavailable(_) => "ocr_unavailable",
        }
    }

    /// The message a reviewer reads.
    pub fn message_zh(&self) -> String {
        match self {
            ImagingError::TooLarge { bytes, limit } => {
                format!("照片 {bytes} 字节，超过上限 {limit} 字节")
            }
            ImagingError::NotJpeg => "照片不是 JPG 格式".to_owned(),
            ImagingError::NoFrameHeader | ImagingError::EmptyImage => {
                "照片已损坏，无法读取尺寸".to_owned()
            }
            ImagingError::DimensionsTooLarge { width, height } => {
                format!("照片尺寸 {width}×{height} 超过上限，未解码")
            }
            ImagingError::Truncated => "照片文件不完整（数据被截断）".to_owned(),
            ImagingError::Corrupt(_) => "照片数据已损坏，无法解码".to_owned(),
            ImagingError::DimensionsDisagree { declared, decoded } => format!(
                "照片声明尺寸 {}×{} 与实际 {}×{} 不符",
                declared.0, declared.1, decoded.0, decoded.1
            ),
            ImagingError::OcrUnavailable(_) => "文字识别引擎不可用，未判断方向与证件面".to_owned(),
        }
    }
}

impl From<crate::jpeg_header::JpegError> for ImagingError {
    fn from(error: crate::jpeg_header::JpegError) -> Self {
        use crate::jpeg_header::JpegError;
        match error {
            JpegError::NotJpeg => ImagingError::NotJpeg,
            JpegError::NoFrameHeader => ImagingError::NoFrameHeader,
            JpegError::EmptyImage => ImagingError::EmptyImage,
        }
    }
}
