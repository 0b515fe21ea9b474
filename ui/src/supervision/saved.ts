// A verdict just recorded, carried to where the supervisor goes next (the next item or the list)
// so that it can say what was saved.
import type { SecondReviewReceipt } from "../lib/bindings";

export type Saved = { receipt: SecondReviewReceipt; caseNumber: string };
