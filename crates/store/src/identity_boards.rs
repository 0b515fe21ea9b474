//! The identity boards as the store's contract sees them (`reviewdesk_domain::wire::identity_board`
//! is what a reader gets): a photo-check worker records a submission's board under the claim
//! that holds its check work ([`crate::Store::record_identity_board`]: the board and its faces
//! replaced in one transaction, so a retried check rewrites it and a board is never half
//! written), and the server reads it back ([`crate::Store::identity_board`]). No row: not
//! computed yet. Embeddings are kept as [`EMBEDDING_LEN`] little-endian `f32` (the calibration
//! and the repeat-face scan read them; a reader never gets them), crops and the rectified card as
//! grey JPEG. Personal data: purging a submission deletes its board and faces.

use chrono::{DateTime, Utc};
use reviewdesk_domain::error_code::ErrorCode;
use reviewdesk_domain::wire::identity_board::{BoardState, FaceSource};

use crate::text_values::corrupt;
use crate::StoreError;

/// Numbers in a face embedding (dlib's ResNet; the imaging crate's `faces::EMBEDDING_LEN`).
pub const EMBEDDING_LEN: usize = 128;

/// How a board's computation ended (a board that was not computed has no record).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoardOutcome {
    /// The held card and the faces were looked for; the record says what was found.
    Computed,
    /// The face models were missing or corrupt: no faces were looked for.
    ModelsUnavailable,
    /// The photos did not decode: nothing was looked for.
    PhotosUnreadable,
}

impl BoardOutcome {
    /// Stable code (the `state` column).
    pub fn as_str(self) -> &'static str {
        match self {
            BoardOutcome::Computed => "computed",
            BoardOutcome::ModelsUnavailable => "models_unavailable",
            BoardOutcome::PhotosUnreadable => "photos_unreadable",
        }
    }

    /// The inverse of [`BoardOutcome::as_str`].
    pub fn parse(code: &str) -> Option<BoardOutcome> {
        [BoardOutcome::Computed, BoardOutcome::ModelsUnavailable, BoardOutcome::PhotosUnreadable]
            .into_iter()
            .find(|outcome| outcome.as_str() == code)
    }

    /// The state a reader is shown for a board recorded with this outcome.
    pub fn state(self) -> BoardState {
        match self {
            BoardOutcome::Computed => BoardState::Computed,
            BoardOutcome::ModelsUnavailable => BoardState::ModelsUnavailable,
            BoardOutcome::PhotosUnreadable => BoardState::PhotosUnreadable,
        }
    }
}

/// The card found in the hand-held photo.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldCardRecord {
    /// Top-left, top-right, bottom-right, bottom-left, in the upright hand-held photo's pixels.
    pub corners: [[f32; 2]; 4],
    /// The rectified card, grey JPEG.
    pub jpeg: Vec<u8>,
}

/// One face found.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardFaceRecord {
    pub source: FaceSource,
    /// The aligned crop, grey JPEG.
    pub crop_jpeg: Vec<u8>,
    /// [`EMBEDDING_LEN`] finite numbers.
    pub embedding: Vec<f32>,
}

/// One submission's board, as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardRecord {
    pub outcome: BoardOutcome,
    /// Why faces were not looked for: the reviewer's words (naming the model file).
    pub problem: Option<String>,
    /// `None`: no card found (or not looked for).
    pub held_card: Option<HeldCardRecord>,
    /// The faces found, at most one per source, in [`FaceSource::ALL`] order when read; a source
    /// without one: not found there.
    pub faces: Vec<BoardFaceRecord>,
}

/// A recorded board and when it was computed.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredBoard {
    pub board: BoardRecord,
    pub computed_at: DateTime<Utc>,
}

impl BoardRecord {
    /// Refuses (`invalid_request`, nothing written) a board that cannot be: two faces of one
    /// source, an embedding that is not [`EMBEDDING_LEN`] finite numbers, corners that are not
    /// finite, faces looked for on a board whose models were unavailable, anything found on
    /// unreadable photos.
    pub fn validate(&self) -> Result<(), StoreError> {
        let invalid = |message: &str| StoreError::Invalid {
            code: ErrorCode::InvalidRequest,
            message: message.to_owned(),
        };
        for (at, face) in self.faces.iter().enumerate() {
            if self.faces[..at].iter().any(|earlier| earlier.source == face.source) {
                return Err(invalid("two faces of one source on a board"));
            }
            if face.embedding.len() != EMBEDDING_LEN
                || !face.embedding.iter().all(|v| v.is_finite())
            {
                return Err(invalid("a face embedding is 128 finite numbers"));
            }
        }
        if let Some(held) = &self.held_card {
            if !held.corners.iter().flatten().all(|v| v.is_finite()) {
                return Err(invalid("the held card's corners are not finite"));
            }
        }
        match self.outcome {
            BoardOutcome::Computed => Ok(()),
            BoardOutcome::ModelsUnavailable if self.faces.is_empty() => Ok(()),
            BoardOutcome::PhotosUnreadable if self.faces.is_empty() && self.held_card.is_none() => {
                Ok(())
            }
            _ => Err(invalid("a board not computed holds no faces (nor, unreadable, a card)")),
        }
    }
}

