//! Where the card is in a photo, found cheaply: on a thumbnail (long side [`THUMB_SIDE`] px),
//! blocks dense in strong edges both across and along are the printed text, the portrait and
//! the emblem (smooth walls, skin and cloth have few strong edges; a straight table edge has
//! them in one direction only); the card-shaped window that is densest in them is the card. The
//! box is padded by a block. A photo that is itself card-shaped is the document edge to edge and
//! kept whole, as is one where nothing is dense.

use image::{imageops, GrayImage};

/// The thumbnail's long side, in pixels.
pub const THUMB_SIDE: u32 = 400;
/// Edge blocks are this many thumbnail pixels square.
const BLOCK: u32 = 8;
/// A pixel is on an edge when |dx| + |dy| (central differences) exceeds this.
const EDGE: i16 = 32;
/// A block is dense when this share of its pixels are edges across, and as many along.
const DENSE: f32 = 0.08;
/// A photo this shape (long side over short) is a document edge to edge, as the portrait and
/// emblem sides are uploaded (ID-1 cards 1.585, booklet pages 1.42); camera photos are 4:3 or
/// longer.
const CARD_SHAPED: std::ops::RangeInclusive<f32> = 1.38..=1.8;
/// Width over height of an ID-1 card (booklet pages, 1.42, fit with the padding).
const CARD_ASPECT: f32 = 1.585;
/// A window pays this many dense blocks per block of area (print covers a card more densely).
const DENSITY: f32 = 0.15;

/// A rectangle in pixels: left, top, width, height.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

impl Region {
    /// The whole of an image.
    pub fn whole(image: &GrayImage) -> Region {
        Region { x: 0, y: 0, width: image.width(), height: image.height() }
    }

    /// Wider than tall (or square).
    pub fn is_landscape(&self) -> bool {
        self.width >= self.height
    }

    /// This region's pixels.
    pub fn crop(&self, image: &GrayImage) -> GrayImage {
        imageops::crop_imm(image, self.x, self.y, self.width, self.height).to_image()
    }
}

/// The card's region in `image` (the whole image when no dense group is found).
pub fn locate(image: &GrayImage) -> Region {
    let (width, height) = image.dimensions();
    let photo_aspect = width.max(height) as f32 / width.min(height).max(1) as f32;
    if width < 2 * BLOCK || height < 2 * BLOCK || CARD_SHAPED.contains(&photo_aspect) {
        return Region::whole(image);
    }
    let scale = (THUMB_SIDE as f32 / width.max(height) as f32).min(1.0);
    let thumb = if scale < 1.0 {
        let w = ((width as f32 * scale).round() as u32).max(1);
        let h = ((height as f32 * scale).round() as u32).max(1);
        imageops::thumbnail(image, w, h)
    } else {
        image.clone()
    };
    let dense = dense_blocks(&thumb);
    let Some([x0, y0, x1, y1]) = densest_card_window(&dense) else {
        return Region::whole(image);
    };
    // Back to the photo's pixels, padded by one block on each side.
    let to_photo = |blocks: u32| (blocks as f32 * BLOCK as f32 / scale).round() as u32;
    let left = to_photo(x0.saturating_sub(1)).min(width - 1);
    let top = to_photo(y0.saturating_sub(1)).min(height - 1);
    let right = to_photo(x1 + 2).clamp(left + 1, width);
    let bottom = to_photo(y1 + 2).clamp(top + 1, height);
    Region { x: left, y: top, width: right - left, height: bottom - top }
}

/// The grid of dense blocks, row by row.
struct Grid {
    columns: u32,
    rows: u32,
    dense: Vec<bool>,
}

fn dense_blocks(thumb: &GrayImage) -> Grid {
    let (width, height) = thumb.dimensions();
    let columns = width / BLOCK;
    let rows = height / BLOCK;
    // Edge pixels across (|dx|) and along (|dy|), per block: a straight line (a table edge, a
    // card border) has only one kind, print has both.
    let mut across = vec![0u32; (columns * rows) as usize];
    let mut along = vec![0u32; (columns * rows) as usize];
    let pixels = thumb.as_raw();
    let w = width as usize;
    for y in 1..(rows * BLOCK).min(height - 1) as usize {
        for x in 1..(columns * BLOCK).min(width - 1) as usize {
            let at = |x: usize, y: usize| i16::from(pixels[y * w + x]);
            let block = (y / BLOCK as usize) * columns as usize + x / BLOCK as usize;
            if (at(x + 1, y) - at(x - 1, y)).abs() > EDGE {
                across[block] += 1;
            }
            if (at(x, y + 1) - at(x, y - 1)).abs() > EDGE {
                along[block] += 1;
            }
        }
    }
    let needed = (DENSE * (BLOCK * BLOCK) as f32) as u32;
    let dense = across.into_iter().zip(along).map(|(a, b)| a >= needed && b >= needed).collect();
    Grid { columns, rows, dense }
}

