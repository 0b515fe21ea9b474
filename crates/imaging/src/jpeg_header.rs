//! A JPEG's dimensions read from its frame header (SOF marker) without decoding a single pixel,
//! so a decompression bomb (a tiny file claiming 60000×60000) is refused before anything is
//! allocated for it: at intake (the server) and before decoding (the checks); and where the image
//! ends ([`image_end`]), so intake keeps no bytes appended after it (an HTML page, a script).
//! The forensic hints read the header too: the quantization tables ([`quantization_tables`])
//! and the EXIF block ([`exif_block`]). Total: any byte string gives an answer, never a panic.

/// Width and height in pixels, as the frame header declares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dimensions {
    pub width: u32,
    pub height: u32,
}

impl Dimensions {
    pub fn pixels(self) -> u64 {
        u64::from(self.width) * u64::from(self.height)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum JpegError {
    /// Does not start with the JPEG start-of-image marker.
    #[error("not a JPEG file")]
    NotJpeg,
    /// Starts like a JPEG but has no readable frame header before the image data.
    #[error("no readable JPEG frame header")]
    NoFrameHeader,
    /// The frame header declares a zero width or height.
    #[error("the JPEG frame header declares an empty image")]
    EmptyImage,
}

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

/// Reads the dimensions from the first frame header.
pub fn read_dimensions(bytes: &[u8]) -> Result<Dimensions, JpegError> {
    for segment in HeaderSegments::new(bytes)? {
        let (marker, payload) = segment?;
        if is_start_of_frame(marker) {
            // Precision (1), height (2), width (2).
            let height = be16(payload, 1).ok_or(JpegError::NoFrameHeader)?;
            let width = be16(payload, 3).ok_or(JpegError::NoFrameHeader)?;
            if width == 0 || height == 0 {
                return Err(JpegError::EmptyImage);
            }
            return Ok(Dimensions { width: width.into(), height: height.into() });
        }
    }
    // End of image, or image data before any frame header.
    Err(JpegError::NoFrameHeader)
}

/// Where the image ends: the offset just past its end-of-image marker (EOI), found by walking
/// the segments and, after each start of scan, the entropy-coded data (where a 0xFF byte is
/// followed by 0x00 or a restart marker) — so an embedded thumbnail's EOI inside an APP segment
/// is skipped. `None`: not a JPEG, or it ends before its EOI (truncated).
pub fn image_end(bytes: &[u8]) -> Option<usize> {
    if bytes.get(..2) != Some(&[0xFF, 0xD8]) {
        return None;
    }
    let mut at = 2;
    loop {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        while bytes.get(at) == Some(&0xFF) {
            at += 1;
        }
        let marker = *bytes.get(at)?;
        at += 1;
        if marker == 0xD9 {
            return Some(at);
        }
        if is_standalone(marker) {
            continue;
        }
        let length = usize::from(be16(bytes, at)?);
        if length < 2 {
            return None;
        }
        at = at.checked_add(length)?;
        if marker == 0xDA {
            // Entropy-coded data up to the next marker that is not a stuffed byte or a restart.
            loop {
                let next = at + bytes.get(at..)?.iter().position(|&byte| byte == 0xFF)?;
                match *bytes.get(next + 1)? {
                    0x00 | 0xD0..=0xD7 | 0xFF => at = next + 1,
                    _ => {
                        at = next;
                        break;
                    }
                }
            }
        }
    }
}

/// One quantization table as stored (DQT): its slot (0–3) and its 64 values in zigzag order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuantTable {
    pub slot: u8,
    pub values: [u16; 64],
}

/// The marker segments before the image data (SOS) or the end of image, in order, as
/// `(marker, payload after the length)`: the one walk of the header that the readers here share.
/// A segment whose length field is short or runs past the end is an error, and the walk stops.
struct HeaderSegments<'a> {
    bytes: &'a [u8],
    at: usize,
    done: bool,
}

