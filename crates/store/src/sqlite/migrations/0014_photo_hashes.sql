-- Perceptual hashes of each photo (reviewdesk_imaging::perceptual; reviewdesk_store::photo_hashes):
-- written by the photo-check workers, scanned for near duplicates among other applicants'
-- photos of the same province. `province` is the submission's, kept here for the scan.
CREATE TABLE photo_hashes (
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    side          TEXT NOT NULL CHECK (side IN ('portrait', 'emblem', 'handheld')),
    region        TEXT NOT NULL CHECK (region IN ('whole', 'inset3', 'inset6', 'card', 'face')),
    province      TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    bits          BLOB NOT NULL,
    PRIMARY KEY (submission_id, side, region)
);
CREATE INDEX photo_hashes_by_province ON photo_hashes (province, region);
