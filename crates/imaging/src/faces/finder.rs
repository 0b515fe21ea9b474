//! [`FaceFinder`]: the largest face in a grey image, found by dlib's HOG detector (frontal
//! faces of at least ~80 px; a small region is enlarged first), aligned with the 5-point
//! landmark predictor into a [`CROP_SIDE`]² crop, and its 128-D embedding from dlib's ResNet.
//! Distances between embeddings are Euclidean; what a distance means for *these* faces is not
//! known until a calibration on decided cases (see the README), so no threshold lives here.

use std::path::Path;

use dlib_face_recognition::{
    FaceDetector, FaceDetectorTrait, FaceEncoderNetwork, FaceEncoderTrait, ImageMatrix,
    LandmarkPredictor, LandmarkPredictorTrait, Rectangle,
};
use image::{imageops, GrayImage};

use super::align::aligned_crop;
use super::models::{verify, ModelError, RESNET_MODEL, SHAPE_5_MODEL};

/// The side of an aligned face crop, in pixels (dlib's own chip size).
pub const CROP_SIDE: u32 = 150;
/// Numbers in an embedding.
pub const EMBEDDING_LEN: usize = 128;

/// One face found: where (in the input image's pixels), its five landmarks, the aligned crop and
/// the embedding.
#[derive(Debug, Clone, PartialEq)]
pub struct Face {
    /// `[x, y, width, height]` in the input image.
    pub bbox: [u32; 4],
    /// Eye corners (two per eye) and the base of the nose, in the input image.
    pub landmarks: [(f32, f32); 5],
    /// Eyes level, at a fixed distance apart: [`CROP_SIDE`] square.
    pub crop: GrayImage,
    /// [`EMBEDDING_LEN`] numbers.
    pub embedding: Vec<f32>,
}

/// The loaded models. Not `Sync` (dlib's network keeps state while it runs): one per thread.
pub struct FaceFinder {
    detector: FaceDetector,
    predictor: LandmarkPredictor,
    encoder: FaceEncoderNetwork,
}

impl FaceFinder {
    /// Verifies (presence, SHA-256) and loads the models in `dir`.
    pub fn load(dir: &Path) -> Result<FaceFinder, ModelError> {
        let (shape, resnet) = verify(dir)?;
        let predictor = LandmarkPredictor::open(&shape).map_err(|reason| {
            ModelError::Unloadable { file: SHAPE_5_MODEL.name, path: shape.clone(), reason }
        })?;
        let encoder = FaceEncoderNetwork::open(&resnet).map_err(|reason| {
            ModelError::Unloadable { file: RESNET_MODEL.name, path: resnet.clone(), reason }
        })?;
        Ok(FaceFinder { detector: FaceDetector::new(), predictor, encoder })
    }

    /// The largest face in `image`, which is first enlarged `enlarge` times (1 = as is; 2 for
    /// a printed card portrait of ~50 px, which HOG misses at its size).
    pub fn find(&self, image: &GrayImage, enlarge: u32) -> Option<Face> {
        self.find_scaled(image, enlarge.max(1) as f32)
    }

    /// The largest face in `image` scaled by `scale` first (below 1 for a large photo whose
    /// faces are large: HOG's time grows with the pixels). Box, landmarks and crop are in
    /// `image`'s own pixels whatever the scale.
    pub fn find_scaled(&self, image: &GrayImage, scale: f32) -> Option<Face> {
        let scale = if scale.is_finite() && scale > 0.0 { scale } else { 1.0 };
        let work = if scale == 1.0 {
            image.clone()
        } else {
            imageops::resize(
                image,
                ((image.width() as f32 * scale).round() as u32).max(1),
                ((image.height() as f32 * scale).round() as u32).max(1),
                imageops::FilterType::Triangle,
            )
        };
        let matrix = matrix_of(&work);
        let locations = self.detector.face_locations(&matrix);
        let largest = locations.iter().max_by_key(|rect| rect.width() * rect.height())?;
        let landmarks = self.predictor.face_landmarks(&matrix, largest);
        if landmarks.len() != 5 {
            return None;
        }
        let points: [(f32, f32); 5] = std::array::from_fn(|i| {
            (landmarks[i].x() as f32 / scale, landmarks[i].y() as f32 / scale)
        });
        let encodings =
            self.encoder.get_face_encodings(&matrix, std::slice::from_ref(&landmarks), 0);
        let embedding: Vec<f32> = encodings.first()?.as_ref().iter().map(|v| *v as f32).collect();
        if embedding.len() != EMBEDDING_LEN {
            return None;
        }
        Some(Face {
            bbox: bbox_of(largest, scale, image),
            landmarks: points,
            crop: aligned_crop(image, &points, CROP_SIDE),
            embedding,
        })
    }
}

/// The Euclidean distance between two embeddings (dlib's measure; 0 = identical).
pub fn distance(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f32>().sqrt()
}

/// Grey to dlib's RGB matrix (the checks decode to grey; the network sees grey in colour).
fn matrix_of(image: &GrayImage) -> ImageMatrix {
    let rgb: Vec<u8> = image.as_raw().iter().flat_map(|v| [*v, *v, *v]).collect();
    let rgb = image_dlib::RgbImage::from_raw(image.width(), image.height(), rgb)
        .expect("width × height × 3 bytes");
    ImageMatrix::from_image(&rgb)
}

/// A detection rectangle (in the scaled image) as `[x, y, width, height]` in the original,
/// clipped to it.
fn bbox_of(rect: &Rectangle, scale: f32, image: &GrayImage) -> [u32; 4] {
    let clip = |v: i64, max: u32| ((v as f32 / scale) as i64).clamp(0, i64::from(max)) as u32;
    let (x0, y0) = (clip(rect.left, image.width()), clip(rect.top, image.height()));
    let (x1, y1) = (clip(rect.right, image.width()), clip(rect.bottom, image.height()));
    [x0, y0, x1.saturating_sub(x0), y1.saturating_sub(y0)]
}
