/**
 * `npm run bench:plugins` (issue 11): what the plugin runtime and the OpenTelemetry plugins cost on
 * seq-sync ("1000 sequential steps, synchronous bodies", bench/workloads.ts), in ONE process with the
 * variants interleaved (each round runs every variant once, the order reversed every other round), so a
 * loaded machine slows all of them alike. Per variant: the median of the rounds' handler time (as
 * `npm run bench` measures it) and of the process CPU time of the whole run (user + system).
 *
 * Variants: each `--sdk name=path/to/dist/index.js` with no plugin (e.g. a build from before the plugin
 * runtime), then this repository's dist/ with no plugin, with an empty plugin (`{}`), with a plugin
 * that defines every hook as a no-op, with InvocationOtelPlugin and with ExecutionOtelPlugin (each on
 * its own BasicTracerProvider with the deterministic id generator and an in-memory exporter, reset
 * after every run).
 *
 * Usage: npx tsx bench/plugins.ts [--rounds 40] [--warmup 15] [--sdk before=/tmp/old/dist/index.js] [--only empty]
 * (build first: npm run build).
 */
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { SdkUnderTest } from "../test/support/fake-service.js";
import { benchFlags, builtEntry, namedPath, wholeNumberFlag } from "./args.js";
import { measureOnce } from "./harness.js";
import { sequentialSteps } from "./workloads.js";
import { median } from "./stats.js";

type Sdk = typeof import("../src/index.js");
type Otel = typeof import("../src/otel.js");

const root = join(import.meta.dirname, "..");
const flags = benchFlags("npx tsx bench/plugins.ts [--rounds 40] [--warmup 15] [--sdk name=path/to/dist/index.js]… [--only <variant>]", {
  rounds: { type: "string" },
  warmup: { type: "string" },
  only: { type: "string" },
  sdk: { type: "string", multiple: true },
});
const rounds = wholeNumberFlag("rounds", flags.rounds, 40, 3);
const warmup = wholeNumberFlag("warmup", flags.warmup, 15, 0);
const only = flags.only;
const others: [string, string][] = (flags.sdk ?? []).map((given) => {
  const [name, path] = namedPath(given);
  return [name, resolve(path)];
});
const ourEntry = builtEntry("bench:plugins");
delete process.env.DURABLE_EXECUTION_PLUGINS;

const load = async (path: string) => (await import(pathToFileURL(path).href)) as Sdk;
const ours = await load(ourEntry);
const otel = (await import(pathToFileURL(join(root, "dist/otel.js")).href)) as Otel;

const noOp = async () => {};
const everyHookNoOp = {
  onInvocationStart: noOp,
  onInvocationEnd: noOp,
  onOperationStart: noOp,
  onOperationEnd: noOp,
  onOperationAttemptStart: noOp,
  onOperationAttemptEnd: noOp,
  onOperationChange: noOp,
  wrapInvocation: (_info: unknown, fn: () => Promise<unknown>) => fn(),
  wrapChildContextFn: (_info: unknown, fn: () => unknown) => fn(),
  wrapOperationAttemptFn: (_info: unknown, fn: () => unknown) => fn(),
  enrichLogContext: () => undefined,
};

const exporters: InMemorySpanExporter[] = [];
function otelPlugin(kind: "InvocationOtelPlugin" | "ExecutionOtelPlugin"): object {
  const exporter = new InMemorySpanExporter();
  exporters.push(exporter);
  return new otel[kind]({
    tracerProviderFactory: (createIdGenerator) =>
      new BasicTracerProvider({ idGenerator: createIdGenerator() as never, spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  });
}

interface Variant {
  name: string;
  make: () => SdkUnderTest;
  ms: number[];
  cpuMs: number[];
}

const variant = (name: string, sdk: Sdk, plugins?: () => object[]): Variant => ({
  name,
  make: () => ({
    name,
    handler: sdk.withDurableExecution(sequentialSteps.handler as never, plugins ? ({ plugins: plugins() } as never) : undefined) as SdkUnderTest["handler"],
    wrapEvent: (event, client) => new sdk.DurableExecutionInvocationInputWithClient(event, client),
  }),
  ms: [],
  cpuMs: [],
});

const variants: Variant[] = [];
for (const [name, path] of others) variants.push(variant(`${name}, no plugin`, await load(path)));
variants.push(
  variant("ours, no plugin", ours),
  variant("ours, empty plugin {}", ours, () => [{}]),
  variant("ours, every hook a no-op", ours, () => [everyHookNoOp]),
  variant("ours, InvocationOtelPlugin", ours, () => [otelPlugin("InvocationOtelPlugin")]),
  variant("ours, ExecutionOtelPlugin", ours, () => [otelPlugin("ExecutionOtelPlugin")]),
);

async function once(v: Variant, record: boolean): Promise<void> {
  const cpu = process.cpuUsage();
  const measured = await measureOnce(v.make(), sequentialSteps);
  const used = process.cpuUsage(cpu);
  for (const exporter of exporters.splice(0)) exporter.reset();
  if (measured.result === undefined || (measured.result as { Status?: string }).Status !== "SUCCEEDED") {
    throw new Error(`${v.name}: the run did not succeed: ${JSON.stringify(measured.result)?.slice(0, 300)}`);
  }
  if (!record) return;
  v.ms.push(measured.ms);
  v.cpuMs.push((used.user + used.system) / 1000);
}

// --only <substring>: only the variants whose name contains it, and the baseline (for a profile).
if (only !== undefined) variants.splice(0, variants.length, ...variants.filter((v) => v.name === "ours, no plugin" || v.name.includes(only!)));
for (let i = 0; i < warmup; i++) for (const v of variants) await once(v, false);
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? variants : [...variants].reverse();
  for (const v of order) await once(v, true);
}

const base = variants.find((v) => v.name === "ours, no plugin")!;
const baseMs = median(base.ms);
const baseCpu = median(base.cpuMs);
console.log(`seq-sync (${sequentialSteps.name}), ${rounds} interleaved rounds after ${warmup} warm-up rounds, node ${process.version}`);
console.log("| variant | handler ms (median) | ratio | CPU ms per run (median) | ratio |");
console.log("|---|---|---|---|---|");
for (const v of variants) {
  const ms = median(v.ms);
  const cpu = median(v.cpuMs);
  console.log(`| ${v.name} | ${ms.toFixed(2)} | ${(ms / baseMs).toFixed(3)} | ${cpu.toFixed(2)} | ${(cpu / baseCpu).toFixed(3)} |`);
}
