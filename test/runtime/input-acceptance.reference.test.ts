/**
 * Input acceptance side by side with the reference SDK: each row calls one operation (or factory) with
 * one input, on both SDKs, through the fake service, and compares where the input was refused —
 * thrown at the call, a rejected promise, a failed execution, a throwing invocation, an execution
 * that never settles — with which error (ours must be a DurableValidationError whose message names the
 * field it reports), and, for input both accept, the settled value and every checkpoint update sent.
 *
 * A row whose verdicts differ says why (each kind is listed in docs/guide/switching.md):
 * - REFUSED_HERE: the reference accepts the input and mishandles it silently (what it does is given);
 *   this package throws a DurableValidationError naming the field and the fix.
 * - BOTH_REFUSE: both refuse, with different errors (the reference's is often a TypeError).
 * - LENIENT_HERE: the reference throws a TypeError on input this package runs as written (a hole of a
 *   sparse array is an undefined item; `wait(undefined, d)` is an unnamed wait).
 * - ROUNDED (accepted Durations): the API takes whole seconds, and at least 1 for waits and retry
 *   delays; this package sends the rounded total (0 as 1), the reference the raw number (0, 1.5),
 *   which the service refuses.
 */
import * as referenceSdk from "@aws/durable-execution-sdk-js";
import { describe, expect, it } from "vitest";
import type { OperationUpdate } from "../../src/generated/index.js";
import * as ourSdk from "../../src/index.js";
import { summariseUpdate } from "../support/compare.js";
import { FakeDurableService, lambdaContext, type SdkUnderTest } from "../support/fake-service.js";
import { ours, reference } from "../support/sdks.js";

type Exports = typeof referenceSdk;
/** A row's call, given the context and the exports of the SDK it runs on (createRetryStrategy, …). */
type Call = (ctx: any, sdk: Exports) => unknown;

interface Outcome {
  how: "threw" | "rejected" | "fulfilled" | "pending";
  name?: string;
  field?: string;
  message?: string;
  fix?: string;
  value?: string;
}

interface Observation {
  /** How the call came out, per invocation. */
  calls: Outcome[];
  /** Every invocation's answer, or what the invocation threw. */
  answers: unknown[];
  /** Every checkpoint update but the execution's own, summarised as the compatibility criteria compare them. */
  updates: ReturnType<typeof summariseUpdate>[];
}

function outcomeOf(how: "threw" | "rejected", error: unknown): Outcome {
  if (!(error instanceof Error)) return { how, name: `non-error ${String(error)}` };
  const { field, fix } = error as { field?: string; fix?: string };
  return { how, name: error.name, field, message: error.message, fix };
}

/** Runs `call` in a handler on one SDK, invocation after invocation (completing waits, retries, callbacks and invokes in between). */
async function observe(make: (handler: (event: unknown, ctx: any) => Promise<unknown>) => SdkUnderTest, exports: Exports, call: Call): Promise<Observation> {
  const o: Observation = { calls: [], answers: [], updates: [] };
  const sdk = make(async (_event, ctx) => {
    const record: Outcome = { how: "pending" };
    o.calls.push(record);
    let promise: unknown;
    try {
      promise = call(ctx, exports);
    } catch (error) {
      Object.assign(record, outcomeOf("threw", error));
      return "caught";
    }
    try {
      const value = await promise;
      Object.assign(record, { how: "fulfilled", value: JSON.stringify(value) });
    } catch (error) {
      Object.assign(record, outcomeOf("rejected", error));
    }
    return "done";
  });
  const service = new FakeDurableService({});
  for (let n = 0; n < 6; n++) {
    let output: any;
    try {
      output = await sdk.handler(service.event(sdk), lambdaContext);
    } catch (error) {
      o.answers.push({ threw: (error as Error).name });
      break;
    }
    o.answers.push(output);
    if (output.Status !== "PENDING") break;
    const ops = [...service.ops.values()];
    const callback = ops.find((op) => op.Type === "CALLBACK" && op.Status === "STARTED");
    if (callback) service.completeCallback(callback.CallbackDetails!.CallbackId!, { result: '"cb"' });
    const invoke = ops.find((op) => op.Type === "CHAINED_INVOKE" && op.Status === "STARTED");
    if (invoke) service.completeInvoke(invoke.Id!, { result: '"inv"' });
    service.advance();
  }
  o.updates = service.updates.filter((u: OperationUpdate) => u.Type !== "EXECUTION").map(summariseUpdate);
  return o;
}

/** A row's outcome in one line: where the input was refused and with what, or "accepted". */
function verdict(o: Observation): string {
  const answer = o.answers[o.answers.length - 1] as { threw?: string; Status?: string; Error?: { ErrorType?: string } };
  if (answer.threw) return `the invocation throws ${answer.threw}`;
  const call = o.calls[o.calls.length - 1]!;
  const error = `${call.name}${call.field ? ` [${call.field}]` : ""}`;
  if (call.how === "threw") return `throws ${error}`;
  if (call.how === "rejected") return `rejects ${error}`;
  if (call.how === "fulfilled" && answer.Status === "SUCCEEDED") return "accepted";
  if (answer.Status === "FAILED") return `fails the execution: ${answer.Error?.ErrorType}`;
  if (answer.Status === "PENDING") return "never settles";
  return `unexpected: ${JSON.stringify(o)}`;
}

const refused = (what: string) => `REFUSED_HERE: the reference ${what}`;
const BOTH_REFUSE = "BOTH_REFUSE";
const LENIENT_HERE = "LENIENT_HERE";

/** [name, call, our verdict, the reference's verdict (when it differs), why they differ]. */
type Row = [name: string, call: Call, ours: string, reference?: string, why?: string];

const durations: [label: string, value: unknown, why?: string][] = [
  ["zero", { seconds: 0 }],
  ["fractional", { seconds: 1.5 }],
  ["mixed units", { minutes: 1, seconds: 30 }],
  ["over 366 days", { days: 400 }, refused("sends 34560000 s, over the API's 31622400 for waits and retry delays")],
  ["negative", { seconds: -1 }, refused("sends a negative number of seconds")],
  ["NaN", { seconds: Number.NaN }, refused("sends NaN (null in JSON)")],
  ["a string", "5s", BOTH_REFUSE],
  ["a string unit", { seconds: "5" }, refused('sends the string "5" (or "05" when added to other units)')],
  ["an unknown unit", { seconds: 5, millis: 1 }, refused("ignores the unit")],
  ["empty", {}, refused("sends 0 seconds")],
  ["a number", 5, BOTH_REFUSE],
  ["null", null, BOTH_REFUSE],
  ["a null unit", { minutes: null, seconds: 2 }],
  ["only a null unit", { seconds: null }, refused("sends 0 seconds (a null unit counts as 0)")],
];

/** Where a Duration is taken: a call taking it, given the Duration. */
const durationEntries: Record<string, (d: unknown) => Call> = {
  wait: (d) => (ctx) => ctx.wait(d),
  "named wait": (d) => (ctx) => ctx.wait("w", d),
  "step retry delay": (d) => (ctx) =>
    ctx.step("s", async (s: { attempt?: number }) => {
      if ((s?.attempt ?? 1) < 2) throw new Error("first");
      return 1;
    }, { retryStrategy: (_e: Error, attempt: number) => ({ shouldRetry: attempt < 2, delay: d }) }),
  "createRetryStrategy initialDelay": (d) => (ctx, sdk) =>
    ctx.step("s", async (s: { attempt?: number }) => {
      if ((s?.attempt ?? 1) < 2) throw new Error("first");
      return 1;
    }, { retryStrategy: sdk.createRetryStrategy({ initialDelay: d as never, maxAttempts: 2, jitter: sdk.JitterStrategy.NONE }) }),
  "createCallback timeout": (d) => async (ctx) => (await ctx.createCallback("cb", { timeout: d }))[0],
  "createCallback heartbeatTimeout": (d) => async (ctx) => (await ctx.createCallback("cb", { heartbeatTimeout: d }))[0],
  "waitForCallback timeout": (d) => (ctx) => ctx.waitForCallback("wc", async () => undefined, { timeout: d }),
  "waitForCondition delay": (d) => (ctx) =>
    ctx.waitForCondition("c", async (s: number) => s + 1, { initialState: 0, waitStrategy: (s: number) => (s < 2 ? { shouldContinue: true, delay: d } : { shouldContinue: false }) }),
  "createWaitStrategy initialDelay": (d) => (ctx, sdk) =>
    ctx.waitForCondition("c", async (s: number) => s + 1, {
      initialState: 0,
      waitStrategy: sdk.createWaitStrategy({ shouldContinuePolling: (s: number) => s < 2, initialDelay: d as never, jitter: sdk.JitterStrategy.NONE }),
    }),
};

