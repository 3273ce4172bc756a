/** BatchResult, its serdes, batch summaries and the completion policy, as units. */
import { completeBatch as refCompleteBatch, continueBatch as refContinueBatch } from "@aws/durable-execution-sdk-js";
import { describe, expect, it } from "vitest";
import {
  BatchCompletionError,
  BatchItemStatus,
  CompletionOutcome,
  ChildContextError,
  DurableValidationError,
  StepError,
  type BatchItem,
  type CompletionStatus,
} from "../../src/generated/index.js";
import {
  BatchResultImpl,
  batchResultSerdes,
  rebuildBatchError,
  restoreBatchResult,
  storeBatchError,
} from "../../src/runtime/operations/batch/batch-result.js";
import { completionPolicy } from "../../src/runtime/operations/batch/completion.js";
import { batchSummary, encodeItemStatuses, readRecordedBatch } from "../../src/runtime/operations/batch/summary.js";
import { completeBatch, continueBatch } from "../../src/runtime/operations/map-parallel.js";
import { errorChain } from "../support/batch-view.js";

const serdesContext = { entityId: "1", durableExecutionArn: "arn" };

function itemError(message: string): ChildContextError {
  const inner = new Error(message);
  inner.name = "ValidationFailure";
  return new ChildContextError(message, new StepError(message, inner));
}

function sample(reason: BatchResultImpl<string>["completionReason"] = "MIN_SUCCESSFUL_REACHED") {
  const items: BatchItem<string>[] = [
    { result: "a", index: 0, status: BatchItemStatus.SUCCEEDED },
    { error: itemError("b broke"), index: 1, status: BatchItemStatus.FAILED },
    { index: 2, status: BatchItemStatus.STARTED },
    { result: "d", index: 3, status: BatchItemStatus.SUCCEEDED },
    { index: 5, status: BatchItemStatus.SUCCEEDED },
  ];
  return new BatchResultImpl(items, reason);
}

describe("BatchResultImpl", () => {
  it("counts, filters and results", () => {
    const result = sample();
    expect([result.successCount, result.failureCount, result.startedCount, result.totalCount]).toEqual([3, 1, 1, 5]);
    expect(result.hasFailure).toBe(true);
    expect(result.status).toBe("FAILED");
    // succeeded() leaves out items whose result is undefined, like getResults().
    expect(result.succeeded().map((i) => i.index)).toEqual([0, 3]);
    expect(result.failed().map((i) => i.index)).toEqual([1]);
    expect(result.started().map((i) => i.index)).toEqual([2]);
    expect(result.getResults()).toEqual(["a", "d"]);
    expect(result.getErrors().map((e) => e.message)).toEqual(["b broke"]);
    // Fresh arrays every call.
    result.succeeded().pop();
    expect(result.succeeded()).toHaveLength(2);
  });

  it("JSON shows only all and completionReason", () => {
    expect(Object.keys(JSON.parse(JSON.stringify(sample())))).toEqual(["all", "completionReason"]);
  });

  it("status: failures make it FAILED unless a custom completion decided", () => {
    const ok = new BatchResultImpl<number>([{ result: 1, index: 0, status: BatchItemStatus.SUCCEEDED }], "ALL_COMPLETED");
    expect(ok.status).toBe("SUCCEEDED");
    expect(() => ok.throwIfError()).not.toThrow();
    expect(sample("CUSTOM_COMPLETION_SUCCEEDED").status).toBe("SUCCEEDED");
    expect(new BatchResultImpl<number>([{ result: 1, index: 0, status: BatchItemStatus.SUCCEEDED }], "CUSTOM_COMPLETION_FAILED").status).toBe("FAILED");
  });

  it("throwIfError: the first item error, else BatchCompletionError for a FAILED batch", () => {
    const result = sample("CUSTOM_COMPLETION_SUCCEEDED");
    expect(() => result.throwIfError()).toThrow(result.all[1]!.error!);
    const failedWithoutErrors = new BatchResultImpl<number>([{ result: 1, index: 0, status: BatchItemStatus.SUCCEEDED }], "CUSTOM_COMPLETION_FAILED");
    let thrown: unknown;
    try {
      failedWithoutErrors.throwIfError();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BatchCompletionError);
    expect(thrown).toMatchObject({ completionReason: "CUSTOM_COMPLETION_FAILED", message: "Batch completed as failed by shouldComplete (CUSTOM_COMPLETION_FAILED)" });
  });

  it("an empty result", () => {
    const empty = new BatchResultImpl<never>([], "ALL_COMPLETED");
    expect([empty.totalCount, empty.successCount, empty.status, empty.hasFailure]).toEqual([0, 0, "SUCCEEDED", false]);
    expect(empty.getResults()).toEqual([]);
  });
});

