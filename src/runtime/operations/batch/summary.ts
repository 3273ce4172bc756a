/**
 * What a batch stores when its result is larger than 256 KiB (see docs/guide/internals-operations.md#map-and-parallel): a JSON summary, with one status
 * character per item so replay knows which items to rebuild from their own checkpoints.
 */
import {
  BatchItemStatus,
  COMPLETION_REASON_VALUES,
  type BatchItem,
  type BatchResult,
  type CompletionReason,
} from "../../../generated/index.js";

export type BatchKind = "map" | "parallel";

/** The mark of a finished item (an unfinished one keeps UNFINISHED_MARK). */
const MARK_OF: Partial<Record<BatchItemStatus, string>> = { [BatchItemStatus.SUCCEEDED]: "S", [BatchItemStatus.FAILED]: "F" };
const UNFINISHED_MARK = "-";

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
  if (typeof reason === "string" && COMPLETION_REASON_VALUES.has(reason as CompletionReason)) out.completionReason = reason as CompletionReason;
  if (Object.hasOwn(record, "itemStatuses")) {
    const marks = record.itemStatuses;
    if (typeof marks === "string" && /^[SF-]+$/.test(marks)) out.itemStatuses = marks;
  } else if (Object.hasOwn(record, "all") && Array.isArray(record.all)) {
    const marks = encodeItemStatuses((record.all as unknown[]).filter((i): i is BatchItem<unknown> => typeof i === "object" && i !== null));
    if (marks) out.itemStatuses = marks;
  }
  return out;
}
