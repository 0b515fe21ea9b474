//! The card inside the hand-held photo, found and rectified. A rough box first: the card's top
//! and bottom edges are long runs of same-signed brightness steps along a row (print makes
//! short runs only), paired when they lie a card's height apart for their extent; its sides are
//! the strongest columns whose vertical runs cover most of that height, just outside the runs'
//! extent (rounded corners and hands shorten the runs). Each edge is then refined to a line —
//! per column (top, bottom) or row (left, right) of the middle of that side, the strongest step
//! in a narrow band around the rough edge, then a least-squares line with outliers (a finger)
//! dropped — and the four lines' intersections are the corners. Not found is an answer (the
//! board says so): a card whose top or bottom edge does not stand out from what is behind it
//! is not guessed at. A perspective transform maps them onto a card of the
//! uploaded card's size, so the reviewer compares number, name and portrait at the same scale.

use image::{GrayImage, Luma};
use imageproc::geometric_transformations::{warp_into, Border, Interpolation, Projection};

use crate::card_region::Region;

/// The band searched around each rough edge, as a share of the rough box's side.
const BAND: f32 = 0.015;
/// A brightness step (|I(x, y+1) − I(x, y−1)|) counts towards an edge run above this.
const RUN_STEP: i16 = 8;
/// A card edge's run is at least this share of the photo's width (the card is 35–60 %).
const MIN_RUN: f32 = 0.2;
/// A run may skip this many pixels (a digit touching the edge, JPEG noise).
const RUN_GAP: u32 = 6;
/// The middle share of each side whose columns or rows are used (hands hold the corners).
const MIDDLE: f32 = 0.6;
/// How far outside the runs' extent a card's side is looked for, as a share of its width.
const SIDE_SEARCH: f32 = 0.08;
/// A card's side is a vertical edge run covering this share of its height.
const SIDE_RUN: f32 = 0.7;
/// Top and bottom runs pair when their distance is within this share of the card's height
/// expected from their extent (rounded corners shorten runs; hands cover bottom corners).
const PAIR_TOLERANCE: f32 = 0.15;
/// Points farther than this from the first line (pixels) are dropped before refitting.
const OUTLIER_PX: f32 = 3.0;

/// The card found in a hand-held photo.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldCard {
    /// Top-left, top-right, bottom-right, bottom-left, in the photo's pixels.
    pub corners: [(f32, f32); 4],
    /// The card, rectified to the requested size.
    pub rectified: GrayImage,
}

/// Finds the card in `photo` (upright) and rectifies it to `width` × `height` (the uploaded
/// card's size). `None` when no card-like region is found, or the edges do not close into a
/// plausible quadrilateral.
pub fn find_held_card(photo: &GrayImage, width: u32, height: u32) -> Option<HeldCard> {
    if width == 0 || height == 0 {
        return None;
    }
    let aspect = width as f32 / height as f32;
    let rough = widened(photo, rough_box(photo, aspect)?);
    let top = edge_line(photo, &rough, Side::Top);
    let bottom = edge_line(photo, &rough, Side::Bottom);
    let left = edge_line(photo, &rough, Side::Left);
    let right = edge_line(photo, &rough, Side::Right);
    let (top, bottom, left, right) = (top?, bottom?, left?, right?);
    let corners =
        [cross(top, left)?, cross(top, right)?, cross(bottom, right)?, cross(bottom, left)?];
    let (w, h) = (width as f32, height as f32);
    let found_w = ((corners[1].0 - corners[0].0) + (corners[2].0 - corners[3].0)) / 2.0;
    let found_h = ((corners[3].1 - corners[0].1) + (corners[2].1 - corners[1].1)) / 2.0;
    // Same shape as the uploaded card, give or take a fifth (perspective, booklet pages).
    let aspect = found_w / found_h.max(1.0);
    if found_w < 40.0 || !(0.8..=1.25).contains(&(aspect / (w / h))) {
        return None;
    }
    let projection =
        Projection::from_control_points(corners, [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)])?;
    let mut rectified = GrayImage::new(width, height);
    warp_into(
        photo,
        projection,
        Interpolation::Bilinear,
        Border::Constant(Luma([255])),
        &mut rectified,
    );
    Some(HeldCard { corners, rectified })
}

/// A horizontal run of same-signed brightness steps: row, first and last column.
#[derive(Debug, Clone, Copy)]
struct Run {
    y: u32,
    x0: u32,
    x1: u32,
}

impl Run {
    fn len(&self) -> u32 {
        self.x1 - self.x0
    }
}

