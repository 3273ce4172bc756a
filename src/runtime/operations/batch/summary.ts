/**
 * What a batch stores when its result is larger than 256 KiB (see docs/guide/internals-operations.md#map-and-parallel): a JSON summary, with one status
 * character per item so replay knows which items to rebuild from their own checkpoints.
 */
import {
  BatchItemStatus,
  COMPLETION_REASON_ALL_COMPLETED,
  COMPLETION_REASON_CUSTOM_COMPLETION_FAILED,
  COMPLETION_REASON_CUSTOM_COMPLETION_SUCCEEDED,
  COMPLETION_REASON_FAILURE_TOLERANCE_EXCEEDED,
  COMPLETION_REASON_MIN_SUCCESSFUL_REACHED,
  type BatchItem,
  type BatchResult,
  type CompletionReason,
} from "../../../generated/index.js";

export type BatchKind = "map" | "parallel";

/** The mark of a finished item (an unfinished one keeps UNFINISHED_MARK). */
const MARK_OF: Partial<Record<BatchItemStatus, string>> = { [BatchItemStatus.SUCCEEDED]: "S", [BatchItemStatus.FAILED]: "F" };
const UNFINISHED_MARK = "-";

/**
 * The completion reasons a stored summary may carry. A record keyed by the schema's CompletionReason type,
 * so a reason added to schema/types.yaml is a compile error here until it is listed (a set would let it
 * be dropped on replay without a word).
 */
const COMPLETION_REASONS: Readonly<Record<CompletionReason, true>> = {
  [COMPLETION_REASON_ALL_COMPLETED]: true,
  [COMPLETION_REASON_MIN_SUCCESSFUL_REACHED]: true,
  [COMPLETION_REASON_FAILURE_TOLERANCE_EXCEEDED]: true,
  [COMPLETION_REASON_CUSTOM_COMPLETION_SUCCEEDED]: true,
  [COMPLETION_REASON_CUSTOM_COMPLETION_FAILED]: true,
};

/** `S`/`F`/`-` for every index up to the highest one present in `items` ("" when there is none). */
export function encodeItemStatuses(items: ReadonlyArray<Pick<BatchItem<unknown>, "index" | "status">>): string {
  let highest = -1;
  for (const item of items) if (typeof item?.index === "number" && item.index > highest) highest = item.index;
  if (highest < 0) return "";
  const marks = new Array<string>(highest + 1).fill(UNFINISHED_MARK);
  for (const item of items) {
    const mark = MARK_OF[item?.status];
    if (mark && typeof item.index === "number" && item.index >= 0) marks[item.index] = mark;
  }
  return marks.join("");
}

/** The summary stored instead of a result over 256 KiB; a user summaryGenerator's text goes under `summary`. */
export function batchSummary(kind: BatchKind, result: BatchResult<unknown>, userSummary?: (result: BatchResult<unknown>) => string): string {
  const record: Record<string, unknown> = {
    type: kind === "map" ? "MapResult" : "ParallelResult",
    totalCount: result.totalCount,
    successCount: result.successCount,
    failureCount: result.failureCount,
  };
  if (kind === "parallel") record.startedCount = result.startedCount;
  record.completionReason = result.completionReason;
  record.status = result.status;
  record.itemStatuses = encodeItemStatuses(result.all);
  if (userSummary) record.summary = userSummary(result);
  return JSON.stringify(record);
}

/** What replay can trust from a stored batch payload (a summary or a full BatchResult). */
export interface RecordedBatch {
  completionReason?: CompletionReason;
  itemStatuses?: string;
}

/** Reads the completion reason and item statuses from a stored payload; unknown or malformed values are ignored. */
export function readRecordedBatch(payload: string | undefined): RecordedBatch {
  if (!payload) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return {};
  }
  if (typeof parsed !== "object" || parsed === null) return {};
  const record = parsed as Record<string, unknown>;
  const out: RecordedBatch = {};
  const reason = Object.hasOwn(record, "completionReason") ? record.completionReason : undefined;
  if (typeof reason === "string" && Object.hasOwn(COMPLETION_REASONS, reason)) out.completionReason = reason as CompletionReason;
  if (Object.hasOwn(record, "itemStatuses")) {
    const marks = record.itemStatuses;
    if (typeof marks === "string" && /^[SF-]+$/.test(marks)) out.itemStatuses = marks;
  } else if (Object.hasOwn(record, "all") && Array.isArray(record.all)) {
    const marks = encodeItemStatuses((record.all as unknown[]).filter((i): i is BatchItem<unknown> => typeof i === "object" && i !== null));
    if (marks) out.itemStatuses = marks;
  }
  return out;
}
