//! Face detection, alignment and embedding with the real dlib models (installed by
//! `scripts/setup.sh` from PyPI's `face_recognition_models==0.3.0`, public domain / CC0 1.0) on
//! real face photos: the example images of the PyPI sdist `face_recognition==1.3.0`
//! (`tests/test_images/`: obama.jpg, obama2.jpg, obama3.jpg, biden.jpg — official portraits of
//! US government officials, shipped by that MIT-licensed package for its own tests), extracted
//! by `scripts/fetch-face-models.sh --test-images`. And a missing or corrupt model reported as
//! such.

use std::path::PathBuf;
use std::time::Instant;

use image::{imageops, GrayImage};
use reviewdesk_imaging::faces::models::{RESNET_MODEL, SHAPE_5_MODEL};
use reviewdesk_imaging::faces::{
    default_models_dir, distance, FaceFinder, ModelError, CROP_SIDE, EMBEDDING_LEN,
};

fn test_images() -> PathBuf {
    let dir = reviewdesk_imaging::faces::models::test_images_dir();
    assert!(
        dir.join("obama.jpg").is_file(),
        "{} has no obama.jpg: run scripts/setup.sh",
        dir.display()
    );
    dir
}

fn grey(name: &str) -> GrayImage {
    image::open(test_images().join(name)).expect(name).to_luma8()
}

fn finder() -> FaceFinder {
    FaceFinder::load(&default_models_dir()).expect("face models installed (scripts/setup.sh)")
}

#[test]
fn the_same_person_is_nearer_than_another_and_crops_are_one_size() {
    let finder = finder();
    let mut faces = Vec::new();
    for name in ["obama.jpg", "obama2.jpg", "obama3.jpg", "biden.jpg"] {
        let image = grey(name);
        let started = Instant::now();
        let face = finder.find(&image, 1).unwrap_or_else(|| panic!("no face found in {name}"));
        eprintln!(
            "{name}: {}×{} face {:?} in {:?}",
            image.width(),
            image.height(),
            face.bbox,
            started.elapsed()
        );
        assert_eq!(face.crop.dimensions(), (CROP_SIDE, CROP_SIDE), "{name}");
        assert_eq!(face.embedding.len(), EMBEDDING_LEN, "{name}");
        // The face box lies in the image and the landmarks in the box (give or take).
        let [x, y, w, h] = face.bbox;
        assert!(w >= 80 && h >= 80 && x + w <= image.width() && y + h <= image.height(), "{name}");
        for (px, py) in face.landmarks {
            assert!(px >= x as f32 - 10.0 && px <= (x + w) as f32 + 10.0, "{name}: {px}");
            assert!(py >= y as f32 - 10.0 && py <= (y + h) as f32 + 10.0, "{name}: {py}");
        }
        faces.push(face);
    }
    let same = [
        distance(&faces[0].embedding, &faces[1].embedding),
        distance(&faces[0].embedding, &faces[2].embedding),
    ];
    let other = [0, 1, 2].map(|i| distance(&faces[i].embedding, &faces[3].embedding));
    eprintln!("same person {same:?}, other person {other:?}");
    let nearest_other = other.iter().copied().fold(f32::MAX, f32::min);
    for d in same {
        assert!(d < nearest_other, "same {same:?} vs other {other:?}");
    }
    // dlib's usual ranges on these Western faces (not a threshold the product uses).
    assert!(same.iter().all(|d| *d < 0.6) && other.iter().all(|d| *d > 0.6), "{same:?} {other:?}");
}

#[test]
fn a_small_portrait_is_found_only_after_enlarging() {
    // A printed card portrait is ~50 px wide: obama.jpg's face scaled down to a 45 px box.
    let finder = finder();
    let image = grey("obama.jpg");
    let full = finder.find(&image, 1).expect("face at full size");
    let factor = 45.0 / full.bbox[2] as f32;
    let small = imageops::resize(
        &image,
        (image.width() as f32 * factor) as u32,
        (image.height() as f32 * factor) as u32,
        imageops::FilterType::Triangle,
    );
    assert!(finder.find(&small, 1).is_none(), "HOG found a ~45 px face without enlarging");
    let enlarged = finder.find(&small, 2).expect("found after enlarging 2×");
    let d = distance(&enlarged.embedding, &full.embedding);
    eprintln!("small face ({}×{} image) vs full: {d}", small.width(), small.height());
    assert!(d < 0.6, "{d}");
    assert_eq!(enlarged.crop.dimensions(), (CROP_SIDE, CROP_SIDE));
}

#[test]
fn a_photo_without_a_face_finds_none() {
    let finder = finder();
    let wall = GrayImage::from_fn(640, 480, |x, y| image::Luma([(120 + (x + y) % 40) as u8]));
    assert!(finder.find(&wall, 1).is_none());
}

#[test]
fn a_missing_or_corrupt_model_is_reported_by_name() {
    let dir = std::env::temp_dir().join(format!("reviewdesk-faces-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Nothing there: the first file looked for is named.
    let error = FaceFinder::load(&dir).err().expect("missing models refused");
    assert_eq!(error.code(), "face_model_missing");
    assert_eq!(error.file(), SHAPE_5_MODEL.name);
    assert!(error.message_zh().contains(SHAPE_5_MODEL.name), "{}", error.message_zh());
    // The predictor in place (a real copy), the network missing.
    std::fs::copy(default_models_dir().join(SHAPE_5_MODEL.name), dir.join(SHAPE_5_MODEL.name))
        .unwrap();
    let error = FaceFinder::load(&dir).err().expect("missing network refused");
    assert!(
        matches!(&error, ModelError::Missing { file, .. } if *file == RESNET_MODEL.name),
        "{error:?}"
    );
    // A truncated network: the SHA-256 says so before dlib reads it.
    let mut bytes = std::fs::read(default_models_dir().join(RESNET_MODEL.name)).unwrap();
    bytes.truncate(bytes.len() / 2);
    std::fs::write(dir.join(RESNET_MODEL.name), bytes).unwrap();
    let error = FaceFinder::load(&dir).err().expect("corrupt network refused");
    assert_eq!(error.code(), "face_model_corrupt");
    assert_eq!(error.file(), RESNET_MODEL.name);
    std::fs::remove_dir_all(&dir).unwrap();
}
