//! The two dlib model files the face checks need, pinned by SHA-256, and where they are looked
//! for. They come from the PyPI sdist `face_recognition_models==0.3.0` (public domain / CC0 1.0,
//! by Davis King); `scripts/fetch-face-models.sh` installs them and the `.deb` packages carry
//! them. The 68-point landmark model in the same sdist is never used (its training data excludes
//! commercial use).

use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// One model file: its name in the models directory and its pinned SHA-256.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelFile {
    pub name: &'static str,
    pub sha256: &'static str,
}

/// The ResNet that turns an aligned face into 128 numbers.
pub const RESNET_MODEL: ModelFile = ModelFile {
    name: "dlib_face_recognition_resnet_model_v1.dat",
    sha256: "55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30",
};

/// The 5-point landmark predictor (eye corners and the base of the nose) used to align a face.
pub const SHAPE_5_MODEL: ModelFile = ModelFile {
    name: "shape_predictor_5_face_landmarks.dat",
    sha256: "c4b1e9804792707d3a405c2c16a80a20269e6675021f64a41d30fffafbc41888",
};

/// Both files, in the order they are checked.
pub const MODEL_FILES: [ModelFile; 2] = [SHAPE_5_MODEL, RESNET_MODEL];

/// The environment variable that names the models directory.
pub const MODELS_DIR_ENV: &str = "REVIEWDESK_FACE_MODELS";

/// Where the `.deb` packages install the models.
pub const PACKAGED_MODELS_DIR: &str = "/usr/share/reviewdesk/face-models";

/// A model file that cannot be used; the face checks are off and say why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("face model {file} is missing at {}", path.display())]
    Missing { file: &'static str, path: PathBuf },
    #[error("face model {file} at {} does not match its pinned SHA-256", path.display())]
    Corrupt { file: &'static str, path: PathBuf },
    #[error("face model {file} at {} cannot be read or loaded: {reason}", path.display())]
    Unloadable { file: &'static str, path: PathBuf, reason: String },
}

impl ModelError {
    /// The stable code (API: `/readyz`, the board).
    pub fn code(&self) -> &'static str {
        match self {
            ModelError::Missing { .. } => "face_model_missing",
            ModelError::Corrupt { .. } => "face_model_corrupt",
            ModelError::Unloadable { .. } => "face_model_unloadable",
        }
    }

    /// The model file concerned.
    pub fn file(&self) -> &'static str {
        match self {
            ModelError::Missing { file, .. }
            | ModelError::Corrupt { file, .. }
            | ModelError::Unloadable { file, .. } => file,
        }
    }

    /// The reviewer's words.
    pub fn message_zh(&self) -> String {
        match self {
            ModelError::Missing { file, .. } => {
                format!("人脸模型文件缺失（{file}），人脸比对未运行，请联系管理员安装")
            }
            ModelError::Corrupt { file, .. } => {
                format!(
                    "人脸模型文件已损坏（{file} 校验和不符），人脸比对未运行，请联系管理员重新安装"
                )
            }
            ModelError::Unloadable { file, .. } => {
                format!("人脸模型文件无法加载（{file}），人脸比对未运行，请联系管理员")
            }
        }
    }
}

/// The environment variable that names the face test photos' directory.
pub const TEST_IMAGES_DIR_ENV: &str = "REVIEWDESK_FACE_TEST_IMAGES";

/// The per-user `reviewdesk` data directory (`$XDG_DATA_HOME` or `~/.local/share`), where
/// `scripts/setup.sh` installs the models and the face test photos.
fn user_data_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_DATA_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share")))
        .map(|data| data.join("reviewdesk"))
}

/// The models directory: `$REVIEWDESK_FACE_MODELS` when set; else the per-user data directory's
/// `reviewdesk/face-models` (`$XDG_DATA_HOME` or `~/.local/share`, where `scripts/setup.sh`
/// installs them) when it exists; else [`PACKAGED_MODELS_DIR`].
pub fn default_models_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(MODELS_DIR_ENV).filter(|dir| !dir.is_empty()) {
        return PathBuf::from(dir);
    }
    if let Some(user) = user_data_dir().map(|dir| dir.join("face-models")) {
        if user.is_dir() {
            return user;
        }
    }
    PathBuf::from(PACKAGED_MODELS_DIR)
}

/// Where the tests, benches and examples find the example face photos
/// (`scripts/fetch-face-models.sh --test-images`, the PyPI sdist `face_recognition==1.3.0`, MIT):
/// `$REVIEWDESK_FACE_TEST_IMAGES` when set, else the per-user data directory's
/// `reviewdesk/face-test-images`. Never read by the product itself.
pub fn test_images_dir() -> PathBuf {
    std::env::var_os(TEST_IMAGES_DIR_ENV)
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| user_data_dir().map(|dir| dir.join("face-test-images")))
        .unwrap_or_else(|| PathBuf::from("face-test-images"))
}

/// Checks that both files are in `dir` and match their pins; returns their paths
/// (shape predictor, ResNet).
pub fn verify(dir: &Path) -> Result<(PathBuf, PathBuf), ModelError> {
    for model in MODEL_FILES {
        verify_file(dir, model)?;
    }
    Ok((dir.join(SHAPE_5_MODEL.name), dir.join(RESNET_MODEL.name)))
}

fn verify_file(dir: &Path, model: ModelFile) -> Result<(), ModelError> {
    let path = dir.join(model.name);
    let mut file = match std::fs::File::open(&path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err(ModelError::Missing { file: model.name, path });
        }
        Err(error) => {
            return Err(ModelError::Unloadable {
                file: model.name,
                path,
                reason: error.to_string(),
            })
        }
    };
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let read = file.read(&mut buffer).map_err(|error| ModelError::Unloadable {
            file: model.name,
            path: path.clone(),
            reason: error.to_string(),
        })?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    if hex::encode(hasher.finalize()) != model.sha256 {
        return Err(ModelError::Corrupt { file: model.name, path });
    }
    Ok(())
}
