-- The face-similarity calibration (reviewdesk_domain::face_calibration): each run a supervisor
-- made on the province's approved cases (the pair counts and the rates at the candidate
-- thresholds, JSON [ThresholdRates]; whether bands may be set from it, and why not), and each
-- setting of the province's similarity bands (the thresholds, who, when, from which run). Both
-- append only: history is kept, the latest bands of a province are in force. Counts and
-- distances only: no face, no name, nothing the retention purge must delete.
CREATE TABLE face_calibration_runs (
    id                     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    province               TEXT NOT NULL,
    run_at                 TEXT NOT NULL,
    run_by                 TEXT NOT NULL,
    same_person_pairs      INTEGER NOT NULL CHECK (same_person_pairs >= 0),
    different_person_pairs INTEGER NOT NULL CHECK (different_person_pairs >= 0),
    -- true: the different-person pairs are a deterministic sample of more candidates.
    different_sampled      BOOLEAN NOT NULL,
    rates                  TEXT NOT NULL,
    sufficient             BOOLEAN NOT NULL,
    thin_reason            TEXT,
    CHECK (sufficient = (thin_reason IS NULL))
);
CREATE INDEX face_calibration_runs_by_province ON face_calibration_runs (province, id);

CREATE TABLE similarity_bands (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    province        TEXT NOT NULL,
    similar_below   DOUBLE PRECISION NOT NULL,
    dissimilar_from DOUBLE PRECISION NOT NULL,
    run_id          BIGINT NOT NULL REFERENCES face_calibration_runs (id),
    set_by          TEXT NOT NULL,
    set_at          TEXT NOT NULL,
    CHECK (0 < similar_below AND similar_below <= dissimilar_from AND dissimilar_from < 2)
);
CREATE INDEX similarity_bands_by_province ON similarity_bands (province, id);