describe("batchResultSerdes", () => {
  it("stores items with errors as ErrorObjects with nested causes", async () => {
    const text = await batchResultSerdes.serialize(sample(), serdesContext);
    expect(JSON.parse(text!)).toEqual({
      all: [
        { result: "a", index: 0, status: "SUCCEEDED" },
        {
          error: {
            ErrorType: "ChildContextError",
            ErrorMessage: "b broke",
            Cause: { ErrorType: "StepError", ErrorMessage: "b broke", Cause: { ErrorType: "ValidationFailure", ErrorMessage: "b broke" } },
          },
          index: 1,
          status: "FAILED",
        },
        { index: 2, status: "STARTED" },
        { result: "d", index: 3, status: "SUCCEEDED" },
        { index: 5, status: "SUCCEEDED" },
      ],
      completionReason: "MIN_SUCCESSFUL_REACHED",
    });
    // Key order on the wire: result | error, index, status.
    expect(text!.startsWith('{"all":[{"result":"a","index":0,"status":"SUCCEEDED"},{"error":{"ErrorType":"ChildContextError"')).toBe(true);
  });

  it("round-trips to a BatchResult with the same API and rebuilt errors", async () => {
    const original = sample();
    const restored = (await batchResultSerdes.deserialize(await batchResultSerdes.serialize(original, serdesContext), serdesContext))!;
    expect(restored).toBeInstanceOf(BatchResultImpl);
    expect(restored.completionReason).toBe("MIN_SUCCESSFUL_REACHED");
    expect([restored.successCount, restored.failureCount, restored.startedCount, restored.totalCount]).toEqual([3, 1, 1, 5]);
    const error = restored.all[1]!.error!;
    expect(error).toBeInstanceOf(ChildContextError);
    expect(error.cause).toBeInstanceOf(StepError);
    expect(errorChain(error)).toEqual([
      { name: "ChildContextError", message: "b broke" },
      { name: "StepError", message: "b broke" },
      { name: "ValidationFailure", message: "b broke" },
    ]);
    expect(restored.all[2]).toEqual({ index: 2, status: "STARTED" });
    expect(await batchResultSerdes.serialize(restored, serdesContext)).toBe(await batchResultSerdes.serialize(original, serdesContext));
  });

  it("keeps ErrorData and undefined data stays undefined", async () => {
    const failed = new BatchResultImpl<string>([{ error: new ChildContextError("x", undefined, "extra-data"), index: 0, status: BatchItemStatus.FAILED }], "FAILURE_TOLERANCE_EXCEEDED");
    const text = await batchResultSerdes.serialize(failed, serdesContext);
    expect(JSON.parse(text!).all[0].error).toEqual({ ErrorType: "ChildContextError", ErrorMessage: "x", ErrorData: "extra-data" });
    const back = await batchResultSerdes.deserialize(text, serdesContext);
    expect(back!.all[0]!.error!.errorData).toBe("extra-data");
    expect(await batchResultSerdes.serialize(undefined, serdesContext)).toBeUndefined();
    expect(await batchResultSerdes.deserialize(undefined, serdesContext)).toBeUndefined();
  });

  it("a cyclic cause chain is cut instead of overflowing the stack", () => {
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    a.cause = b;
    let depth = 0;
    for (let s: any = storeBatchError(a); s; s = s.Cause) depth++;
    expect(depth).toBe(33);
  });
});