/** Each Duration row's verdicts, ours then the reference's. */
const DURATION_VERDICTS: Record<string, [ours: string, reference: string]> = {
  "wait: zero": ["accepted", "accepted"],
  "wait: fractional": ["accepted", "accepted"],
  "wait: mixed units": ["accepted", "accepted"],
  "wait: over 366 days": ["throws DurableValidationError [wait.duration]", "accepted"],
  "wait: negative": ["throws DurableValidationError [wait.duration.seconds]", "accepted"],
  "wait: NaN": ["throws DurableValidationError [wait.duration.seconds]", "never settles"],
  "wait: a string": ["throws DurableValidationError [wait.duration]", "throws TypeError"],
  "wait: a string unit": ["throws DurableValidationError [wait.duration.seconds]", "accepted"],
  "wait: an unknown unit": ["throws DurableValidationError [wait.duration.millis]", "accepted"],
  "wait: empty": ["throws DurableValidationError [wait.duration]", "accepted"],
  "wait: a number": ["throws DurableValidationError [wait.duration]", "throws TypeError"],
  "wait: null": ["throws DurableValidationError [wait.duration]", "throws TypeError"],
  "wait: a null unit": ["accepted", "accepted"],
  "wait: only a null unit": ["throws DurableValidationError [wait.duration]", "accepted"],
  "named wait: zero": ["accepted", "accepted"],
  "named wait: fractional": ["accepted", "accepted"],
  "named wait: mixed units": ["accepted", "accepted"],
  "named wait: over 366 days": ["throws DurableValidationError [wait.duration]", "accepted"],
  "named wait: negative": ["throws DurableValidationError [wait.duration.seconds]", "accepted"],
  "named wait: NaN": ["throws DurableValidationError [wait.duration.seconds]", "never settles"],
  "named wait: a string": ["throws DurableValidationError [wait.duration]", "throws TypeError"],
  "named wait: a string unit": ["throws DurableValidationError [wait.duration.seconds]", "accepted"],
  "named wait: an unknown unit": ["throws DurableValidationError [wait.duration.millis]", "accepted"],
  "named wait: empty": ["throws DurableValidationError [wait.duration]", "accepted"],
  "named wait: a number": ["throws DurableValidationError [wait.duration]", "throws TypeError"],
  "named wait: null": ["throws DurableValidationError [wait.duration]", "throws TypeError"],
  "named wait: a null unit": ["accepted", "accepted"],
  "named wait: only a null unit": ["throws DurableValidationError [wait.duration]", "accepted"],
  "step retry delay: zero": ["accepted", "accepted"],
  "step retry delay: fractional": ["accepted", "accepted"],
  "step retry delay: mixed units": ["accepted", "accepted"],
  "step retry delay: over 366 days": ["rejects DurableValidationError [step.retryStrategy().delay]", "accepted"],
  "step retry delay: negative": ["rejects DurableValidationError [step.retryStrategy().delay.seconds]", "accepted"],
  "step retry delay: NaN": ["rejects DurableValidationError [step.retryStrategy().delay.seconds]", "never settles"],
  "step retry delay: a string": ["rejects DurableValidationError [step.retryStrategy().delay]", "rejects TypeError"],
  "step retry delay: a string unit": ["rejects DurableValidationError [step.retryStrategy().delay.seconds]", "accepted"],
  "step retry delay: an unknown unit": ["rejects DurableValidationError [step.retryStrategy().delay.millis]", "accepted"],
  "step retry delay: empty": ["rejects DurableValidationError [step.retryStrategy().delay]", "accepted"],
  "step retry delay: a number": ["rejects DurableValidationError [step.retryStrategy().delay]", "rejects TypeError"],
  "step retry delay: null": ["accepted", "accepted"],
  "step retry delay: a null unit": ["accepted", "accepted"],
  "step retry delay: only a null unit": ["rejects DurableValidationError [step.retryStrategy().delay]", "accepted"],
  "createRetryStrategy initialDelay: zero": ["accepted", "accepted"],
  "createRetryStrategy initialDelay: fractional": ["accepted", "accepted"],
  "createRetryStrategy initialDelay: mixed units": ["accepted", "accepted"],
  "createRetryStrategy initialDelay: over 366 days": ["accepted", "accepted"],
  "createRetryStrategy initialDelay: negative": ["throws DurableValidationError [createRetryStrategy.initialDelay.seconds]", "accepted"],
  "createRetryStrategy initialDelay: NaN": ["throws DurableValidationError [createRetryStrategy.initialDelay.seconds]", "never settles"],
  "createRetryStrategy initialDelay: a string": ["throws DurableValidationError [createRetryStrategy.initialDelay]", "rejects TypeError"],
  "createRetryStrategy initialDelay: a string unit": ["throws DurableValidationError [createRetryStrategy.initialDelay.seconds]", "accepted"],
  "createRetryStrategy initialDelay: an unknown unit": ["throws DurableValidationError [createRetryStrategy.initialDelay.millis]", "accepted"],
  "createRetryStrategy initialDelay: empty": ["throws DurableValidationError [createRetryStrategy.initialDelay]", "accepted"],
  "createRetryStrategy initialDelay: a number": ["throws DurableValidationError [createRetryStrategy.initialDelay]", "rejects TypeError"],
  "createRetryStrategy initialDelay: null": ["throws DurableValidationError [createRetryStrategy.initialDelay]", "rejects TypeError"],
  "createRetryStrategy initialDelay: a null unit": ["accepted", "accepted"],
  "createRetryStrategy initialDelay: only a null unit": ["throws DurableValidationError [createRetryStrategy.initialDelay]", "accepted"],
  "createCallback timeout: zero": ["accepted", "accepted"],
  "createCallback timeout: fractional": ["accepted", "accepted"],
  "createCallback timeout: mixed units": ["accepted", "accepted"],
  "createCallback timeout: over 366 days": ["accepted", "accepted"],
  "createCallback timeout: negative": ["rejects DurableValidationError [createCallback.config.timeout.seconds]", "accepted"],
  "createCallback timeout: NaN": ["rejects DurableValidationError [createCallback.config.timeout.seconds]", "accepted"],
  "createCallback timeout: a string": ["rejects DurableValidationError [createCallback.config.timeout]", "rejects TypeError"],
  "createCallback timeout: a string unit": ["rejects DurableValidationError [createCallback.config.timeout.seconds]", "accepted"],
  "createCallback timeout: an unknown unit": ["rejects DurableValidationError [createCallback.config.timeout.millis]", "accepted"],
  "createCallback timeout: empty": ["rejects DurableValidationError [createCallback.config.timeout]", "accepted"],
  "createCallback timeout: a number": ["rejects DurableValidationError [createCallback.config.timeout]", "rejects TypeError"],
  "createCallback timeout: null": ["accepted", "accepted"],
  "createCallback timeout: a null unit": ["accepted", "accepted"],
  "createCallback timeout: only a null unit": ["rejects DurableValidationError [createCallback.config.timeout]", "accepted"],
  "createCallback heartbeatTimeout: zero": ["accepted", "accepted"],
  "createCallback heartbeatTimeout: fractional": ["accepted", "accepted"],
  "createCallback heartbeatTimeout: mixed units": ["accepted", "accepted"],
  "createCallback heartbeatTimeout: over 366 days": ["accepted", "accepted"],
  "createCallback heartbeatTimeout: negative": ["rejects DurableValidationError [createCallback.config.heartbeatTimeout.seconds]", "accepted"],
  "createCallback heartbeatTimeout: NaN": ["rejects DurableValidationError [createCallback.config.heartbeatTimeout.seconds]", "accepted"],
  "createCallback heartbeatTimeout: a string": ["rejects DurableValidationError [createCallback.config.heartbeatTimeout]", "rejects TypeError"],
  "createCallback heartbeatTimeout: a string unit": ["rejects DurableValidationError [createCallback.config.heartbeatTimeout.seconds]", "accepted"],
  "createCallback heartbeatTimeout: an unknown unit": ["rejects DurableValidationError [createCallback.config.heartbeatTimeout.millis]", "accepted"],
  "createCallback heartbeatTimeout: empty": ["rejects DurableValidationError [createCallback.config.heartbeatTimeout]", "accepted"],
  "createCallback heartbeatTimeout: a number": ["rejects DurableValidationError [createCallback.config.heartbeatTimeout]", "rejects TypeError"],
  "createCallback heartbeatTimeout: null": ["accepted", "accepted"],
  "createCallback heartbeatTimeout: a null unit": ["accepted", "accepted"],
  "createCallback heartbeatTimeout: only a null unit": ["rejects DurableValidationError [createCallback.config.heartbeatTimeout]", "accepted"],
  "waitForCallback timeout: zero": ["accepted", "accepted"],
  "waitForCallback timeout: fractional": ["accepted", "accepted"],
  "waitForCallback timeout: mixed units": ["accepted", "accepted"],
  "waitForCallback timeout: over 366 days": ["accepted", "accepted"],
  "waitForCallback timeout: negative": ["throws DurableValidationError [waitForCallback.config.timeout.seconds]", "accepted"],
  "waitForCallback timeout: NaN": ["throws DurableValidationError [waitForCallback.config.timeout.seconds]", "accepted"],
  "waitForCallback timeout: a string": ["throws DurableValidationError [waitForCallback.config.timeout]", "rejects CallbackSubmitterError"],
  "waitForCallback timeout: a string unit": ["throws DurableValidationError [waitForCallback.config.timeout.seconds]", "accepted"],
  "waitForCallback timeout: an unknown unit": ["throws DurableValidationError [waitForCallback.config.timeout.millis]", "accepted"],
  "waitForCallback timeout: empty": ["throws DurableValidationError [waitForCallback.config.timeout]", "accepted"],
  "waitForCallback timeout: a number": ["throws DurableValidationError [waitForCallback.config.timeout]", "rejects CallbackSubmitterError"],
  "waitForCallback timeout: null": ["accepted", "accepted"],
  "waitForCallback timeout: a null unit": ["accepted", "accepted"],
  "waitForCallback timeout: only a null unit": ["throws DurableValidationError [waitForCallback.config.timeout]", "accepted"],
  "waitForCondition delay: zero": ["accepted", "accepted"],
  "waitForCondition delay: fractional": ["accepted", "accepted"],
  "waitForCondition delay: mixed units": ["accepted", "accepted"],
  "waitForCondition delay: over 366 days": ["rejects DurableValidationError [waitForCondition.waitStrategy().delay]", "accepted"],
  "waitForCondition delay: negative": ["rejects DurableValidationError [waitForCondition.waitStrategy().delay.seconds]", "accepted"],
  "waitForCondition delay: NaN": ["rejects DurableValidationError [waitForCondition.waitStrategy().delay.seconds]", "never settles"],
  "waitForCondition delay: a string": ["rejects DurableValidationError [waitForCondition.waitStrategy().delay]", "rejects StepError"],
  "waitForCondition delay: a string unit": ["rejects DurableValidationError [waitForCondition.waitStrategy().delay.seconds]", "accepted"],
  "waitForCondition delay: an unknown unit": ["rejects DurableValidationError [waitForCondition.waitStrategy().delay.millis]", "accepted"],
  "waitForCondition delay: empty": ["rejects DurableValidationError [waitForCondition.waitStrategy().delay]", "accepted"],
  "waitForCondition delay: a number": ["rejects DurableValidationError [waitForCondition.waitStrategy().delay]", "rejects StepError"],
  "waitForCondition delay: null": ["rejects DurableValidationError [waitForCondition.waitStrategy().delay]", "rejects StepError"],
  "waitForCondition delay: a null unit": ["accepted", "accepted"],
  "waitForCondition delay: only a null unit": ["rejects DurableValidationError [waitForCondition.waitStrategy().delay]", "accepted"],
  "createWaitStrategy initialDelay: zero": ["accepted", "accepted"],
  "createWaitStrategy initialDelay: fractional": ["accepted", "accepted"],
  "createWaitStrategy initialDelay: mixed units": ["accepted", "accepted"],
  "createWaitStrategy initialDelay: over 366 days": ["accepted", "accepted"],
  "createWaitStrategy initialDelay: negative": ["throws DurableValidationError [createWaitStrategy.initialDelay.seconds]", "accepted"],
  "createWaitStrategy initialDelay: NaN": ["throws DurableValidationError [createWaitStrategy.initialDelay.seconds]", "never settles"],
  "createWaitStrategy initialDelay: a string": ["throws DurableValidationError [createWaitStrategy.initialDelay]", "rejects StepError"],
  "createWaitStrategy initialDelay: a string unit": ["throws DurableValidationError [createWaitStrategy.initialDelay.seconds]", "accepted"],
  "createWaitStrategy initialDelay: an unknown unit": ["throws DurableValidationError [createWaitStrategy.initialDelay.millis]", "accepted"],
  "createWaitStrategy initialDelay: empty": ["throws DurableValidationError [createWaitStrategy.initialDelay]", "accepted"],
  "createWaitStrategy initialDelay: a number": ["throws DurableValidationError [createWaitStrategy.initialDelay]", "rejects StepError"],
  "createWaitStrategy initialDelay: null": ["throws DurableValidationError [createWaitStrategy.initialDelay]", "rejects StepError"],
  "createWaitStrategy initialDelay: a null unit": ["accepted", "accepted"],
  "createWaitStrategy initialDelay: only a null unit": ["throws DurableValidationError [createWaitStrategy.initialDelay]", "accepted"],
};