/// The card's rough box: the pair of long horizontal edge runs (top and bottom of the card)
/// that overlap across and lie a card's height apart for their length, the best-supported pair
/// winning. Print inside the card makes short runs only; the hands cover the bottom corners,
/// so the bottom run may be shorter than the top.
fn rough_box(photo: &GrayImage, aspect: f32) -> Option<Region> {
    let (w, h) = photo.dimensions();
    if w < 40 || h < 40 {
        return None;
    }
    let min_run = (MIN_RUN * w as f32) as u32;
    let mut runs = Vec::new();
    for y in 1..h - 1 {
        runs.extend(long_runs(photo, y, min_run));
    }
    let mut best: Option<(f32, Region)> = None;
    for top in &runs {
        for bottom in runs.iter().filter(|b| b.y > top.y) {
            let overlap = top.x1.min(bottom.x1).saturating_sub(top.x0.max(bottom.x0));
            if overlap * 2 < top.len().min(bottom.len()) {
                continue;
            }
            let (x0, x1) = (top.x0.min(bottom.x0), top.x1.max(bottom.x1));
            let expected = (x1 - x0) as f32 / aspect;
            let gap = (bottom.y - top.y) as f32;
            let off = (gap - expected).abs() / expected;
            if off > PAIR_TOLERANCE {
                continue;
            }
            // Long runs, a card's shape: a run's neighbour row or the shadow's edge scores less.
            let score = (top.len() + bottom.len()) as f32 * (1.0 - off);
            if best.is_none_or(|(s, _)| score > s) {
                let region = Region { x: x0, y: top.y, width: x1 - x0, height: bottom.y - top.y };
                best = Some((score, region));
            }
        }
    }
    best.map(|(_, region)| region)
}

/// The rough box with its left and right sides moved to the outermost column (within
/// [`SIDE_SEARCH`] of the card's width outside the top and bottom runs' extent, which rounded
/// corners and hands shorten) whose vertical edge run covers [`SIDE_RUN`] of the card's height.
fn widened(photo: &GrayImage, rough: Region) -> Region {
    let reach = (SIDE_SEARCH * rough.width as f32) as u32;
    let (y0, y1) = (rough.y, (rough.y + rough.height).min(photo.height()));
    let needed = (SIDE_RUN * rough.height as f32) as u32;
    // Of the columns whose run covers the side, the one with the most contrast: the card's edge
    // against its shadow rather than the shadow's own edge.
    let best = |columns: std::ops::RangeInclusive<u32>, fallback: u32| {
        columns
            .filter(|x| longest_column_run(photo, *x, y0, y1) >= needed)
            .max_by_key(|x| column_contrast(photo, *x, y0, y1))
            .unwrap_or(fallback)
    };
    let left = best(rough.x.saturating_sub(reach).max(1)..=rough.x, rough.x);
    let right_end = rough.x + rough.width;
    let right = best(
        right_end.min(photo.width() - 2)..=(right_end + reach).min(photo.width() - 2),
        right_end,
    );
    Region { x: left, y: rough.y, width: right - left, height: rough.height }
}

/// The sum of |horizontal step| in column `x` between rows `y0` and `y1`.
fn column_contrast(photo: &GrayImage, x: u32, y0: u32, y1: u32) -> u32 {
    (y0..y1)
        .map(|y| u32::from(photo.get_pixel(x + 1, y)[0].abs_diff(photo.get_pixel(x - 1, y)[0])))
        .sum()
}

/// The longest run of same-signed horizontal steps in column `x` between rows `y0` and `y1`.
fn longest_column_run(photo: &GrayImage, x: u32, y0: u32, y1: u32) -> u32 {
    let (mut best, mut start, mut last, mut sign) = (0, y0, y0, 0i8);
    for y in y0..y1 {
        let s = i16::from(photo.get_pixel(x + 1, y)[0]) - i16::from(photo.get_pixel(x - 1, y)[0]);
        let here = if s > RUN_STEP {
            1
        } else if s < -RUN_STEP {
            -1
        } else {
            0
        };
        if here != 0 && here == sign && y - last <= RUN_GAP {
            last = y;
        } else if here != 0 {
            (start, last, sign) = (y, y, here);
        } else if y - last > RUN_GAP {
            sign = 0;
        }
        if sign != 0 {
            best = best.max(last - start);
        }
    }
    best
}

