//! Where the card is in a photo, found cheaply: on a thumbnail (long side [`THUMB_SIDE`] px),
//! blocks dense in strong edges are the printed text, the portrait and the emblem; the largest
//! connected group of them (after joining neighbours), with any group nearly as large, is the
//! card. Smooth walls, skin and cloth
//! have few strong edges. The box is padded so that the card's text is never cut; when nothing
//! is dense the whole photo is the region.

use image::{imageops, GrayImage};

/// The thumbnail's long side, in pixels.
pub const THUMB_SIDE: u32 = 400;
/// Edge blocks are this many thumbnail pixels square.
const BLOCK: u32 = 8;
/// A pixel is on an edge when |dx| + |dy| (central differences) exceeds this.
const EDGE: i16 = 32;
/// A block is dense when this share of its pixels are edges across, and as many along.
const DENSE: f32 = 0.08;
/// Dense blocks up to this many blocks apart belong to the same group (text lines are about
/// three blocks apart on a card that fills the thumbnail).
const JOIN: i64 = 3;
/// Groups with at least this share of the largest group's blocks are part of the card too.
const KEEP: usize = 3;

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
    if width < 2 * BLOCK || height < 2 * BLOCK {
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
    let Some([x0, y0, x1, y1]) = largest_group(&dense) else {
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

impl Grid {
    fn at(&self, column: i64, row: i64) -> bool {
        column >= 0
            && row >= 0
            && column < i64::from(self.columns)
            && row < i64::from(self.rows)
            && self.dense[(row * i64::from(self.columns) + column) as usize]
    }
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

/// The bounding box `[x0, y0, x1, y1]` (inclusive, in blocks) of the dense blocks of the largest
/// group and of the groups nearly as large, where blocks up to [`JOIN`] apart are joined.
fn largest_group(grid: &Grid) -> Option<[u32; 4]> {
    let columns = i64::from(grid.columns);
    let mut group = vec![usize::MAX; grid.dense.len()];
    let mut groups: Vec<(usize, [u32; 4])> = Vec::new();
    let mut stack = Vec::new();
    for start in 0..grid.dense.len() {
        if !grid.dense[start] || group[start] != usize::MAX {
            continue;
        }
        group[start] = start;
        stack.push(start);
        let mut count = 0usize;
        let mut bounds = [u32::MAX, u32::MAX, 0, 0];
        while let Some(index) = stack.pop() {
            count += 1;
            let (column, row) = (index as i64 % columns, index as i64 / columns);
            bounds = [
                bounds[0].min(column as u32),
                bounds[1].min(row as u32),
                bounds[2].max(column as u32),
                bounds[3].max(row as u32),
            ];
            for dy in -JOIN..=JOIN {
                for dx in -JOIN..=JOIN {
                    let (c, r) = (column + dx, row + dy);
                    if grid.at(c, r) {
                        let next = (r * columns + c) as usize;
                        if group[next] == usize::MAX {
                            group[next] = start;
                            stack.push(next);
                        }
                    }
                }
            }
        }
        groups.push((count, bounds));
    }
    let most = groups.iter().map(|(count, _)| *count).max()?;
    groups
        .into_iter()
        .filter(|(count, _)| count * KEEP >= most)
        .map(|(_, bounds)| bounds)
        .reduce(|a, b| [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])])
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    #[test]
    fn finds_a_dense_patch_on_a_smooth_background() {
        // 800 × 600 smooth grey with a striped 300 × 180 patch at (400, 300).
        let image = GrayImage::from_fn(800, 600, |x, y| {
            let inside = (400..700).contains(&x) && (300..480).contains(&y);
            Luma([if inside && (x / 3) % 2 == 0 { 20 } else { 200 - (y / 10) as u8 }])
        });
        let region = locate(&image);
        assert!(region.x <= 400 && region.y <= 300, "{region:?}");
        assert!(region.x + region.width >= 700 && region.y + region.height >= 480, "{region:?}");
        assert!(region.width < 400 && region.height < 300, "{region:?}");
        let flat = GrayImage::from_pixel(300, 200, Luma([128]));
        assert_eq!(locate(&flat), Region::whole(&flat));
        let tiny = GrayImage::from_pixel(3, 1, Luma([0]));
        assert_eq!(locate(&tiny), Region::whole(&tiny));
    }
}