const rows: Row[] = [];
for (const [entry, make] of Object.entries(durationEntries)) {
  for (const [label, value, why] of durations) {
    const name = `${entry}: ${label}`;
    const [mine, theirs] = DURATION_VERDICTS[name]!;
    rows.push([name, make(value), mine, theirs, mine === theirs ? undefined : why]);
  }
}

/**
 * Each Duration field at, just under and over its longest total, from the Lambda API reference:
 * WaitOptions.WaitSeconds and StepOptions.NextAttemptDelaySeconds take 1 to 31622400 (a wait, a retry
 * or wait strategy's delay, a strategy's maxDelay, which a delay is capped at and sent as);
 * CallbackOptions.TimeoutSeconds and HeartbeatTimeoutSeconds take 0 to 99999999. A strategy's
 * initialDelay, increment and maxDelay have none of their own: the delay is the curve capped at maxDelay,
 * and it is that delay, when a retry or check is due, which must be within NextAttemptDelaySeconds.
 */
const WAIT_MAX = 31_622_400;
const CALLBACK_MAX = 99_999_999;
/** Retries once after a failure, the strategy's delay between the attempts. */
const retriedStep = (strategy: unknown) => (ctx: any) =>
  ctx.step("s", async (s: { attempt?: number }) => {
    if ((s?.attempt ?? 1) < 2) throw new Error("first");
    return 1;
  }, { retryStrategy: strategy });
