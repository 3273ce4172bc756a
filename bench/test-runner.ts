/**
 * Benchmark of the test runners: N sequential steps through `LocalDurableTestRunner.run()` with
 * skipTime, ours (virtual clock, in process) against the reference testing package's (checkpoint
 * worker thread + fake timers). Each runner runs in its own Node process with its own SDK (the
 * pairing a user has) and the same handler body; the time is end-to-end `run()` real time, read
 * from `process.hrtime.bigint` saved before the reference installs its fake clock.
 *
 * Child mode: `node --import tsx bench/test-runner.ts <ours|reference> <steps> <repeat>` prints
 * `{ ms: number[], result }` as JSON.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { median } from "./stats.js";

export type RunnerName = "ours" | "reference";

export interface RunnerMeasurement {
  /** Median end-to-end run() time of the measured runs, in ms. */
  ms: number;
  runs: number[];
  result: unknown;
}

/** The handler body both runners execute. */
function sequentialSteps(steps: number) {
  return async (_event: unknown, context: { step: (fn: () => Promise<number>) => Promise<number> }) => {
    let sum = 0;
    for (let i = 0; i < steps; i++) sum += await context.step(async () => i);
    return sum;
  };
}

interface RunnerModule {
  LocalDurableTestRunner: {
    new (params: { handlerFunction: any }): { run(): Promise<{ getStatus(): string; getResult(): unknown }> };
    setupTestEnvironment(params: { skipTime: boolean }): Promise<void>;
    teardownTestEnvironment(): Promise<void>;
  };
}

/** The built package (npm run bench builds it first): what users run, not the sources through a loader. */
const builtEntry = (file: string) => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));

async function measureHere(name: RunnerName, steps: number, repeat: number): Promise<{ ms: number[]; result: unknown }> {
  // Saved before the reference's setupTestEnvironment fakes process.hrtime.
  const realNow = process.hrtime.bigint.bind(process.hrtime);
  const [testing, sdk] =
    name === "ours"
      ? [(await import(builtEntry("testing.js"))) as RunnerModule, (await import(builtEntry("index.js"))) as typeof import("../src/index.js")]
      : [(await import("@aws/durable-execution-sdk-js-testing")) as unknown as RunnerModule, await import("@aws/durable-execution-sdk-js")];
  const { LocalDurableTestRunner } = testing;
  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
  const withDurableExecution = sdk.withDurableExecution as (fn: unknown) => unknown;
  const once = async (count: number) => {
    const runner = new LocalDurableTestRunner({ handlerFunction: withDurableExecution(sequentialSteps(count)) });
    const start = realNow();
    const result = await runner.run();
    const ms = Number(realNow() - start) / 1e6;
    if (result.getStatus() !== "SUCCEEDED") throw new Error(`${name} runner: execution ${result.getStatus()}`);
    return { ms, result: result.getResult() };
  };
  await once(10); // warm-up: worker start, module and JIT warm-up
  const ms: number[] = [];
  let result: unknown;
  for (let i = 0; i < repeat; i++) ({ ms: ms[i]!, result } = await once(steps));
  await LocalDurableTestRunner.teardownTestEnvironment();
  return { ms, result };
}

/** Measures one runner in a child process (killed after `timeoutMs`). */
export function measureRunner(name: RunnerName, steps: number, repeat: number, timeoutMs: number): Promise<RunnerMeasurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), name, String(steps), String(repeat)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        const why = signal === "SIGKILL" ? `was stopped after ${timeoutMs / 1000} s` : `exited with ${code}`;
        return reject(new Error(`the ${name} runner ${why}: ${err.trim().split("\n").slice(-3).join(" | ")}`));
      }
      try {
        const parsed = JSON.parse(out.trim().split("\n").pop()!) as { ms: number[]; result: unknown };
        resolve({ ms: median(parsed.ms), runs: parsed.ms, result: parsed.result });
      } catch {
        reject(new Error(`the ${name} runner printed no measurement: ${out.slice(-200)}`));
      }
    });
  });
}

/** Both runners on `steps` sequential steps; the reference is slow (~20 ms a step), so it runs once. */
export async function compareTestRunners(steps = 1000): Promise<{ ours: RunnerMeasurement; reference: RunnerMeasurement }> {
  const ours = await measureRunner("ours", steps, 5, 120_000);
  const reference = await measureRunner("reference", steps, 1, 300_000);
  if (JSON.stringify(ours.result) !== JSON.stringify(reference.result)) {
    throw new Error(`results differ: ours ${JSON.stringify(ours.result)} vs reference ${JSON.stringify(reference.result)}`);
  }
  return { ours, reference };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [name, steps, repeat] = process.argv.slice(2);
  if ((name !== "ours" && name !== "reference") || !(Number(steps) > 0) || !(Number(repeat) > 0)) {
    console.error("usage: test-runner.ts <ours|reference> <steps> <repeat>");
    process.exit(2);
  }
  const measured = await measureHere(name, Number(steps), Number(repeat));
  console.log(JSON.stringify(measured));
  // The reference's checkpoint worker may keep the process alive.
  process.exit(0);
}
