//! A JPEG's declared dimensions, read from its frame header (SOF marker) without decoding a
//! pixel, so a decompression bomb (a tiny file claiming 60000×60000) is refused before anything
//! is allocated for it. Total: any byte string gives `Ok` or `Err`, never a panic.

use crate::error::ImagingError;

/// Start-of-frame markers (baseline, progressive, lossless, arithmetic): all but DHT (C4),
/// JPG (C8) and DAC (CC), which share the range.
fn is_start_of_frame(marker: u8) -> bool {
    matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC)
}

/// Markers that stand alone, without a length: TEM and RST0–RST7.
fn is_standalone(marker: u8) -> bool {
    marker == 0x01 || (0xD0..=0xD7).contains(&marker)
}

fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*bytes.get(at)?, *bytes.get(at.checked_add(1)?)?]))
}

/// Width and height from the first frame header.
pub fn declared_dimensions(bytes: &[u8]) -> Result<(u32, u32), ImagingError> {
    if bytes.get(..3) != Some(&[0xFF, 0xD8, 0xFF]) {
        return Err(ImagingError::NotJpeg);
    }
    let mut at = 2usize;
    loop {
        if bytes.get(at) != Some(&0xFF) {
            return Err(ImagingError::NoFrameHeader);
        }
        while bytes.get(at) == Some(&0xFF) {
            at += 1;
        }
        let marker = *bytes.get(at).ok_or(ImagingError::NoFrameHeader)?;
        at += 1;
        if is_standalone(marker) {
            continue;
        }
        if matches!(marker, 0xD9 | 0xDA | 0x00) {
            return Err(ImagingError::NoFrameHeader);
        }
        let length = usize::from(be16(bytes, at).ok_or(ImagingError::NoFrameHeader)?);
        if length < 2 {
            return Err(ImagingError::NoFrameHeader);
        }
        if is_start_of_frame(marker) {
            let height = be16(bytes, at + 3).ok_or(ImagingError::NoFrameHeader)?;
            let width = be16(bytes, at + 5).ok_or(ImagingError::NoFrameHeader)?;
            if width == 0 || height == 0 {
                return Err(ImagingError::EmptyImage);
            }
            return Ok((width.into(), height.into()));
        }
        at += length;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(width: u16, height: u16) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, b'J', b'F'];
        bytes.extend([0xFF, 0xFF, 0xC0, 0x00, 0x0B, 0x08]);
        bytes.extend(height.to_be_bytes());
        bytes.extend(width.to_be_bytes());
        bytes.extend([0x01, 0x01, 0x11, 0x00]);
        bytes
    }

    #[test]
    fn reads_and_refuses() {
        assert_eq!(declared_dimensions(&header(640, 480)).ok(), Some((640, 480)));
        assert!(matches!(declared_dimensions(b"GIF89a"), Err(ImagingError::NotJpeg)));
        assert!(matches!(declared_dimensions(&header(0, 5)), Err(ImagingError::EmptyImage)));
        let good = header(640, 480);
        // Cut anywhere before the end of the width field: no dimensions.
        for end in 0..18 {
            assert!(declared_dimensions(&good[..end]).is_err(), "{end}");
        }
        assert_eq!(declared_dimensions(&good[..18]).ok(), Some((640, 480)));
    }
}
