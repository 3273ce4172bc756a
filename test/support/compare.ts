/** Runs one handler on our SDK and on the reference SDK and compares what they sent and returned. */
import { expect } from "vitest";
import type { OperationUpdate } from "../../src/generated/index.js";
import { runToCompletion, type RunResult } from "./fake-service.js";
import { ours, reference } from "./sdks.js";

export type Handler = (event: any, ctx: any) => Promise<unknown>;

/** The fields the compatibility criteria compare for each update. */
export function summariseUpdate(u: OperationUpdate) {
  return {
    Id: u.Id,
    ParentId: u.ParentId,
    Name: u.Name,
    Type: u.Type,
    SubType: u.SubType,
    Action: u.Action,
    Payload: u.Payload,
    ErrorType: u.Error?.ErrorType,
    ErrorMessage: u.Error?.ErrorMessage,
    StepOptions: u.StepOptions,
    WaitOptions: u.WaitOptions,
    ContextOptions: u.ContextOptions,
    CallbackOptions: u.CallbackOptions,
    ChainedInvokeOptions: u.ChainedInvokeOptions,
  };
}

/** Updates grouped per operation Id (EXECUTION updates left out: their Id is time-based). */
export function perOperation(run: RunResult): Record<string, ReturnType<typeof summariseUpdate>[]> {
  const out: Record<string, ReturnType<typeof summariseUpdate>[]> = {};
  for (const u of run.service.updates) {
    if (u.Type === "EXECUTION") continue;
    (out[u.Id!] ??= []).push(summariseUpdate(u));
  }
  return out;
}

/** Runs `handler` on both SDKs (same input, same service behaviour) and asserts identical updates and result. */
export async function compareWithReference(
  handler: Handler,
  input: unknown = {},
  options: Parameters<typeof runToCompletion>[2] & { maskStacks?: boolean } = {},
) {
  const mine = await runToCompletion(ours(handler), input, { ...options, service: undefined });
  const theirs = await runToCompletion(reference(handler), input, { ...options, service: undefined });
  expectSameRuns(mine, theirs, options);
  return { mine, theirs };
}

/** The comparison of compareWithReference, on two finished runs. */
function expectSameRuns(mine: RunResult, theirs: RunResult, options: { maskStacks?: boolean }) {
  const view = (run: RunResult) => {
    const ops = perOperation(run);
    if (!options.maskStacks) return ops;
    return JSON.parse(JSON.stringify(ops).replace(/\\"stack\\":\\"(?:[^"\\]|\\\\.)*?\\"/g, '\\"stack\\":\\"…\\"'));
  };
  expect(view(mine)).toEqual(view(theirs));
  expect(mine.last).toEqual(theirs.last);
  expect(mine.outputs.map((o) => o.Status)).toEqual(theirs.outputs.map((o) => o.Status));
}

/**
 * compareWithReference for shapes where the reference SDK can hang (its invocation never returns):
 * when the reference run has not ended after `referenceTimeoutMs`, `knownHang()` must name the known
 * reference bug that explains it — the comparison is then skipped and that name returned — or the
 * hang is reported as a failure.
 */
export async function compareWithReferenceUnlessItHangs(
  handler: Handler,
  input: unknown,
  options: { maskStacks?: boolean; referenceTimeoutMs: number; knownHang: () => string | undefined },
): Promise<{ skipped?: string }> {
  const mine = await runToCompletion(ours(handler), input);
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), options.referenceTimeoutMs)));
  const theirs = await Promise.race([runToCompletion(reference(handler), input), hung]).finally(() => clearTimeout(timer));
  if (theirs === "hung") {
    const known = options.knownHang();
    if (!known) throw new Error(`the reference run did not end within ${options.referenceTimeoutMs} ms, and no known reference bug explains it`);
    return { skipped: known };
  }
  expectSameRuns(mine, theirs, options);
  return {};
}