const limitEntries: [entry: string, make: (d: unknown) => Call, max: number | undefined, overWhy?: string][] = [
  ["wait", durationEntries.wait!, WAIT_MAX, refused(`sends WaitSeconds ${WAIT_MAX + 1}, which the service refuses (WaitOptions.WaitSeconds: 1 to ${WAIT_MAX})`)],
  ["step retry delay", durationEntries["step retry delay"]!, WAIT_MAX, refused(`sends NextAttemptDelaySeconds ${WAIT_MAX + 1}, which the service refuses (1 to ${WAIT_MAX})`)],
  ["waitForCondition delay", durationEntries["waitForCondition delay"]!, WAIT_MAX, refused(`sends NextAttemptDelaySeconds ${WAIT_MAX + 1}, which the service refuses (1 to ${WAIT_MAX})`)],
  ["withRetry delay", (d) => (ctx, sdk) => {
    let attempts = 0;
    return sdk.withRetry(ctx, "r", async () => {
      if (++attempts < 2) throw new Error("first");
      return attempts;
    }, { retryStrategy: (_e: Error, attempt: number) => ({ shouldRetry: attempt < 2, delay: d as never }), wrapWithRunInChildContext: false });
  }, WAIT_MAX, refused(`sends WaitSeconds ${WAIT_MAX + 1} for its backoff wait, which the service refuses (1 to ${WAIT_MAX})`)],
  ["createCallback timeout", durationEntries["createCallback timeout"]!, CALLBACK_MAX, refused(`sends TimeoutSeconds ${CALLBACK_MAX + 1}, which the service refuses (CallbackOptions: 0 to ${CALLBACK_MAX})`)],
  ["createCallback heartbeatTimeout", durationEntries["createCallback heartbeatTimeout"]!, CALLBACK_MAX, refused(`sends HeartbeatTimeoutSeconds ${CALLBACK_MAX + 1}, which the service refuses (CallbackOptions: 0 to ${CALLBACK_MAX})`)],
  ["waitForCallback timeout", durationEntries["waitForCallback timeout"]!, CALLBACK_MAX, refused(`sends TimeoutSeconds ${CALLBACK_MAX + 1}, which the service refuses (CallbackOptions: 0 to ${CALLBACK_MAX})`)],
  ["waitForCallback heartbeatTimeout", (d) => (ctx) => ctx.waitForCallback("wc", async () => undefined, { heartbeatTimeout: d }), CALLBACK_MAX, refused(`sends HeartbeatTimeoutSeconds ${CALLBACK_MAX + 1}, which the service refuses (CallbackOptions: 0 to ${CALLBACK_MAX})`)],
  ["createRetryStrategy initialDelay", durationEntries["createRetryStrategy initialDelay"]!, undefined],
  ["createRetryStrategy maxDelay", (d) => (ctx, sdk) => retriedStep(sdk.createRetryStrategy({ maxDelay: d as never, maxAttempts: 2, jitter: sdk.JitterStrategy.NONE }))(ctx), undefined],
  ["createLinearRetryStrategy initialDelay", (d) => (ctx, sdk) => retriedStep(sdk.createLinearRetryStrategy({ initialDelay: d as never, maxAttempts: 2, jitter: sdk.JitterStrategy.NONE }))(ctx), undefined],
  ["createLinearRetryStrategy increment", (d) => (ctx, sdk) => retriedStep(sdk.createLinearRetryStrategy({ increment: d as never, maxAttempts: 3, jitter: sdk.JitterStrategy.NONE }))(ctx), undefined],
  ["createLinearRetryStrategy maxDelay", (d) => (ctx, sdk) => retriedStep(sdk.createLinearRetryStrategy({ maxDelay: d as never, maxAttempts: 2, jitter: sdk.JitterStrategy.NONE }))(ctx), undefined],
  ["createWaitStrategy initialDelay", durationEntries["createWaitStrategy initialDelay"]!, undefined],
  ["createWaitStrategy maxDelay", (d) => (ctx, sdk) =>
    ctx.waitForCondition("c", async (s: number) => s + 1, {
      initialState: 0,
      waitStrategy: sdk.createWaitStrategy({ shouldContinuePolling: (s: number) => s < 2, maxDelay: d as never, jitter: sdk.JitterStrategy.NONE }),
    }), undefined],
];
/** How ours refuses an over-long Duration of each entry: where (the call or its promise) and the field named. */
const OVER_LIMIT: Record<string, string> = {
  wait: "throws DurableValidationError [wait.duration]",
  "step retry delay": "rejects DurableValidationError [step.retryStrategy().delay]",
  "waitForCondition delay": "rejects DurableValidationError [waitForCondition.waitStrategy().delay]",
  "withRetry delay": "rejects DurableValidationError [wait.duration]",
  "createCallback timeout": "rejects DurableValidationError [createCallback.config.timeout]",
  "createCallback heartbeatTimeout": "rejects DurableValidationError [createCallback.config.heartbeatTimeout]",
  "waitForCallback timeout": "throws DurableValidationError [waitForCallback.config.timeout]",
  "waitForCallback heartbeatTimeout": "throws DurableValidationError [waitForCallback.config.heartbeatTimeout]",
};
for (const [entry, make, max, overWhy] of limitEntries) {
  if (max === undefined) {
    // No longest total of its own: far beyond any API limit, both accept it (the delay is capped at maxDelay).
    rows.push([`${entry}: 100000 days (no limit of its own)`, make({ days: 100_000 }), "accepted"]);
    continue;
  }
  rows.push([`${entry}: just under its limit`, make({ seconds: max - 1 }), "accepted"]);
  rows.push([`${entry}: at its limit`, make({ seconds: max }), "accepted"]);
  rows.push([`${entry}: one second over its limit`, make({ seconds: max + 1 }), OVER_LIMIT[entry]!, "accepted", overWhy]);
}
// A strategy whose delay itself grows past NextAttemptDelaySeconds' 31622400: ours refuses that delay when the
// retry or check is due, naming it; the reference sends it.
const overLongDelay = { initialDelay: { days: 400 }, maxDelay: { days: 500 } };
rows.push(
  ["createRetryStrategy: a delay over its API limit when the retry is due", (ctx, sdk) => retriedStep(sdk.createRetryStrategy({ ...overLongDelay, maxAttempts: 2, jitter: sdk.JitterStrategy.NONE }))(ctx), "rejects DurableValidationError [step.retryStrategy().delay]", "accepted", refused(`sends NextAttemptDelaySeconds 34560000, which the service refuses (1 to ${WAIT_MAX})`)],
  ["createWaitStrategy: a delay over its API limit when the check is due", (ctx, sdk) =>
    ctx.waitForCondition("c", async (s: number) => s + 1, {
      initialState: 0,
      waitStrategy: sdk.createWaitStrategy({ shouldContinuePolling: (s: number) => s < 2, ...overLongDelay, jitter: sdk.JitterStrategy.NONE }),
    }), "rejects DurableValidationError [waitForCondition.waitStrategy().delay]", "accepted", refused(`sends NextAttemptDelaySeconds 34560000, which the service refuses (1 to ${WAIT_MAX})`)],
);

const one = async () => 1;
const item = async (_c: unknown, x: unknown) => x;
function* generator() {
  yield "a";
  yield "b";
}