/// The runs in row `y` at least `min_run` long.
fn long_runs(photo: &GrayImage, y: u32, min_run: u32) -> Vec<Run> {
    let step =
        |x: u32| i16::from(photo.get_pixel(x, y + 1)[0]) - i16::from(photo.get_pixel(x, y - 1)[0]);
    let mut runs = Vec::new();
    let mut current: Option<(u32, u32, i16)> = None;
    for x in 0..photo.width() {
        let s = step(x);
        let sign = if s > RUN_STEP {
            1
        } else if s < -RUN_STEP {
            -1
        } else {
            0
        };
        current = match current {
            Some((x0, _, run_sign)) if sign == run_sign => Some((x0, x, run_sign)),
            Some((x0, last, run_sign)) if x - last <= RUN_GAP => Some((x0, last, run_sign)),
            Some((x0, last, _)) => {
                if last - x0 >= min_run {
                    runs.push(Run { y, x0, x1: last });
                }
                (sign != 0).then_some((x, x, sign))
            }
            None => (sign != 0).then_some((x, x, sign)),
        };
    }
    if let Some((x0, last, _)) = current {
        if last - x0 >= min_run {
            runs.push(Run { y, x0, x1: last });
        }
    }
    runs
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Top,
    Bottom,
    Left,
    Right,
}

/// A line `across = slope × along + offset`: for top and bottom, y as a function of x; for left
/// and right, x as a function of y.
#[derive(Debug, Clone, Copy)]
struct Line {
    horizontal: bool,
    slope: f32,
    offset: f32,
}

fn edge_line(photo: &GrayImage, rough: &Region, side: Side) -> Option<Line> {
    let horizontal = matches!(side, Side::Top | Side::Bottom);
    let (along_start, along_len, across_start, across_len) = if horizontal {
        (rough.x, rough.width, rough.y, rough.height)
    } else {
        (rough.y, rough.height, rough.x, rough.width)
    };
    let across_limit = if horizontal { photo.height() } else { photo.width() };
    let rough_edge = match side {
        Side::Top | Side::Left => across_start as f32,
        Side::Bottom | Side::Right => (across_start + across_len) as f32,
    };
    let band = BAND * across_len as f32;
    let lo = (rough_edge - band).max(1.0) as u32;
    let hi = ((rough_edge + band) as u32).min(across_limit.saturating_sub(2));
    if hi <= lo + 2 {
        return None;
    }
    let margin = (1.0 - MIDDLE) / 2.0 * along_len as f32;
    let from = along_start + margin as u32;
    let to = along_start + along_len - margin as u32;
    let pixel = |along: u32, across: u32| -> f32 {
        let (x, y) = if horizontal { (along, across) } else { (across, along) };
        f32::from(photo.get_pixel(x, y)[0])
    };
    let mut points = Vec::new();
    for along in from..to {
        let steps: Vec<(u32, f32)> = (lo..=hi)
            .map(|across| (across, (pixel(along, across + 1) - pixel(along, across - 1)).abs()))
            .collect();
        let strongest = steps.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((across, _)) = strongest.filter(|(_, step)| *step >= 16.0) {
            points.push((along as f32, across as f32));
        }
    }
    let first = fit(&points, horizontal)?;
    let kept: Vec<(f32, f32)> = points
        .iter()
        .copied()
        .filter(|(along, across)| (first.slope * along + first.offset - across).abs() <= OUTLIER_PX)
        .collect();
    if kept.len() * 2 < points.len() {
        return None;
    }
    fit(&kept, horizontal)
}

/// Least squares of `across` on `along`.
fn fit(points: &[(f32, f32)], horizontal: bool) -> Option<Line> {
    if points.len() < 8 {
        return None;
    }
    let n = points.len() as f32;
    let mean_a = points.iter().map(|p| p.0).sum::<f32>() / n;
    let mean_c = points.iter().map(|p| p.1).sum::<f32>() / n;
    let var = points.iter().map(|p| (p.0 - mean_a).powi(2)).sum::<f32>();
    let cov = points.iter().map(|p| (p.0 - mean_a) * (p.1 - mean_c)).sum::<f32>();
    let slope = if var > 0.0 { cov / var } else { 0.0 };
    Some(Line { horizontal, slope, offset: mean_c - slope * mean_a })
}

/// Where a horizontal line (y = a x + b) and a vertical one (x = c y + d) cross.
fn cross(h: Line, v: Line) -> Option<(f32, f32)> {
    debug_assert!(h.horizontal && !v.horizontal);
    let denominator = 1.0 - h.slope * v.slope;
    if denominator.abs() < 1e-3 {
        return None;
    }
    let y = (h.slope * v.offset + h.offset) / denominator;
    Some((v.slope * y + v.offset, y))
}
