/**
 * Read side of the execution state: ReplayChildren pruning, pagination and defensive copies.
 */
import { DEFAULT_PAGE_ITEMS, MAX_PAGE_ITEMS, OperationType, REPLAYABLE_OPERATION_STATUSES, type Operation } from "../generated/index.js";
import { InvalidParameterValueException, SERVICE_MESSAGES } from "./errors.js";
import type { ExecutionRecord } from "./execution-record.js";
import { plainCopy } from "./plain-copy.js";
import { exportEvent, type HistoryEvent } from "./history.js";
import type { GetHistoryRequest, GetHistoryResponse } from "./store-types.js";

export interface PageLimits {
  /** Page size when MaxItems is absent or 0. */
  readonly defaultSize: number;
  /** Largest allowed MaxItems. */
  readonly maxSize: number;
}

/** GetDurableExecutionState, GetDurableExecutionHistory, ListDurableExecutionsByFunction (0 = the default). */
export const STATE_PAGE_LIMITS: PageLimits = { defaultSize: DEFAULT_PAGE_ITEMS, maxSize: MAX_PAGE_ITEMS };

export interface Page<T> {
  readonly items: T[];
  /** Marker of the next page; undefined when this is the last page. */
  readonly nextMarker: string | undefined;
}

/** Cuts one page out of `items`. Markers are opaque to callers (they encode an offset). */
export function paginate<T>(
  items: readonly T[],
  marker: string | undefined | null,
  maxItems: number | undefined | null,
  limits: PageLimits,
): Page<T> {
  let size = limits.defaultSize;
  if (maxItems !== undefined && maxItems !== null && maxItems !== 0) {
    if (!Number.isInteger(maxItems) || maxItems < 0 || maxItems > limits.maxSize) {
      throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.maxItemsInvalid(limits.maxSize, String(maxItems)));
    }
    size = maxItems;
  }
  let offset = 0;
  if (marker !== undefined && marker !== null && marker !== "") {
    offset = /^\d+$/.test(marker) ? Number(marker) : NaN;
    if (!Number.isSafeInteger(offset) || offset > items.length) {
      throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.markerInvalid(marker));
    }
  }
  const end = Math.min(items.length, offset + size);
  return { items: items.slice(offset, end), nextMarker: end < items.length ? String(end) : undefined };
}

function hidesChildren(op: Operation): boolean {
  return (
    op.Type === OperationType.CONTEXT &&
    REPLAYABLE_OPERATION_STATUSES.has(op.Status!) &&
    op.ContextDetails?.ReplayChildren !== true
  );
}

/**
 * Operations in start order, without the descendants of completed CONTEXT operations whose
 * ReplayChildren is not true (transitively). Parents always precede their children in start order,
 * so one pass suffices.
 */
export function visibleOperations(record: ExecutionRecord): Operation[] {
  const hidden = new Set<string>();
  const visible: Operation[] = [];
  for (const { op } of record.operations.values()) {
    if (op.ParentId !== undefined && hidden.has(op.ParentId)) {
      hidden.add(op.Id!);
      continue;
    }
    visible.push(op);
    if (hidesChildren(op)) hidden.add(op.Id!);
  }
  return visible;
}

/** A copy the caller may mutate without affecting the service's state. */
export function cloneOperation(op: Operation): Operation {
  return plainCopy(op);
}

/** IncludeExecutionData of GetDurableExecution and GetDurableExecutionHistory when the request leaves it out: the API's default is true. */
export const INCLUDE_EXECUTION_DATA_BY_DEFAULT = true;

/** One page of GetDurableExecutionHistory over an execution's events (default 100, max 1000 per page). */
export function historyPage(events: readonly HistoryEvent[], request: GetHistoryRequest): GetHistoryResponse {
  const ordered = request.ReverseOrder ? [...events].reverse() : events;
  const page = paginate(ordered, request.Marker, request.MaxItems, STATE_PAGE_LIMITS);
  const options = { includeExecutionData: request.IncludeExecutionData ?? INCLUDE_EXECUTION_DATA_BY_DEFAULT };
  const response: GetHistoryResponse = { Events: page.items.map((event) => exportEvent(event, options)) };
  if (page.nextMarker !== undefined) response.NextMarker = page.nextMarker;
  return response;
}