/// The card-shaped window (aspect [`CARD_ASPECT`], landscape or portrait, any size from a
/// quarter of the photo up) that best trades dense blocks for area: the most dense blocks
/// minus [`DENSITY`] per block of area. Print fills a card densely; a face, hands or furniture
/// next to it add area faster than dense blocks, so they stay out. `[x0, y0, x1, y1]` inclusive,
/// in blocks; `None` when no block is dense.
fn densest_card_window(grid: &Grid) -> Option<[u32; 4]> {
    let (columns, rows) = (grid.columns as usize, grid.rows as usize);
    if !grid.dense.iter().any(|dense| *dense) {
        return None;
    }
    // Summed-area table, one row and column of zeros first.
    let mut sums = vec![0i64; (columns + 1) * (rows + 1)];
    for row in 0..rows {
        for column in 0..columns {
            let here = i64::from(grid.dense[row * columns + column]);
            sums[(row + 1) * (columns + 1) + column + 1] = here
                + sums[row * (columns + 1) + column + 1]
                + sums[(row + 1) * (columns + 1) + column]
                - sums[row * (columns + 1) + column];
        }
    }
    let count = |x: usize, y: usize, w: usize, h: usize| {
        sums[(y + h) * (columns + 1) + x + w]
            - sums[y * (columns + 1) + x + w]
            - sums[(y + h) * (columns + 1) + x]
            + sums[y * (columns + 1) + x]
    };
    let longest = columns.max(rows);
    let mut best: Option<(f32, [u32; 4])> = None;
    for long in (longest / 4).max(3)..=longest {
        let short = ((long as f32 / CARD_ASPECT).round() as usize).max(1);
        for (w, h) in [(long, short), (short, long)] {
            let (w, h) = (w.min(columns), h.min(rows));
            for y in 0..=rows - h {
                for x in 0..=columns - w {
                    let score = count(x, y, w, h) as f32 - DENSITY * (w * h) as f32;
                    if best.is_none_or(|(top, _)| score > top) {
                        let bounds = [x as u32, y as u32, (x + w - 1) as u32, (y + h - 1) as u32];
                        best = Some((score, bounds));
                    }
                }
            }
        }
    }
    best.map(|(_, bounds)| bounds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    #[test]
    fn finds_a_dense_patch_on_a_smooth_background() {
        // 800 × 600 smooth grey with a chequered 300 × 180 patch at (400, 300) and a long
        // straight edge (a table) across the whole photo below it.
        let image = GrayImage::from_fn(800, 600, |x, y| {
            let inside = (400..700).contains(&x) && (300..480).contains(&y);
            let chequer = (x / 3 + y / 3) % 2 == 0;
            Luma(if inside && chequer {
                [20]
            } else if y > 520 {
                [60]
            } else {
                [200 - (y / 10) as u8]
            })
        });
        let region = locate(&image);
        assert!(region.x <= 400 && region.y <= 300, "{region:?}");
        assert!(region.x + region.width >= 700 && region.y + region.height >= 480, "{region:?}");
        assert!(region.width < 400 && region.height < 300, "{region:?}");
        let card_shaped =
            GrayImage::from_fn(856, 540, |x, y| Luma([((x / 3 + y / 3) % 2 * 200) as u8]));
        assert_eq!(locate(&card_shaped), Region::whole(&card_shaped));
        let flat = GrayImage::from_pixel(400, 300, Luma([128]));
        assert_eq!(locate(&flat), Region::whole(&flat));
        let tiny = GrayImage::from_pixel(3, 1, Luma([0]));
        assert_eq!(locate(&tiny), Region::whole(&tiny));
    }
}
