/**
 * Durable handlers served by `durable dev` in the reliability benchmark (bench/reliability.ts).
 * Step bodies append a line "<execution id> <step> <attempt>" to the ledger file named by
 * BENCH_LEDGER, so the benchmark can count how often each body ran across kills and restarts.
 */
import { appendFileSync } from "node:fs";
import { StepSemantics, withDurableExecution } from "../src/index.js";

const note = (id: string, step: string, attempt: number) => {
  const ledger = process.env.BENCH_LEDGER; // read per call: the in-process fault scenarios set it late
  if (ledger) appendFileSync(ledger, `${id} ${step} ${attempt}\n`);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const interrupted = (error: Error) => error.name === "StepInterruptedError" || /interruption/.test(error.message);

/** Waits `seconds` and returns its id (timer lateness, concurrent starts). */
export const sleeper = withDurableExecution(async (event: { id: string; seconds?: number }, context) => {
  await context.wait("nap", { seconds: event.seconds ?? 1 });
  return event.id;
});

/** One step doing `ms` of I/O (a sleep): how many invocations run at once. */
export const io = withDurableExecution(async (event: { id: string; ms?: number }, context) =>
  context.step("io", async () => {
    await sleep(event.ms ?? 500);
    return event.id;
  }),
);

/** Returns quickly (concurrent RequestResponse invokes). */
export const quick = withDurableExecution(async (event: { id: string }, context) => context.step("echo", async () => event.id));

/** Waits for a callback and returns its result (callbacks from many clients). */
export const approval = withDurableExecution(async (event: { id: string }, context) => {
  const [result] = await context.createCallback<string>("approval", { timeout: { minutes: 10 } });
  return { id: event.id, approval: await result };
});

/**
 * Steps around a wait, one of them at-most-once, with slow bodies so that kills land inside them
 * (kills survived): the result must come out right, and the at-most-once body never twice per attempt.
 */
export const ledgered = withDurableExecution(async (event: { id: string }, context) => {
  const first = await context.step("reserve", async (step) => {
    note(event.id, "reserve", step.attempt);
    await sleep(150);
    return 1;
  });
  await context.wait("cool-off", { seconds: 1 });
  const second = await context.step(
    "charge",
    async (step) => {
      note(event.id, "charge", step.attempt);
      await sleep(150);
      return 2;
    },
    {
      semantics: StepSemantics.AtMostOncePerRetry,
      retryStrategy: (error, attempt) => ({ shouldRetry: interrupted(error) && attempt < 10, delay: { seconds: 1 } }),
    },
  );
  return { id: event.id, total: first + second };
});