rows.push(
  ["name: step empty", (ctx) => ctx.step("", one), "accepted"],
  ["name: step unicode", (ctx) => ctx.step("ünï 🚀 名前", one), "accepted"],
  ["name: step number", (ctx) => ctx.step(5, one), "throws DurableValidationError [step.fn]", "rejects StepError", BOTH_REFUSE],
  ["name: step null", (ctx) => ctx.step(null, one), "throws DurableValidationError [step.fn]", "rejects StepError", BOTH_REFUSE],
  ["name: step undefined", (ctx) => ctx.step(undefined, one), "accepted"],
  ["name: step 257", (ctx) => ctx.step("n".repeat(257), one), "throws DurableValidationError [step.name]", "accepted", refused("sends it; the service refuses the checkpoint and the execution fails naming only the hashed id")],
  ["name: wait empty", (ctx) => ctx.wait("", { seconds: 1 }), "accepted"],
  ["name: wait undefined", (ctx) => ctx.wait(undefined, { seconds: 1 }), "accepted", "throws TypeError", LENIENT_HERE],
  ["name: wait number", (ctx) => ctx.wait(5, { seconds: 1 }), "throws DurableValidationError [wait.duration]", "throws TypeError", BOTH_REFUSE],
  ["name: child number", (ctx) => ctx.runInChildContext(5, one), "throws DurableValidationError [runInChildContext.fn]", "rejects ChildContextError", BOTH_REFUSE],
  ["name: child empty", (ctx) => ctx.runInChildContext("", one), "accepted"],
  ["name: child undefined", (ctx) => ctx.runInChildContext(undefined, one), "accepted"],
  ["name: map number", (ctx) => ctx.map(5, [1], item), "throws DurableValidationError [map.items]", "rejects Error", BOTH_REFUSE],
  ["name: map undefined", (ctx) => ctx.map(undefined, [1], item), "accepted"],
  ["name: createCallback empty", async (ctx) => (await ctx.createCallback(""))[0], "accepted"],
  ["name: createCallback undefined", async (ctx) => (await ctx.createCallback(undefined))[0], "accepted"],
  ["name: waitForCondition undefined", (ctx) => ctx.waitForCondition(undefined, async (s: number) => s, { initialState: 0, waitStrategy: () => ({ shouldContinue: false }) }), "accepted"],
  ["name: invoke empty", (ctx) => ctx.invoke("", "fn", { a: 1 }), "accepted"],
  ["config: step null", (ctx) => ctx.step("s", one, null), "accepted"],
  ["config: step undefined", (ctx) => ctx.step("s", one, undefined), "accepted"],
  ["config: step unknown key", (ctx) => ctx.step("s", one, { retries: 3 }), "throws DurableValidationError [step.config]", "accepted", refused("ignores the key: a misspelt option silently leaves the default in force")],
  ["config: step retryStrategy undefined", (ctx) => ctx.step("s", one, { retryStrategy: undefined }), "accepted"],
  ["config: step retryStrategy null", (ctx) => ctx.step("s", one, { retryStrategy: null }), "accepted"],
  ["config: step serdes null", (ctx) => ctx.step("s", one, { serdes: null }), "accepted"],
  ["config: step semantics null", (ctx) => ctx.step("s", one, { semantics: null }), "accepted"],
  ["semantics: AT_MOST_ONCE_PER_RETRY string", (ctx) => ctx.step("s", one, { semantics: "AT_MOST_ONCE_PER_RETRY" }), "accepted"],
  ["semantics: AT_LEAST_ONCE_PER_RETRY string", (ctx) => ctx.step("s", one, { semantics: "AT_LEAST_ONCE_PER_RETRY" }), "accepted"],
  ["semantics: enum", (ctx, sdk) => ctx.step("s", one, { semantics: sdk.StepSemantics.AtMostOncePerRetry }), "accepted"],
  ["semantics: lowercase", (ctx) => ctx.step("s", one, { semantics: "at_most_once_per_retry" }), "throws DurableValidationError [step.config.semantics]", "accepted", refused("runs the step with the default AT_LEAST_ONCE_PER_RETRY semantics")],
  ["semantics: bogus", (ctx) => ctx.step("s", one, { semantics: "EXACTLY_ONCE" }), "throws DurableValidationError [step.config.semantics]", "accepted", refused("runs the step with the default AT_LEAST_ONCE_PER_RETRY semantics")],
  ["config: createCallback null", async (ctx) => (await ctx.createCallback("cb", null))[0], "accepted"],
  ["config: createCallback timeout undefined", async (ctx) => (await ctx.createCallback("cb", { timeout: undefined }))[0], "accepted"],
  ["config: createCallback unknown", async (ctx) => (await ctx.createCallback("cb", { timeoutSeconds: 5 }))[0], "rejects DurableValidationError [createCallback.config]", "accepted", refused("ignores the key: a misspelt option silently leaves the default in force")],
  ["config: child null", (ctx) => ctx.runInChildContext("c", one, null), "accepted"],
  ["config: child unknown", (ctx) => ctx.runInChildContext("c", one, { replayChildren: true }), "throws DurableValidationError [runInChildContext.config]", "accepted", refused("ignores the key: a misspelt option silently leaves the default in force")],
  ["config: waitForCallback null", (ctx) => ctx.waitForCallback("wc", async () => undefined, null), "accepted"],
  ["config: waitForCondition no initialState", (ctx) => ctx.waitForCondition("c", async (s: unknown) => s, { waitStrategy: () => ({ shouldContinue: false }) }), "throws DurableValidationError [waitForCondition.config.initialState]", "throws Error", BOTH_REFUSE],
  ["config: waitForCondition initialState undefined", (ctx) => ctx.waitForCondition("c", async (s: unknown) => s ?? 7, { initialState: undefined, waitStrategy: () => ({ shouldContinue: false }) }), "throws DurableValidationError [waitForCondition.config.initialState]", "throws Error", BOTH_REFUSE],
  ["config: waitForCondition null", (ctx) => ctx.waitForCondition("c", async (s: unknown) => s, null), "throws DurableValidationError [waitForCondition.config]", "throws Error", BOTH_REFUSE],
  ["config: map null", (ctx) => ctx.map("m", [1], item, null), "accepted"],
  ["config: map unknown", (ctx) => ctx.map("m", [1], item, { concurrency: 2 }), "throws DurableValidationError [map.config]", "accepted", refused("ignores the key: a misspelt option silently leaves the default in force")],
  ["map: empty", (ctx) => ctx.map("m", [], item).then((r: any) => r.getResults()), "accepted"],
  ["map: Set", (ctx) => ctx.map("m", new Set(["a", "b"]), item).then((r: any) => r.getResults()), "throws DurableValidationError [map.items]", "rejects Error", BOTH_REFUSE],
  ["map: generator", (ctx) => ctx.map("m", generator(), item).then((r: any) => r.getResults()), "throws DurableValidationError [map.items]", "rejects Error", BOTH_REFUSE],
  ["map: array-like", (ctx) => ctx.map("m", { length: 2, 0: "a", 1: "b" }, item).then((r: any) => r.getResults()), "throws DurableValidationError [map.items]", "rejects Error", BOTH_REFUSE],
  ["map: string", (ctx) => ctx.map("m", "ab", item).then((r: any) => r.getResults()), "throws DurableValidationError [map.items]", "rejects Error", BOTH_REFUSE],
  ["map: sparse", (ctx) => ctx.map("m", [1, , 3], item).then((r: any) => r.getResults()), "accepted", "rejects ChildContextError", LENIENT_HERE],
  ["map: maxConcurrency 0", (ctx) => ctx.map("m", [1, 2], item, { maxConcurrency: 0 }).then((r: any) => r.getResults()), "throws DurableValidationError [map.config.maxConcurrency]", "fails the execution: Error", BOTH_REFUSE],
  ["map: maxConcurrency -1", (ctx) => ctx.map("m", [1, 2], item, { maxConcurrency: -1 }).then((r: any) => r.getResults()), "throws DurableValidationError [map.config.maxConcurrency]", "fails the execution: Error", BOTH_REFUSE],
  ["map: maxConcurrency 1.5", (ctx) => ctx.map("m", [1, 2, 3], item, { maxConcurrency: 1.5 }).then((r: any) => r.getResults()), "throws DurableValidationError [map.config.maxConcurrency]", "accepted", refused("runs two items at once (it compares the running count with 1.5)")],
  ["map: maxConcurrency Infinity", (ctx) => ctx.map("m", [1, 2], item, { maxConcurrency: Infinity }).then((r: any) => r.getResults()), "accepted"],
  ["map: maxConcurrency null", (ctx) => ctx.map("m", [1, 2], item, { maxConcurrency: null }).then((r: any) => r.getResults()), "accepted"],
  ["map: maxConcurrency NaN", (ctx) => ctx.map("m", [1, 2], item, { maxConcurrency: NaN }).then((r: any) => r.getResults()), "throws DurableValidationError [map.config.maxConcurrency]", "accepted", refused("runs every item at once (no count is below NaN, so no limit applies)")],
  ["map: maxConcurrency '2'", (ctx) => ctx.map("m", [1, 2], item, { maxConcurrency: "2" }).then((r: any) => r.getResults()), "throws DurableValidationError [map.config.maxConcurrency]", "accepted", refused("compares the count with the string")],
  ["completion: minSuccessful 0", (ctx) => ctx.map("m", [1, 2], item, { completionConfig: { minSuccessful: 0 } }).then((r: any) => [r.completionReason, r.getResults()]), "accepted"],
  ["completion: minSuccessful > items", (ctx) => ctx.map("m", [1, 2], item, { completionConfig: { minSuccessful: 5 } }).then((r: any) => [r.completionReason, r.getResults()]), "accepted"],
  ["completion: minSuccessful 1.5", (ctx) => ctx.map("m", [1, 2], item, { completionConfig: { minSuccessful: 1.5 } }).then((r: any) => [r.completionReason, r.getResults()]), "throws DurableValidationError [map.config.completionConfig.minSuccessful]", "accepted", refused("reads it as 2 (a count is never 1.5)")],
  ["completion: minSuccessful -1", (ctx) => ctx.map("m", [1, 2], item, { completionConfig: { minSuccessful: -1 } }).then((r: any) => [r.completionReason, r.getResults()]), "throws DurableValidationError [map.config.completionConfig.minSuccessful]", "accepted", refused("completes the batch after the first item (MIN_SUCCESSFUL_REACHED), dropping the others")],
  ["completion: toleratedFailureCount -1", (ctx) => ctx.map("m", [1, 2], item, { completionConfig: { toleratedFailureCount: -1 } }).then((r: any) => [r.completionReason, r.getResults()]), "throws DurableValidationError [map.config.completionConfig.toleratedFailureCount]", "accepted", refused("fails the batch at once (FAILURE_TOLERANCE_EXCEEDED) though nothing failed")],
  ["completion: toleratedFailurePercentage 150", (ctx) => ctx.map("m", [1, 2], item, { completionConfig: { toleratedFailurePercentage: 150 } }).then((r: any) => [r.completionReason, r.getResults()]), "throws DurableValidationError [map.config.completionConfig.toleratedFailurePercentage]", "accepted", refused("accepts a percentage over 100")],
  ["completion: toleratedFailurePercentage 0", (ctx) => ctx.map("m", [1, 2], item, { completionConfig: { toleratedFailurePercentage: 0 } }).then((r: any) => [r.completionReason, r.getResults()]), "accepted"],
  ["completion: empty", (ctx) => ctx.map("m", [1, 2], item, { completionConfig: {} }).then((r: any) => [r.completionReason, r.getResults()]), "accepted"],
  ["completion: null", (ctx) => ctx.map("m", [1, 2], item, { completionConfig: null }).then((r: any) => [r.completionReason, r.getResults()]), "accepted"],
  ["completion: unknown key", (ctx) => ctx.map("m", [1, 2], item, { completionConfig: { minSuccess: 1 } }).then((r: any) => [r.completionReason, r.getResults()]), "throws DurableValidationError [map.config.completionConfig]", "accepted", refused("ignores the key: a misspelt option silently leaves the default in force")],
  ["itemNamer: number", (ctx) => ctx.map("m", [1, 2], item, { itemNamer: (_x: unknown, i: number) => i }).then((r: any) => r.getResults()), "rejects DurableValidationError [map.config.itemNamer]", "accepted", refused("fails the item with a TypeError inside the batch and the map resolves with no results")],
  ["itemNamer: undefined", (ctx) => ctx.map("m", [1, 2], item, { itemNamer: () => undefined }).then((r: any) => r.getResults()), "accepted"],
  ["itemNamer: empty", (ctx) => ctx.map("m", [1, 2], item, { itemNamer: () => "" }).then((r: any) => r.getResults()), "accepted"],
  ["itemNamer: duplicates", (ctx) => ctx.map("m", [1, 2], item, { itemNamer: () => "same" }).then((r: any) => r.getResults()), "accepted"],
  ["itemNamer: object", (ctx) => ctx.map("m", [1, 2], item, { itemNamer: (x: unknown) => ({ x }) }).then((r: any) => r.getResults()), "rejects DurableValidationError [map.config.itemNamer]", "accepted", refused("fails the item with a TypeError inside the batch and the map resolves with no results")],
  ["parallel: empty", (ctx) => ctx.parallel("p", []).then((r: any) => r.getResults()), "accepted"],
  ["parallel: Set", (ctx) => ctx.parallel("p", new Set([one])).then((r: any) => r.getResults()), "throws DurableValidationError [parallel.branches]", "rejects Error", BOTH_REFUSE],
  ["parallel: branch name number", (ctx) => ctx.parallel("p", [{ name: 5, func: one }]).then((r: any) => r.getResults()), "throws DurableValidationError [parallel.branches]", "accepted", refused("fails the branch with a TypeError (fn is not a function), so the parallel resolves with no results")],
  ["parallel: branch name empty", (ctx) => ctx.parallel("p", [{ name: "", func: one }]).then((r: any) => r.getResults()), "accepted"],
  ["parallel: maxConcurrency 0", (ctx) => ctx.parallel("p", [one, one], { maxConcurrency: 0 }).then((r: any) => r.getResults()), "throws DurableValidationError [parallel.config.maxConcurrency]", "fails the execution: Error", BOTH_REFUSE],
  ["parallel: branch not a function", (ctx) => ctx.parallel("p", [one, 5]).then((r: any) => r.getResults()), "throws DurableValidationError [parallel.branches]", "rejects Error", BOTH_REFUSE],
  ["serdes: step serialize only", (ctx) => ctx.step("s", one, { serdes: { serialize: async (v: unknown) => JSON.stringify(v) } }), "throws DurableValidationError [step.config.serdes]", "the invocation throws SerdesFailedError", refused("throws from the invocation (SerdesFailedError, unrecoverable): Lambda runs the invocation again and again")],
  ["serdes: step deserialize only", (ctx) => ctx.step("s", one, { serdes: { deserialize: async (v: string) => JSON.parse(v) } }), "throws DurableValidationError [step.config.serdes]", "the invocation throws SerdesFailedError", refused("throws from the invocation (SerdesFailedError, unrecoverable): Lambda runs the invocation again and again")],
  ["serdes: step empty", (ctx) => ctx.step("s", one, { serdes: {} }), "throws DurableValidationError [step.config.serdes]", "the invocation throws SerdesFailedError", refused("throws from the invocation (SerdesFailedError, unrecoverable): Lambda runs the invocation again and again")],
  ["serdes: step sync methods", (ctx) => ctx.step("s", one, { serdes: { serialize: (v: unknown) => JSON.stringify(v), deserialize: (v: string) => JSON.parse(v) } }), "accepted"],
  ["serdes: map serialize only", (ctx) => ctx.map("m", [1], item, { serdes: { serialize: async (v: unknown) => JSON.stringify(v) } }).then((r: any) => r.getResults()), "throws DurableValidationError [map.config.serdes]", "the invocation throws SerdesFailedError", refused("throws from the invocation (SerdesFailedError, unrecoverable): Lambda runs the invocation again and again")],
  ["serdes: child serialize only", (ctx) => ctx.runInChildContext("c", one, { serdes: { serialize: async (v: unknown) => JSON.stringify(v) } }), "throws DurableValidationError [runInChildContext.config.serdes]", "the invocation throws SerdesFailedError", refused("throws from the invocation (SerdesFailedError, unrecoverable): Lambda runs the invocation again and again")],
  ["invoke: name", (ctx) => ctx.invoke("other-fn", { a: 1 }), "accepted"],
  ["invoke: ARN", (ctx) => ctx.invoke("arn:aws:lambda:us-east-1:123456789012:function:other", { a: 1 }), "accepted"],
  ["invoke: ARN alias", (ctx) => ctx.invoke("arn:aws:lambda:us-east-1:123456789012:function:other:live", { a: 1 }), "accepted"],
  ["invoke: partial ARN", (ctx) => ctx.invoke("123456789012:function:other", { a: 1 }), "accepted"],
  ["invoke: named", (ctx) => ctx.invoke("call", "other-fn", { a: 1 }), "accepted"],
  ["invoke: no input", (ctx) => ctx.invoke("other-fn"), "accepted"],
  ["invoke: empty funcId", (ctx) => ctx.invoke(""), "throws DurableValidationError [invoke.funcId]", "accepted", refused("sends FunctionName \"\", which the service refuses")],
  ["invoke: number funcId", (ctx) => ctx.invoke(5, { a: 1 }), "throws DurableValidationError [invoke.funcId]", "accepted", refused("sends FunctionName as a number, which the API types as a string")],
  ["invoke: config unknown", (ctx) => ctx.invoke("call", "other-fn", { a: 1 }, { timeout: { seconds: 5 } }), "throws DurableValidationError [invoke.config]", "accepted", refused("ignores the key: a misspelt option silently leaves the default in force")],
  ["invoke: config null", (ctx) => ctx.invoke("call", "other-fn", { a: 1 }, null), "accepted"],
  ["invoke: tenantId empty", (ctx) => ctx.invoke("call", "other-fn", { a: 1 }, { tenantId: "" }), "throws DurableValidationError [invoke.config.tenantId]", "accepted", refused("sends TenantId \"\"")],
  ["invoke: tenantId", (ctx) => ctx.invoke("call", "other-fn", { a: 1 }, { tenantId: "t1" }), "accepted"],
  ["invoke: string input", (ctx) => ctx.invoke("call", "other-fn", "text"), "accepted"],
);

