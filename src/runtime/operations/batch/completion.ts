/**
 * When a batch stops starting items and when it completes (see docs/guide/internals-operations.md#map-and-parallel): fail fast by
 * default, failure thresholds and minSuccessful, or a custom `shouldComplete`.
 */
import {
  describeReceived,
  COMPLETION_REASON_ALL_COMPLETED,
  COMPLETION_REASON_MIN_SUCCESSFUL_REACHED,
  COMPLETION_REASON_FAILURE_TOLERANCE_EXCEEDED,
  COMPLETION_REASON_CUSTOM_COMPLETION_SUCCEEDED,
  COMPLETION_REASON_CUSTOM_COMPLETION_FAILED,
  fixDurableValidationErrorCompletionDecisionInvalid,
  messageDurableValidationErrorCompletionDecisionInvalid,
  CompletionOutcome,
  DurableValidationError,
  everyConfigFieldRead,
  resolveCompletionConfig,
  type CompletionConfig,
  type ResolvedCompletionConfig,
  type CompletionDecision,
  type CompletionReason,
  type CompletionStatus,
} from "../../../generated/index.js";

/**
 * A decision for `shouldComplete`: keep going.
 *
 * @example
 * ```ts
 * const batch = await context.map("charge", cards, async (item, card) => item.step(async () => charge(card)), {
 *   completionConfig: {
 *     // Stop as soon as 100 has been collected; otherwise keep going.
 *     shouldComplete: (status) => (status.successCount * 10 >= 100 ? completeBatch() : continueBatch()),
 *   },
 * });
 * ```
 */
export function continueBatch(): CompletionDecision {
  return { complete: false };
}

/**
 * A decision for `shouldComplete`: complete now, as SUCCEEDED (default) or FAILED.
 *
 * @example
 * ```ts
 * import { CompletionOutcome, completeBatch, continueBatch } from "durable-execution-sdk";
 *
 * const shouldComplete = (status: { failureCount: number; successCount: number }) =>
 *   status.failureCount > 2 ? completeBatch(CompletionOutcome.FAILED)
 *   : status.successCount >= 5 ? completeBatch()
 *   : continueBatch();
 * ```
 */
export function completeBatch(outcome: CompletionOutcome = CompletionOutcome.SUCCEEDED): CompletionDecision {
  return { complete: true, outcome };
}

export interface CompletionPolicy {
  /** Whether `CompletionStatus.items` is consulted (building it costs O(items) per call). */
  readonly needsItems: boolean;
  /** Whether another item may start now. */
  mayStart(status: CompletionStatus): boolean;
  /** After an item settled: the reason to complete now, or undefined to go on. */
  afterSettle(status: CompletionStatus): CompletionReason | undefined;
  /** The reason of a batch that ends in this state. */
  reason(status: CompletionStatus): CompletionReason;
}

export function completionPolicy(method: "map" | "parallel", config: CompletionConfig | undefined): CompletionPolicy {
  const { shouldComplete, ...thresholds } = resolveCompletionConfig(config);
  return shouldComplete ? customPolicy(method, shouldComplete) : thresholdPolicy(thresholds);
}

function thresholdPolicy(thresholds: Omit<ResolvedCompletionConfig, "shouldComplete">): CompletionPolicy {
  const { minSuccessful, toleratedFailureCount: toleratedCount, toleratedFailurePercentage: toleratedPercentage, ...unread } = thresholds;
  everyConfigFieldRead(unread, "CompletionConfig");
  // Fail fast without any field: the resolver fills toleratedFailureCount 0 in (the schema's default).
  const exceeded = (s: CompletionStatus): boolean => {
    if (toleratedCount !== undefined && s.failureCount > toleratedCount) return true;
    return toleratedPercentage !== undefined && s.totalCount > 0 && (s.failureCount / s.totalCount) * 100 > toleratedPercentage;
  };
  const minReached = (s: CompletionStatus): boolean => minSuccessful !== undefined && s.successCount >= minSuccessful;
  const reason = (s: CompletionStatus): CompletionReason => {
    if (exceeded(s)) return COMPLETION_REASON_FAILURE_TOLERANCE_EXCEEDED;
    if (s.completedCount === s.totalCount) return COMPLETION_REASON_ALL_COMPLETED;
    if (minReached(s)) return COMPLETION_REASON_MIN_SUCCESSFUL_REACHED;
    return COMPLETION_REASON_ALL_COMPLETED;
  };
  return {
    needsItems: false,
    mayStart: (s) => !exceeded(s),
    afterSettle: (s) => (s.completedCount === s.totalCount || minReached(s) || exceeded(s) ? reason(s) : undefined),
    reason,
  };
}

function customPolicy(method: "map" | "parallel", shouldComplete: (status: CompletionStatus) => CompletionDecision): CompletionPolicy {
  const decide = (s: CompletionStatus): CompletionReason | undefined => {
    const decision: unknown = shouldComplete(s);
    const d = decision as { complete?: unknown; outcome?: unknown } | null;
    const valid =
      typeof d === "object" &&
      d !== null &&
      typeof d.complete === "boolean" &&
      (d.outcome === undefined || d.outcome === CompletionOutcome.SUCCEEDED || d.outcome === CompletionOutcome.FAILED);
    if (!valid) {
      throw new DurableValidationError({
        operation: method,
        field: `${method}.config.completionConfig.shouldComplete`,
        message: messageDurableValidationErrorCompletionDecisionInvalid(describeReceived(decision)),
        fix: fixDurableValidationErrorCompletionDecisionInvalid,
        received: decision,
      });
    }
    if (!d!.complete) return undefined;
    return d!.outcome === CompletionOutcome.FAILED ? COMPLETION_REASON_CUSTOM_COMPLETION_FAILED : COMPLETION_REASON_CUSTOM_COMPLETION_SUCCEEDED;
  };
  return {
    needsItems: true,
    mayStart: (s) => decide(s) === undefined,
    afterSettle: (s) => decide(s) ?? (s.completedCount === s.totalCount ? COMPLETION_REASON_ALL_COMPLETED : undefined),
    reason: (s) => decide(s) ?? COMPLETION_REASON_ALL_COMPLETED,
  };
}