describe("restoring stored errors and results", () => {
  it("rebuildBatchError: known durable types get their class, others a named Error", () => {
    const known = rebuildBatchError({ ErrorType: "InvokeError", ErrorMessage: "target failed", Cause: { ErrorType: "TimeoutError", ErrorMessage: "too slow" } });
    expect(errorChain(known)).toEqual([
      { name: "InvokeError", message: "target failed" },
      { name: "TimeoutError", message: "too slow" },
    ]);
    const unknown = rebuildBatchError({ ErrorType: "BusinessError", ErrorMessage: "nope", StackTrace: ["at x", "at y"] });
    expect(unknown.name).toBe("BusinessError");
    expect(unknown.stack).toBe("at x\nat y");
    expect(rebuildBatchError({}).name).toBe("Error");
  });

  it("restoreBatchResult: item errors always become ChildContextError; non-batch values pass through", () => {
    const restored = restoreBatchResult<number>({
      all: [
        { error: { ErrorType: "StepError", ErrorMessage: "inner" }, index: 0, status: "FAILED" },
        { error: new RangeError("live error"), index: 1, status: "FAILED" },
        null,
      ],
      completionReason: "ALL_COMPLETED",
    });
    expect(restored.all).toHaveLength(2);
    expect(restored.all.map((i) => i.error instanceof ChildContextError)).toEqual([true, true]);
    expect(errorChain(restored.all[0]!.error).map((l) => l.name)).toEqual(["ChildContextError", "StepError", "StepError"]);
    expect(restored.all[1]!.error!.cause).toBeInstanceOf(RangeError);
    expect(restoreBatchResult({ all: [] }).completionReason).toBe("ALL_COMPLETED");
    expect(restoreBatchResult("plain" as unknown)).toBe("plain");
    const impl = sample();
    expect(restoreBatchResult(impl)).toBe(impl);
  });
});

describe("summaries", () => {
  it("encodeItemStatuses: one mark per index up to the highest present", () => {
    expect(encodeItemStatuses(sample().all)).toBe("SF-S-S");
    expect(encodeItemStatuses([])).toBe("");
  });

  it("map and parallel summaries, with the user's text under summary", () => {
    const result = sample();
    expect(batchSummary("map", result)).toBe(
      '{"type":"MapResult","totalCount":5,"successCount":3,"failureCount":1,"completionReason":"MIN_SUCCESSFUL_REACHED","status":"FAILED","itemStatuses":"SF-S-S"}',
    );
    expect(batchSummary("parallel", result, (r) => `${r.totalCount} items`)).toBe(
      '{"type":"ParallelResult","totalCount":5,"successCount":3,"failureCount":1,"startedCount":1,"completionReason":"MIN_SUCCESSFUL_REACHED","status":"FAILED","itemStatuses":"SF-S-S","summary":"5 items"}',
    );
  });

  it("readRecordedBatch trusts only valid reasons and marks", () => {
    expect(readRecordedBatch(batchSummary("map", sample()))).toEqual({ completionReason: "MIN_SUCCESSFUL_REACHED", itemStatuses: "SF-S-S" });
    expect(readRecordedBatch('{"completionReason":"WHATEVER","itemStatuses":"SX"}')).toEqual({});
    expect(readRecordedBatch('{"itemStatuses":""}')).toEqual({});
    expect(readRecordedBatch('{"all":[{"index":1,"status":"FAILED"}],"completionReason":"ALL_COMPLETED"}')).toEqual({ completionReason: "ALL_COMPLETED", itemStatuses: "-F" });
    expect(readRecordedBatch("free-form text")).toEqual({});
    expect(readRecordedBatch('"a string"')).toEqual({});
    expect(readRecordedBatch(undefined)).toEqual({});
  });
});

function status(success: number, failure: number, total: number, items: CompletionStatus["items"] = []): CompletionStatus {
  return { successCount: success, failureCount: failure, completedCount: success + failure, totalCount: total, items };
}