/** A step that fails its first attempt, so its retry strategy is asked. */
const failOnce = async (s: { attempt?: number }) => {
  if ((s?.attempt ?? 1) < 2) throw new Error("first");
  return 1;
};
/** A map whose first item fails, settled as [completionReason, results]. */
const failFirst = (ctx: any, completionConfig: unknown) =>
  ctx.map("m", [1, 2], async (_c: unknown, x: number) => {
    if (x === 1) throw new Error("x");
    return x;
  }, { completionConfig }).then((r: any) => [r.completionReason, r.getResults()]);

// `null` for a config or an optional field: the reference reads it as left out (its default applies), and so
// does this package; both send the same checkpoints. Where the reference reads null as a value (a count's
// null as 0, wrapWithRunInChildContext's as false) this package refuses it.
rows.push(
  ["null: step unnamed config", (ctx) => ctx.step(one, null), "accepted"],
  ["null: step fields", (ctx) => ctx.step("s", one, { retryStrategy: null, semantics: null, serdes: null }), "accepted"],
  ["null: child fields", (ctx) => ctx.runInChildContext("c", async (c: any) => c.step("a", one), { serdes: null, subType: null, summaryGenerator: null, errorMapper: null, virtualContext: null }), "accepted"],
  ["null: createCallback unnamed config", async (ctx) => (await ctx.createCallback(null))[0], "accepted"],
  ["null: createCallback serdes", async (ctx) => (await ctx.createCallback("cb", { serdes: null }))[0], "accepted"],
  ["null: createCallback name before a config", async (ctx) => (await ctx.createCallback(null, { timeout: { seconds: 5 } }))[0], "rejects DurableValidationError [createCallback.name]", "accepted", refused("reads the null as the config and drops the one given (no timeout is sent)")],
  ["null: waitForCallback fields", (ctx) => ctx.waitForCallback("wc", async () => undefined, { timeout: null, heartbeatTimeout: { seconds: 9 }, retryStrategy: null, serdes: null }), "accepted"],
  ["null: waitForCallback unnamed config", (ctx) => ctx.waitForCallback(async () => undefined, null), "accepted"],
  ["null: waitForCondition serdes", (ctx) => ctx.waitForCondition("c", async (s: number) => s + 1, { initialState: 0, serdes: null, waitStrategy: () => ({ shouldContinue: false }) }), "accepted"],
  ["null: waitForCondition initialState", (ctx) => ctx.waitForCondition("c", async (s: unknown) => s, { initialState: null, waitStrategy: () => ({ shouldContinue: false }) }), "accepted"],
  ["null: waitForCondition waitStrategy", (ctx) => ctx.waitForCondition("c", async (s: number) => s, { initialState: 0, waitStrategy: null }), "throws DurableValidationError [waitForCondition.config.waitStrategy]", "throws Error", BOTH_REFUSE],
  ["null: map fields", (ctx) => ctx.map("m", [1, 2, 3], item, { maxConcurrency: null, itemNamer: null, serdes: null, itemSerdes: null, completionConfig: null, summaryGenerator: null, nesting: null }).then((r: any) => [r.completionReason, r.getResults()]), "accepted"],
  ["null: map unnamed config", (ctx) => ctx.map([1, 2], item, null).then((r: any) => r.getResults()), "accepted"],
  ["null: map itemNamer returns null", (ctx) => ctx.map("m", [1, 2], item, { itemNamer: () => null }).then((r: any) => r.getResults()), "accepted"],
  ["null: parallel config", (ctx) => ctx.parallel("p", [one, one], null).then((r: any) => r.getResults()), "accepted"],
  ["null: parallel fields", (ctx) => ctx.parallel("p", [one, one], { maxConcurrency: null, serdes: null, itemSerdes: null, completionConfig: null, summaryGenerator: null, nesting: null }).then((r: any) => r.getResults()), "accepted"],
  ["null: parallel branch name", (ctx) => ctx.parallel("p", [{ name: null, func: one }, one]).then((r: any) => r.getResults()), "accepted"],
  ["null: completionConfig, failing", (ctx) => failFirst(ctx, null), "accepted"],
  ["null: shouldComplete", (ctx) => failFirst(ctx, { shouldComplete: null }), "throws DurableValidationError [map.config.completionConfig.shouldComplete]", "accepted", refused("counts it as a field set, so the default tolerance of no failed item no longer applies: the batch completes (ALL_COMPLETED) though an item failed")],
  ["null: shouldComplete beside a threshold", (ctx) => failFirst(ctx, { shouldComplete: null, toleratedFailureCount: 1 }), "throws DurableValidationError [map.config.completionConfig.shouldComplete]", "fails the execution: Error", BOTH_REFUSE],
  ["null: minSuccessful", (ctx) => ctx.map("m", [1, 2, 3], item, { completionConfig: { minSuccessful: null } }).then((r: any) => [r.completionReason, r.getResults()]), "throws DurableValidationError [map.config.completionConfig.minSuccessful]", "accepted", refused("reads it as 0: completes the batch after the first item (MIN_SUCCESSFUL_REACHED), dropping the others")],
  ["null: toleratedFailureCount", (ctx) => failFirst(ctx, { toleratedFailureCount: null, toleratedFailurePercentage: 100 }), "throws DurableValidationError [map.config.completionConfig.toleratedFailureCount]", "accepted", refused("reads it as 0: fails the batch at the first failed item (FAILURE_TOLERANCE_EXCEEDED) whatever the percentage allows")],
  ["null: toleratedFailurePercentage", (ctx) => failFirst(ctx, { toleratedFailurePercentage: null, toleratedFailureCount: 1 }), "throws DurableValidationError [map.config.completionConfig.toleratedFailurePercentage]", "accepted", refused("reads it as 0%: fails the batch at the first failed item (FAILURE_TOLERANCE_EXCEEDED) whatever the count allows")],
  ["null: invoke unnamed config", (ctx) => ctx.invoke("other-fn", { a: 1 }, null), "accepted"],
  ["null: invoke fields", (ctx) => ctx.invoke("call", "other-fn", { a: 1 }, { payloadSerdes: null, resultSerdes: null, tenantId: null }), "accepted"],
  ["null: invoke name", (ctx) => ctx.invoke(null, "other-fn", { a: 1 }), "throws DurableValidationError [invoke.name]", "accepted", refused("sends Name: null, which the API types as a string")],
  ["null: child name", (ctx) => ctx.runInChildContext(null, one), "throws DurableValidationError [runInChildContext.fn]", "rejects ChildContextError", BOTH_REFUSE],
  ["null: map name", (ctx) => ctx.map(null, [1], item), "throws DurableValidationError [map.items]", "rejects TypeError", BOTH_REFUSE],
  ["null: withRetry childContextConfig", (ctx, sdk) => sdk.withRetry(ctx, "r", async () => 1, { retryStrategy: () => ({ shouldRetry: false }), childContextConfig: null as never }), "accepted"],
  ["null: withRetry wrapWithRunInChildContext", (ctx, sdk) => sdk.withRetry(ctx, "r", async () => 1, { retryStrategy: () => ({ shouldRetry: false }), wrapWithRunInChildContext: null as never }), "rejects DurableValidationError [withRetry.config.wrapWithRunInChildContext]", "accepted", refused("reads it as false: runs the attempts without a child context")],
  ["null: createRetryStrategy maxAttempts", (ctx, sdk) => ctx.step("s", failOnce, { retryStrategy: sdk.createRetryStrategy({ maxAttempts: null as never }) }), "throws DurableValidationError [createRetryStrategy.maxAttempts]", "rejects StepError", BOTH_REFUSE],
  ["null: createRetryStrategy backoffRate", (ctx, sdk) => ctx.step("s", failOnce, { retryStrategy: sdk.createRetryStrategy({ backoffRate: null as never, jitter: sdk.JitterStrategy.NONE }) }), "throws DurableValidationError [createRetryStrategy.backoffRate]", "accepted", refused("reads it as 0: every retry after the first waits the 1-second minimum")],
  ["null: createRetryStrategy jitter", (ctx, sdk) => ctx.step("s", failOnce, { retryStrategy: sdk.createRetryStrategy({ jitter: null as never }) }), "throws DurableValidationError [createRetryStrategy.jitter]", "accepted", refused("reads it as no jitter, where leaving it out means FULL")],
  ["null: createRetryStrategy retryableErrors", (ctx, sdk) => ctx.step("s", failOnce, { retryStrategy: sdk.createRetryStrategy({ retryableErrors: null as never }) }), "throws DurableValidationError [createRetryStrategy.retryableErrors]", "rejects StepError", BOTH_REFUSE],
  ["null: createWaitStrategy backoffRate", (ctx, sdk) => ctx.waitForCondition("c", async (s: number) => s + 1, { initialState: 0, waitStrategy: sdk.createWaitStrategy({ shouldContinuePolling: (s: number) => s < 2, backoffRate: null as never, jitter: sdk.JitterStrategy.NONE }) }), "throws DurableValidationError [createWaitStrategy.backoffRate]", "accepted", refused("reads it as 0: every poll after the first waits the 1-second minimum")],
  ["null: createWaitStrategy jitter", (ctx, sdk) => ctx.waitForCondition("c", async (s: number) => s + 1, { initialState: 0, waitStrategy: sdk.createWaitStrategy({ shouldContinuePolling: (s: number) => s < 2, jitter: null as never }) }), "throws DurableValidationError [createWaitStrategy.jitter]", "never settles", refused("computes no delay and never settles")],
  ["null: createWaitStrategy timeoutSeconds", (ctx, sdk) => ctx.waitForCondition("c", async (s: number) => s + 1, { initialState: 0, waitStrategy: sdk.createWaitStrategy({ shouldContinuePolling: (s: number) => s < 2, timeoutSeconds: null as never, jitter: sdk.JitterStrategy.NONE }) }), "accepted"],
);

