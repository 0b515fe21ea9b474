// The identity board (人证比对), asked for on demand: one command, online (the server checks the
// lease and audits the read). And what the board says, as pure values: every state in words,
// every face found or not, no similarity until the deployment is calibrated, and a band (once
// calibrated) only ever as a hint for a person. Components call this; the command stays here.
import {
  commands,
  type AppError,
  type BoardState,
  type FaceSource,
  type IdentityBoardView,
  type Result,
  type SimilarityBand,
} from "./bindings";
import type { MessageKey } from "./i18n/zh-CN";

export function identityBoard(submissionId: string): Promise<Result<IdentityBoardView, AppError>> {
  return commands.identityBoard(submissionId);
}

/** The three faces, in board order (the domain's `FaceSource::ALL`). */
export const FACE_SOURCES: FaceSource[] = ["card_portrait", "held_card_portrait", "handheld_person"];

/** One face as the board shows it: its label, its crop (a data URL) or why there is none. */
export type FaceCell = {
  source: FaceSource;
  label: MessageKey;
  /** `data:image/jpeg;base64,…`, or null when there is no crop. */
  src: string | null;
  /** Found, not found (and why), or not looked for. */
  state: MessageKey;
  found: boolean;
};

/** One calibrated pair: both faces' labels and the band, always a hint. */
export type PairCell = { first: MessageKey; second: MessageKey; band: SimilarityBand; label: MessageKey };

/** Everything the board says about one view. */
export type BoardText = {
  /** The sentence for a board that compared nothing (pending, models or photos unavailable). */
  notice: MessageKey | null;
  /** The server's words naming what was missing (a model file), shown under the notice. */
  problem: string | null;
  /** The rectified held card, or null with `heldCardState` saying why. */
  heldCard: { src: string; width: number; height: number } | null;
  heldCardState: MessageKey | null;
  faces: FaceCell[];
  /** The similarity line: not calibrated, or the caveat over the bands. */
  similarity: MessageKey;
  pairs: PairCell[];
};

const NOTICE: Record<BoardState, MessageKey | null> = {
  pending: "board.pending",
  computed: null,
  models_unavailable: "board.modelsUnavailable",
  photos_unreadable: "board.photosUnreadable",
};

const FACE_LABEL: Record<FaceSource, MessageKey> = {
  card_portrait: "board.face.card_portrait",
  held_card_portrait: "board.face.held_card_portrait",
  handheld_person: "board.face.handheld_person",
};

const BAND_LABEL: Record<SimilarityBand, MessageKey> = {
  similar: "board.band.similar",
  uncertain: "board.band.uncertain",
  dissimilar: "board.band.dissimilar",
};

export function faceLabel(source: FaceSource): MessageKey {
  return FACE_LABEL[source];
}

export function bandLabel(band: SimilarityBand): MessageKey {
  return BAND_LABEL[band];
}

function jpeg(base64: string): string {
  return `data:image/jpeg;base64,${base64}`;
}

/** Why a face of a computed board has no crop: the held card's portrait needs the held card. */
function missingFace(source: FaceSource, heldCardFound: boolean): MessageKey {
  if (source === "held_card_portrait" && !heldCardFound) return "board.noHeldCard";
  return "board.noFace";
}

/** What the board says about `view`. */
export function boardText(view: IdentityBoardView): BoardText {
  const computed = view.state === "computed";
  const heldCard = view.held_card ? { src: jpeg(view.held_card.rectified_jpeg), width: view.held_card.width, height: view.held_card.height } : null;
  // Not found is said only once it was looked for: computed, or models missing (the card is
  // looked for without them); pending and unreadable photos looked for nothing.
  const cardLookedFor = computed || view.state === "models_unavailable";
  const heldCardState: MessageKey | null = heldCard ? null : cardLookedFor ? "board.heldCardMissing" : "board.heldCardNotLooked";
  const faces = FACE_SOURCES.map((source): FaceCell => {
    const face = view.faces.find((candidate) => candidate.source === source);
    const label = FACE_LABEL[source];
    if (!computed) return { source, label, src: null, state: "board.notLooked", found: false };
    if (!face) return { source, label, src: null, state: "board.noResult", found: false };
    if (face.crop_jpeg === null) return { source, label, src: null, state: missingFace(source, heldCard !== null), found: false };
    return { source, label, src: jpeg(face.crop_jpeg), state: "board.found", found: true };
  });
  // A band only from a calibrated deployment, and only between two faces both on screen.
  const found = new Set(faces.filter((face) => face.found).map((face) => face.source));
  const pairs = !view.calibrated
    ? []
    : view.bands
        .filter((pair) => found.has(pair.first) && found.has(pair.second))
        .map((pair) => ({ first: FACE_LABEL[pair.first], second: FACE_LABEL[pair.second], band: pair.band, label: BAND_LABEL[pair.band] }));
  const similarity: MessageKey = !view.calibrated ? "board.uncalibrated" : pairs.length === 0 ? "board.noPairs" : "board.bandsCaveat";
  // Pending with a reason (the checks gave up, the models are missing now): no promise that it
  // updates by itself, the reason instead.
  const notice = view.state === "pending" && view.problem ? "board.pendingStuck" : NOTICE[view.state];
  return { notice, problem: view.problem, heldCard, heldCardState, faces, similarity, pairs };
}

/** A width and a height in pixels. */
export type Size = { width: number; height: number };

/** `size` turned by `rotateCw` degrees (quarter turns): sideways swaps its sides. */
export function turned(size: Size, rotateCw: number): Size {
  return ((rotateCw % 360) + 360) % 180 === 90 ? { width: size.height, height: size.width } : size;
}

/**
 * One scale for every image so that each fits `box` (side by side they share its height; each
 * gets a column `box.width` wide): the uploaded card and the rectified held card are drawn at
 * the same pixels-per-pixel, so their number, name and portrait line up for the eye. Never
 * enlarges beyond 1, never below a sliver; empty sizes give 0.
 */
export function sameScale(sizes: Size[], box: Size): number {
  const real = sizes.filter((size) => size.width > 0 && size.height > 0);
  if (real.length === 0 || box.width <= 0 || box.height <= 0) return 0;
  const widest = Math.max(...real.map((size) => size.width));
  const tallest = Math.max(...real.map((size) => size.height));
  return Math.min(1, box.width / widest, box.height / tallest);
}