describe("completion policy", () => {
  it("fail fast without thresholds", () => {
    for (const config of [undefined, {}, { minSuccessful: undefined }]) {
      const policy = completionPolicy("map", config);
      expect(policy.mayStart(status(2, 0, 5))).toBe(true);
      expect(policy.afterSettle(status(2, 0, 5))).toBeUndefined();
      expect(policy.mayStart(status(0, 1, 5))).toBe(false);
      expect(policy.afterSettle(status(0, 1, 5))).toBe("FAILURE_TOLERANCE_EXCEEDED");
      expect(policy.afterSettle(status(4, 1, 5))).toBe("FAILURE_TOLERANCE_EXCEEDED");
      expect(policy.afterSettle(status(5, 0, 5))).toBe("ALL_COMPLETED");
      expect(policy.reason(status(0, 0, 0))).toBe("ALL_COMPLETED");
    }
  });

  it("thresholds: tolerance first, then all completed, then minSuccessful", () => {
    const min = completionPolicy("map", { minSuccessful: 2 });
    expect(min.afterSettle(status(1, 7, 10))).toBeUndefined();
    expect(min.afterSettle(status(2, 7, 10))).toBe("MIN_SUCCESSFUL_REACHED");
    expect(min.afterSettle(status(2, 0, 2))).toBe("ALL_COMPLETED");
    const count = completionPolicy("map", { toleratedFailureCount: 1, minSuccessful: 1 });
    expect(count.afterSettle(status(0, 1, 4))).toBeUndefined();
    expect(count.afterSettle(status(0, 2, 4))).toBe("FAILURE_TOLERANCE_EXCEEDED");
    expect(count.afterSettle(status(1, 2, 3))).toBe("FAILURE_TOLERANCE_EXCEEDED");
    const pct = completionPolicy("parallel", { toleratedFailurePercentage: 50 });
    expect(pct.mayStart(status(0, 2, 4))).toBe(true);
    expect(pct.mayStart(status(0, 3, 4))).toBe(false);
    expect(pct.reason(status(0, 3, 4))).toBe("FAILURE_TOLERANCE_EXCEEDED");
  });

  it("custom shouldComplete decides, with CUSTOM_COMPLETION_* reasons", () => {
    const policy = completionPolicy("map", {
      shouldComplete: (s) => (s.failureCount > 1 ? completeBatch(CompletionOutcome.FAILED) : s.successCount > 2 ? completeBatch() : continueBatch()),
    });
    expect(policy.mayStart(status(0, 0, 5))).toBe(true);
    expect(policy.afterSettle(status(1, 1, 5))).toBeUndefined();
    expect(policy.afterSettle(status(1, 2, 5))).toBe("CUSTOM_COMPLETION_FAILED");
    expect(policy.afterSettle(status(3, 0, 5))).toBe("CUSTOM_COMPLETION_SUCCEEDED");
    expect(policy.afterSettle(status(2, 1, 3))).toBe("ALL_COMPLETED");
    expect(policy.reason(status(0, 0, 0))).toBe("ALL_COMPLETED");
  });

  it("a malformed decision is a DurableValidationError naming the field", () => {
    const policy = completionPolicy("parallel", { shouldComplete: () => ({ complete: true, outcome: "MAYBE" }) as never });
    expect(() => policy.mayStart(status(0, 0, 1))).toThrow(DurableValidationError);
    try {
      policy.mayStart(status(0, 0, 1));
    } catch (error) {
      expect((error as DurableValidationError).field).toBe("parallel.config.completionConfig.shouldComplete");
    }
  });

  it("completeBatch / continueBatch give the same decisions as the reference SDK", () => {
    expect(continueBatch()).toEqual(refContinueBatch());
    expect(completeBatch()).toEqual(refCompleteBatch());
    expect(completeBatch(CompletionOutcome.FAILED)).toEqual(refCompleteBatch("FAILED" as never));
  });
});