/** The wire of an accepted Duration as this package sends it: whole seconds, and at least 1 for waits and retry delays. */
function rounded(updates: Observation["updates"]): Observation["updates"] {
  return updates.map((u) => ({
    ...u,
    ...(u.WaitOptions && { WaitOptions: { WaitSeconds: Math.max(1, Math.round(u.WaitOptions.WaitSeconds!)) } }),
    ...(u.StepOptions?.NextAttemptDelaySeconds !== undefined && { StepOptions: { NextAttemptDelaySeconds: Math.max(1, Math.round(u.StepOptions.NextAttemptDelaySeconds)) } }),
    ...(u.CallbackOptions && {
      CallbackOptions: Object.fromEntries(Object.entries(u.CallbackOptions).map(([k, v]) => [k, typeof v === "number" ? Math.round(v) : v])),
    }),
  }));
}

describe("input acceptance, side by side with the reference", () => {
  it.each(rows.map((row) => [row[0], row] as const))("%s", async (_name, [, call, expectedOurs, expectedTheirs = expectedOurs, why]) => {
    const [mine, theirs] = [await observe(ours, ourSdk as unknown as Exports, call), await observe(reference, referenceSdk, call)];
    expect([verdict(mine), verdict(theirs)]).toEqual([expectedOurs, expectedTheirs]);
    // Every difference is explained (and listed in the switching guide).
    expect(why === undefined).toBe(expectedOurs === expectedTheirs);
    if (expectedOurs !== "accepted") {
      // Ours refuses with a DurableValidationError whose message names the field and ends with the fix.
      const refusal = mine.calls.find((c) => c.how === "threw" || c.how === "rejected")!;
      expect(refusal.name).toBe("DurableValidationError");
      const field = refusal.field!.split(".").pop()!.replace("()", "");
      expect(refusal.message).toContain(field);
      expect(refusal.fix).toMatch(/\S/);
      return;
    }
    if (expectedTheirs !== "accepted") return;
    // Both accept: the same values, and the same checkpoint updates (Durations: rounded as this package sends them).
    expect(mine.calls).toEqual(theirs.calls);
    if (JSON.stringify(mine.updates) === JSON.stringify(theirs.updates)) return;
    expect(mine.updates).toEqual(rounded(theirs.updates));
  });
});

describe("an over-long Duration's message names its field's own limit", () => {
  it.each(limitEntries.filter(([, , max]) => max !== undefined).map(([entry, make, max]) => [entry, make, max!] as const))("%s", async (_entry, make, max) => {
    const { calls } = await observe(ours, ourSdk as unknown as Exports, make({ seconds: max + 1 }));
    const refusal = calls.find((c) => c.how === "threw" || c.how === "rejected")!;
    expect(refusal.message).toContain(`is ${max + 1} seconds; at most ${max}${max === WAIT_MAX ? " (366 days)" : ""} are allowed`);
  });
});
