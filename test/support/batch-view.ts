/**
 * Plain-JSON views of what map/parallel tests compare: a BatchResult through its whole public API
 * (works for either SDK's BatchResult), and the updates a run sent, grouped per operation.
 */
import type { DurableExecutionInvocationOutput, OperationUpdate } from "../../src/generated/index.js";
import type { RunResult } from "./fake-service.js";

export interface ErrorLink {
  name: string;
  message: string;
}

/** An error and its causes, outermost first (at most `depth` links). */
export function errorChain(error: unknown, depth = 5): ErrorLink[] {
  const chain: ErrorLink[] = [];
  for (let e = error as Error | undefined; e && chain.length < depth; e = e.cause as Error | undefined) {
    chain.push({ name: e.name, message: e.message });
  }
  return chain;
}

/** Every observable of a BatchResult, as plain data. */
export function viewBatch(result: any) {
  let thrown: ErrorLink[] | null = null;
  try {
    result.throwIfError();
  } catch (error) {
    thrown = errorChain(error);
  }
  return {
    status: result.status,
    completionReason: result.completionReason,
    hasFailure: result.hasFailure,
    successCount: result.successCount,
    failureCount: result.failureCount,
    startedCount: result.startedCount,
    totalCount: result.totalCount,
    all: result.all.map((item: any) => ({
      index: item.index,
      status: item.status,
      ...(item.result !== undefined ? { result: item.result } : {}),
      ...(item.error !== undefined ? { error: errorChain(item.error) } : {}),
    })),
    succeeded: result.succeeded().map((item: any) => item.index),
    failed: result.failed().map((item: any) => item.index),
    started: result.started().map((item: any) => item.index),
    results: result.getResults(),
    errors: result.getErrors().map((error: Error) => error.message),
    thrown,
  };
}

const COMPARED_FIELDS = ["Id", "ParentId", "Name", "Type", "SubType", "Action", "Payload", "ContextOptions", "StepOptions", "WaitOptions"] as const;

/** The compared fields of one update, with the error reduced to its type and message. */
export function updateView(update: OperationUpdate): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const field of COMPARED_FIELDS) if (update[field] !== undefined) view[field] = update[field];
  if (update.Error) view.Error = { ErrorType: update.Error.ErrorType, ErrorMessage: update.Error.ErrorMessage };
  return view;
}

/** The updates of a run (EXECUTION updates left out) grouped by operation Id, in the order sent. */
export function updatesByOperation(run: RunResult): Map<string, Record<string, unknown>[]> {
  const byId = new Map<string, Record<string, unknown>[]>();
  for (const update of run.service.updates) {
    if (update.Type === "EXECUTION") continue;
    const list = byId.get(update.Id!) ?? [];
    list.push(updateView(update));
    byId.set(update.Id!, list);
  }
  return byId;
}

/** The parsed Result of a SUCCEEDED invocation output (throws for any other status). */
export function parsedResult(output: DurableExecutionInvocationOutput): any {
  if (output.Status !== "SUCCEEDED") throw new Error(`expected a SUCCEEDED output, got ${JSON.stringify(output)}`);
  return output.Result === undefined ? undefined : JSON.parse(output.Result);
}

/**
 * A handler that runs a batch, records a view of its result, then waits 1 s so that a later
 * invocation replays the stored batch; every invocation that gets past the batch adds its view
 * (the live result first, then the replayed ones). The handler returns the view.
 */
export function recordingBatchHandler<V = ReturnType<typeof viewBatch>>(batch: (ctx: any) => Promise<unknown>, view: (result: any) => V = viewBatch as (result: any) => V) {
  const views: V[] = [];
  const handler = async (_event: unknown, ctx: any) => {
    const seen = view(await batch(ctx));
    views.push(seen);
    await ctx.wait("after", { seconds: 1 });
    return seen;
  };
  return { handler, views };
}
