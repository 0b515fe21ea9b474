-- The identity board of each checked submission (reviewdesk_domain::wire::identity_board): the
-- held card found in the hand-held photo, rectified, and the faces found, each with its aligned
-- crop and its 128-number embedding (reviewdesk_imaging::faces). Written by the photo-check
-- workers; personal data, deleted when the submission is purged. `province` is the
-- submission's, kept here for the repeat-face scan and the calibration.
CREATE TABLE identity_boards (
    submission_id     TEXT PRIMARY KEY REFERENCES submissions (id),
    province          TEXT NOT NULL,
    state             TEXT NOT NULL
                      CHECK (state IN ('computed', 'models_unavailable', 'photos_unreadable')),
    -- The reviewer's words for models_unavailable / photos_unreadable.
    problem           TEXT,
    -- JSON [[x, y] × 4] (top-left, top-right, bottom-right, bottom-left); NULL: no card found.
    held_card_corners TEXT,
    -- Grey JPEG of the rectified card (the uploaded portrait side's size); NULL: no card found.
    held_card_jpeg    BLOB,
    computed_at       TEXT NOT NULL
);

-- One row per face found (a source without a row: not found there).
CREATE TABLE board_faces (
    submission_id TEXT NOT NULL REFERENCES identity_boards (submission_id),
    source        TEXT NOT NULL
                  CHECK (source IN ('card_portrait', 'held_card_portrait', 'handheld_person')),
    province      TEXT NOT NULL,
    -- Grey JPEG, 150 × 150, eyes level.
    crop_jpeg     BLOB NOT NULL,
    -- 128 little-endian f32 (512 bytes).
    embedding     BLOB NOT NULL,
    PRIMARY KEY (submission_id, source)
);
CREATE INDEX board_faces_by_province ON board_faces (province, source);
