//! Bounded decoding: the byte limit, the JPEG signature and the declared dimensions are checked
//! before any pixel is decoded (no decompression bombs); the decoder itself is limited in width,
//! height and scans (progressive JPEGs), decodes straight to grey, and must produce exactly the
//! declared dimensions; data without its end-of-image marker is truncated and refused. The EXIF orientation tag is read from the APP1 segment; an unreadable
//! one is reported, not fatal.

use std::io::Cursor;

use image::metadata::Orientation as ExifOrientation;
use image::GrayImage;
use zune_core::colorspace::ColorSpace;
use zune_core::options::DecoderOptions;
use zune_jpeg::JpegDecoder;

use crate::config::CheckConfig;
use crate::error::ImagingError;
use crate::jpeg_header::read_dimensions;

/// The most scans a progressive JPEG may have (real encoders write about 10).
const MAX_SCANS: usize = 64;

/// A decoded photo.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The stored pixels, in grey, without the EXIF orientation applied.
    pub grey: GrayImage,
    /// The EXIF orientation tag (1–8) when the file has a readable one.
    pub exif_orientation: Option<u8>,
    /// The file has an EXIF segment whose orientation could not be read.
    pub exif_unreadable: bool,
}

/// Checks the limits, then decodes `bytes` to grey.
pub fn decode(bytes: &[u8], config: &CheckConfig) -> Result<Decoded, ImagingError> {
    if bytes.len() > config.max_bytes {
        return Err(ImagingError::TooLarge { bytes: bytes.len(), limit: config.max_bytes });
    }
    let declared = read_dimensions(bytes)?;
    let (width, height) = (declared.width, declared.height);
    if width > config.max_side
        || height > config.max_side
        || u64::from(width) * u64::from(height) > config.max_pixels
    {
        return Err(ImagingError::DimensionsTooLarge { width, height });
    }
    // One byte per grey pixel; the decoder's own working memory is of the same order.
    if u64::from(width) * u64::from(height) * 4 > config.max_decode_bytes {
        return Err(ImagingError::DimensionsTooLarge { width, height });
    }
    // The decoder fills a truncated scan with grey instead of failing: refuse it here. Inside
    // the entropy-coded data every 0xFF is followed by 0x00 or a restart marker, so an FF D9 after
    // the last scan header can only be the end-of-image marker (the last one: an EXIF thumbnail
    // is a whole JPEG inside an earlier segment).
    let scan = bytes.windows(2).rposition(|pair| pair == [0xFF, 0xDA]);
    let end = bytes.windows(2).rposition(|pair| pair == [0xFF, 0xD9]);
    if !matches!((scan, end), (Some(scan), Some(end)) if end > scan) {
        return Err(ImagingError::Truncated);
    }
    let options = DecoderOptions::default()
        .set_max_width(width as usize)
        .set_max_height(height as usize)
        .set_strict_mode(true)
        .jpeg_set_max_scans(MAX_SCANS)
        .jpeg_set_out_colorspace(ColorSpace::Luma);
    let mut decoder = JpegDecoder::new_with_options(Cursor::new(bytes), options);
    let pixels = decoder.decode().map_err(|error| ImagingError::Corrupt(format!("{error:?}")))?;
    let decoded = decoder
        .info()
        .map(|info| (u32::from(info.width), u32::from(info.height)))
        .unwrap_or((0, 0));
    if decoded != (width, height) {
        return Err(ImagingError::DimensionsDisagree { declared: (width, height), decoded });
    }
    let (exif_orientation, exif_unreadable) = match decoder.exif() {
        None => (None, false),
        Some(chunk) => match ExifOrientation::from_exif_chunk(chunk) {
            Some(orientation) => (Some(orientation.to_exif()), false),
            // A valid TIFF header without an orientation entry is an ordinary EXIF block.
            None => (None, !matches!(chunk.get(..4), Some(b"II*\0") | Some(b"MM\0*"))),
        },
    };
    let grey = GrayImage::from_raw(width, height, pixels).ok_or_else(|| {
        ImagingError::Corrupt("the decoder returned fewer pixels than declared".to_owned())
    })?;
    Ok(Decoded { grey, exif_orientation, exif_unreadable })
}
