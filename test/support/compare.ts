/** Runs one handler on our SDK and on the reference SDK and compares what they sent and returned. */
import { expect } from "vitest";
import type { OperationUpdate } from "../../src/generated/index.js";
import { FakeDurableService, runToCompletion, type RunResult, type SdkUnderTest } from "./fake-service.js";
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
    ErrorData: u.Error?.ErrorData,
    StackTrace: u.Error?.StackTrace,
    StepOptions: u.StepOptions,
    WaitOptions: u.WaitOptions,
    ContextOptions: u.ContextOptions,
    CallbackOptions: u.CallbackOptions,
    ChainedInvokeOptions: u.ChainedInvokeOptions,
  };
}

/** Updates grouped per operation Id; EXECUTION updates under "EXECUTION" without their Id (it is time-based). */
export function perOperation(run: Pick<RunResult, "service">): Record<string, ReturnType<typeof summariseUpdate>[]> {
  const out: Record<string, ReturnType<typeof summariseUpdate>[]> = {};
  for (const u of run.service.updates) {
    if (u.Type === "EXECUTION") (out.EXECUTION ??= []).push({ ...summariseUpdate(u), Id: undefined });
    else (out[u.Id!] ??= []).push(summariseUpdate(u));
  }
  return out;
}

/** Runs `handler` on both SDKs (same input, same service behaviour) and asserts identical updates and result. */
export async function compareWithReference(handler: Handler, input: unknown = {}, options: CompareOptions = {}) {
  return compareSdks(ours(handler), reference(handler), input, options);
}

export type CompareOptions = Parameters<typeof runToCompletion>[2] & {
  maskStacks?: boolean;
  /** Runs before each SDK's run (e.g. to reset a seeded Math.random, so jittered delays match). */
  beforeEach?: () => void;
  /**
   * For shapes where the reference can hang: when its run has not ended after `timeoutMs`, `knownHang`
   * (given the reference run's service) must name the known reference bug that explains it — the
   * comparison is then skipped and compareSdks returns that name as `skipped` — or the hang fails.
   */
  referenceHang?: { timeoutMs: number; knownHang: (service: FakeDurableService) => string | undefined };
};

/**
 * Runs two handlers (one per SDK, e.g. the same workflow built with each SDK's own exports) against
 * fresh fake services and asserts identical updates per operation, final output and status sequence.
 * An invocation that throws (an unrecoverable error) ends the run: then both must throw the same
 * error class and message, after the same updates.
 */
export async function compareSdks(mine: SdkUnderTest, theirs: SdkUnderTest, input: unknown = {}, options: CompareOptions = {}) {
  const run = async (sdk: SdkUnderTest, service: FakeDurableService) => {
    options.beforeEach?.();
    try {
      return { ...(await runToCompletion(sdk, input, { ...options, service })), thrown: undefined };
    } catch (error) {
      const { name, message } = error as Error;
      return { outputs: [] as RunResult["outputs"], last: undefined, service, thrown: { name, message } };
    }
  };
  const ourRun = await run(mine, new FakeDurableService(input));
  const theirService = new FakeDurableService(input);
  const hang = options.referenceHang;
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<"hung">((resolve) => hang && (timer = setTimeout(() => resolve("hung"), hang.timeoutMs)));
  const theirRun = await Promise.race([run(theirs, theirService), hung]).finally(() => clearTimeout(timer));
  if (theirRun === "hung") {
    const known = hang!.knownHang(theirService);
    if (!known) throw new Error(`the reference run did not end within ${hang!.timeoutMs} ms, and no known reference bug explains it`);
    return { mine: ourRun as RunResult, theirs: undefined, skipped: known };
  }
  expectSameRuns(ourRun, theirRun, options);
  return { mine: ourRun as RunResult, theirs: theirRun as RunResult, skipped: undefined };
}

/** A finished run as compared: what it sent, its outputs and last output, and what its invocation threw, if anything. */
type ComparedRun = Pick<RunResult, "service" | "outputs"> & { last: RunResult["last"] | undefined; thrown?: { name: string; message: string } };

/** The comparison of compareSdks, on two finished runs. */
function expectSameRuns(mine: ComparedRun, theirs: ComparedRun, options: { maskStacks?: boolean }) {
  const view = (run: Pick<RunResult, "service">) => {
    const ops = perOperation(run);
    if (!options.maskStacks) return ops;
    return JSON.parse(JSON.stringify(ops).replace(/\\"stack\\":\\"(?:[^"\\]|\\\\.)*?\\"/g, '\\"stack\\":\\"…\\"'));
  };
  expect(view(mine)).toEqual(view(theirs));
  expect(mine.thrown).toEqual(theirs.thrown);
  expect(mine.last).toEqual(theirs.last);
  expect(mine.outputs.map((o) => o.Status)).toEqual(theirs.outputs.map((o) => o.Status));
}

/**
 * compareWithReference for shapes where the reference SDK can hang (its invocation never returns):
 * when the reference run has not ended after `referenceTimeoutMs`, `knownHang()` must name the known
 * reference bug that explains it — the comparison is then skipped and that name returned — or the
 * hang is reported as a failure ({@link compareSdks} with `referenceHang`).
 */
export async function compareWithReferenceUnlessItHangs(
  handler: Handler,
  input: unknown,
  options: { maskStacks?: boolean; referenceTimeoutMs: number; knownHang: () => string | undefined; beforeEach?: () => void; onPending?: CompareOptions["onPending"] },
): Promise<{ skipped?: string }> {
  const { maskStacks, beforeEach, onPending, referenceTimeoutMs, knownHang } = options;
  const { skipped } = await compareSdks(ours(handler), reference(handler), input, { maskStacks, beforeEach, onPending, referenceHang: { timeoutMs: referenceTimeoutMs, knownHang: () => knownHang() } });
  return skipped === undefined ? {} : { skipped };
}