impl<'a> HeaderSegments<'a> {
    fn new(bytes: &'a [u8]) -> Result<HeaderSegments<'a>, JpegError> {
        if bytes.get(..3) != Some(&[0xFF, 0xD8, 0xFF]) {
            return Err(JpegError::NotJpeg);
        }
        Ok(HeaderSegments { bytes, at: 2, done: false })
    }

    fn segment(&mut self) -> Result<Option<(u8, &'a [u8])>, JpegError> {
        let bytes = self.bytes;
        loop {
            if bytes.get(self.at) != Some(&0xFF) {
                return Err(JpegError::NoFrameHeader);
            }
            // Any number of 0xFF fill bytes may precede a marker.
            while bytes.get(self.at) == Some(&0xFF) {
                self.at += 1;
            }
            let marker = *bytes.get(self.at).ok_or(JpegError::NoFrameHeader)?;
            self.at += 1;
            if is_standalone(marker) {
                continue;
            }
            if marker == 0xDA || marker == 0xD9 || marker == 0x00 {
                return Ok(None);
            }
            let length = usize::from(be16(bytes, self.at).ok_or(JpegError::NoFrameHeader)?);
            if length < 2 {
                return Err(JpegError::NoFrameHeader);
            }
            let payload =
                bytes.get(self.at + 2..self.at + length).ok_or(JpegError::NoFrameHeader)?;
            self.at += length;
            return Ok(Some((marker, payload)));
        }
    }
}

impl<'a> Iterator for HeaderSegments<'a> {
    type Item = Result<(u8, &'a [u8]), JpegError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = self.segment().transpose();
        self.done = !matches!(next, Some(Ok(_)));
        next
    }
}

/// The quantization tables the header defines, in the order defined (a later table in the same
/// slot replaces an earlier one when decoding; both are listed).
pub fn quantization_tables(bytes: &[u8]) -> Result<Vec<QuantTable>, JpegError> {
    let mut tables = Vec::new();
    for segment in HeaderSegments::new(bytes)? {
        let (marker, payload) = segment?;
        if marker != 0xDB {
            continue;
        }
        let mut rest = payload;
        while let Some((&info, after)) = rest.split_first() {
            let wide = info >> 4 == 1;
            let size = if wide { 128 } else { 64 };
            let Some(data) = after.get(..size) else { break };
            let mut values = [0u16; 64];
            for (k, value) in values.iter_mut().enumerate() {
                *value = if wide {
                    u16::from_be_bytes([data[2 * k], data[2 * k + 1]])
                } else {
                    u16::from(data[k])
                };
            }
            tables.push(QuantTable { slot: info & 0x0F, values });
            rest = &after[size..];
        }
    }
    Ok(tables)
}

/// The TIFF data of the first EXIF block (an APP1 segment starting `Exif\0\0`), if any.
pub fn exif_block(bytes: &[u8]) -> Option<&[u8]> {
    HeaderSegments::new(bytes).ok()?.map_while(Result::ok).find_map(|(marker, payload)| {
        (marker == 0xE1).then_some(payload)?.strip_prefix(b"Exif\0\0")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SOI, an APP0 segment, then a baseline frame header of `width`×`height`.
    fn header(width: u16, height: u16) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, b'J', b'F'];
        bytes.extend([0xFF, 0xFF, 0xC0, 0x00, 0x0B, 0x08]);
        bytes.extend(height.to_be_bytes());
        bytes.extend(width.to_be_bytes());
        bytes.extend([0x01, 0x01, 0x11, 0x00]);
        bytes
    }

    #[test]
    fn reads_the_frame_header_after_other_segments_and_fill_bytes() {
        assert_eq!(read_dimensions(&header(640, 480)), Ok(Dimensions { width: 640, height: 480 }));
        assert_eq!(
            read_dimensions(&header(60000, 60000)).map(Dimensions::pixels),
            Ok(3_600_000_000)
        );
    }

    #[test]
    fn refuses_what_is_not_a_readable_jpeg() {
        assert_eq!(read_dimensions(b"\x89PNG\r\n\x1a\n"), Err(JpegError::NotJpeg));
        assert_eq!(read_dimensions(b""), Err(JpegError::NotJpeg));
        assert_eq!(read_dimensions(&[0xFF, 0xD8, 0xFF]), Err(JpegError::NoFrameHeader));
        assert_eq!(read_dimensions(&header(0, 480)), Err(JpegError::EmptyImage));
        let truncated = &header(640, 480)[..14];
        assert_eq!(read_dimensions(truncated), Err(JpegError::NoFrameHeader));
        // Image data (SOS) before any frame header.
        assert_eq!(
            read_dimensions(&[0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02]),
            Err(JpegError::NoFrameHeader)
        );
    }

    /// A whole small image: SOI, a frame header, a scan with a stuffed byte and a restart
    /// marker in its data, EOI.
    fn whole(width: u16, height: u16) -> Vec<u8> {
        let mut bytes = header(width, height);
        bytes.extend([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
        bytes.extend([0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD3, 0x56]);
        bytes.extend([0xFF, 0xD9]);
        bytes
    }

    #[test]
    fn finds_the_end_of_the_image_past_stuffed_bytes_restarts_and_thumbnails() {
        let image = whole(640, 480);
        assert_eq!(image_end(&image), Some(image.len()));
        let mut appended = image.clone();
        appended.extend(b"<html><script>alert(1)</script></html>");
        assert_eq!(image_end(&appended), Some(image.len()));
        // An EXIF-like APP1 segment holding a whole thumbnail (with its own EOI) comes first.
        let mut with_thumbnail = vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x06, 0xFF, 0xD8, 0xFF, 0xD9];
        with_thumbnail.extend(&image[2..]);
        assert_eq!(image_end(&with_thumbnail), Some(with_thumbnail.len()));
        // Truncated before its EOI, or not a JPEG.
        assert_eq!(image_end(&image[..image.len() - 2]), None);
        assert_eq!(image_end(b"GIF89a"), None);
    }

    #[test]
    fn never_panics_on_any_prefix_or_corruption() {
        let good = header(640, 480);
        for end in 0..good.len() {
            let _ = read_dimensions(&good[..end]);
        }
        let whole = whole(640, 480);
        for end in 0..whole.len() {
            let _ = image_end(&whole[..end]);
        }
        for at in 0..whole.len() {
            for value in [0x00, 0x01, 0xD9, 0xDA, 0xFF] {
                let mut bad = whole.clone();
                bad[at] = value;
                let _ = image_end(&bad);
            }
        }
        for end in 0..whole.len() {
            let _ = quantization_tables(&whole[..end]);
            let _ = exif_block(&whole[..end]);
        }
        for at in 0..good.len() {
            for value in [0x00, 0x01, 0xC0, 0xD9, 0xDB, 0xFF] {
                let mut bad = good.clone();
                bad[at] = value;
                let _ = read_dimensions(&bad);
                let _ = quantization_tables(&bad);
            }
        }
    }
}