/// An embedding as stored: little-endian `f32`s.
pub fn embedding_bytes(embedding: &[f32]) -> Vec<u8> {
    embedding.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// A stored embedding read back; `Corrupt` unless it is [`EMBEDDING_LEN`] numbers.
pub fn embedding_from_bytes(bytes: &[u8]) -> Result<Vec<f32>, StoreError> {
    if bytes.len() != EMBEDDING_LEN * 4 {
        return Err(corrupt("face embedding of bytes", &bytes.len().to_string()));
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|four| f32::from_le_bytes([four[0], four[1], four[2], four[3]]))
        .collect())
}

/// The held card's corners as stored (JSON).
pub(crate) fn corners_text(corners: &[[f32; 2]; 4]) -> Result<String, StoreError> {
    Ok(serde_json::to_string(corners)?)
}

/// Stored corners read back.
pub(crate) fn corners_of(text: &str) -> Result<[[f32; 2]; 4], StoreError> {
    serde_json::from_str(text).map_err(|_| corrupt("held card corners", text))
}

/// A stored row of `identity_boards` and its faces, as a backend reads them.
pub(crate) struct StoredRows {
    pub state: String,
    pub problem: Option<String>,
    pub corners: Option<String>,
    pub card_jpeg: Option<Vec<u8>>,
    pub computed_at: String,
    /// (source, crop, embedding) per face row.
    pub faces: Vec<(String, Vec<u8>, Vec<u8>)>,
}

impl StoredRows {
    /// The board the rows record, faces in board order.
    pub(crate) fn board(self) -> Result<StoredBoard, StoreError> {
        let outcome =
            BoardOutcome::parse(&self.state).ok_or_else(|| corrupt("board state", &self.state))?;
        let held_card = match (self.corners, self.card_jpeg) {
            (Some(corners), Some(jpeg)) => {
                Some(HeldCardRecord { corners: corners_of(&corners)?, jpeg })
            }
            (None, None) => None,
            _ => {
                return Err(corrupt(
                    "held card",
                    "corners without the card or the card without corners",
                ))
            }
        };
        let mut faces = Vec::with_capacity(self.faces.len());
        for (source, crop_jpeg, embedding) in self.faces {
            let source =
                FaceSource::parse(&source).ok_or_else(|| corrupt("face source", &source))?;
            faces.push(BoardFaceRecord {
                source,
                crop_jpeg,
                embedding: embedding_from_bytes(&embedding)?,
            });
        }
        faces.sort_by_key(|face| FaceSource::ALL.iter().position(|s| *s == face.source));
        Ok(StoredBoard {
            board: BoardRecord { outcome, problem: self.problem, held_card, faces },
            computed_at: crate::text_values::parse_timestamp(&self.computed_at)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embeddings_round_trip_as_little_endian_floats() {
        let embedding: Vec<f32> = (0..EMBEDDING_LEN).map(|i| i as f32 / 7.0 - 3.0).collect();
        let bytes = embedding_bytes(&embedding);
        assert_eq!(bytes.len(), 512);
        assert_eq!(&bytes[4..8], &(1.0f32 / 7.0 - 3.0).to_le_bytes());
        assert_eq!(embedding_from_bytes(&bytes).unwrap(), embedding);
        assert!(embedding_from_bytes(&bytes[..508]).is_err());
    }

    #[test]
    fn outcomes_parse_their_codes() {
        for outcome in [
            BoardOutcome::Computed,
            BoardOutcome::ModelsUnavailable,
            BoardOutcome::PhotosUnreadable,
        ] {
            assert_eq!(BoardOutcome::parse(outcome.as_str()), Some(outcome));
        }
        assert_eq!(BoardOutcome::parse("pending"), None);
    }
}
