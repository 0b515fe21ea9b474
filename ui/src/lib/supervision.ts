// The supervisor's online work, one function per command: the second-review list, a case and a
// verdict on it, the decision log and its export and saved views, golden items, a case's timeline, statistics
// and the audit chain's verification, and the face-similarity calibration. Components call these; the commands stay here.
import {
  commands,
  type AppError,
  type AuditVerification,
  type CalibrationRun,
  type CalibrationStatus,
  type SetBandsRequest,
  type SimilarityBands,
  type CaseSearchResult,
  type QueueOverview,
  type RevokedLease,
  type SavedView,
  type CaseSheet,
  type DecisionLogFilter,
  type DecisionLogPage,
  type ExportFormat,
  type GoldenItem,
  type Result,
  type SecondReviewItem,
  type SecondReviewReceipt,
  type Stats,
  type Timeline,
  type VerdictInput,
} from "./bindings";

export function secondReviews(): Promise<Result<SecondReviewItem[], AppError>> {
  return commands.secondReviews();
}

export function caseSheet(submissionId: string): Promise<Result<CaseSheet, AppError>> {
  return commands.caseSheet(submissionId);
}

export function secondReview(verdict: VerdictInput): Promise<Result<SecondReviewReceipt, AppError>> {
  return commands.secondReview(verdict);
}

export function decisionLog(filter: DecisionLogFilter, cursor: string | null): Promise<Result<DecisionLogPage, AppError>> {
  return commands.decisionLog(filter, cursor, null);
}

export function exportDecisions(filter: DecisionLogFilter, format: ExportFormat, full: boolean): Promise<Result<string, AppError>> {
  return commands.exportDecisions(filter, format, full);
}

export function plantGolden(sourceId: string): Promise<Result<GoldenItem, AppError>> {
  return commands.plantGolden(sourceId);
}

export function findCases(q: string): Promise<Result<CaseSearchResult, AppError>> {
  return commands.findCases(q);
}

export function exportMonthlyReport(month: string): Promise<Result<string, AppError>> {
  return commands.exportMonthlyReport(month);
}

export function queueOverview(): Promise<Result<QueueOverview, AppError>> {
  return commands.queueOverview();
}

export function revokeLease(submissionId: string): Promise<Result<RevokedLease, AppError>> {
  return commands.revokeLease(submissionId);
}

export function savedViews(): Promise<Result<SavedView[], AppError>> {
  return commands.savedViews();
}

export function saveView(name: string, filter: DecisionLogFilter): Promise<Result<SavedView, AppError>> {
  return commands.saveView(name, filter);
}

export function deleteView(name: string): Promise<Result<null, AppError>> {
  return commands.deleteView(name);
}

export function timeline(submissionId: string): Promise<Result<Timeline, AppError>> {
  return commands.timeline(submissionId);
}

export function stats(from: string, to: string): Promise<Result<Stats, AppError>> {
  return commands.stats(from, to);
}

export function verifyAudit(): Promise<Result<AuditVerification, AppError>> {
  return commands.verifyAudit();
}

export function faceCalibration(): Promise<Result<CalibrationStatus, AppError>> {
  return commands.faceCalibration();
}

export function runFaceCalibration(): Promise<Result<CalibrationRun, AppError>> {
  return commands.runFaceCalibration();
}

export function setSimilarityBands(bands: SetBandsRequest): Promise<Result<SimilarityBands, AppError>> {
  return commands.setSimilarityBands(bands);
}
