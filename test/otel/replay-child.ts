/**
 * Child process of fresh-process.test.ts: reads the recorded invocations from the file named in argv[2]
 * and runs the scenario handler with a new OTel plugin of the view named in argv[3] (in-memory exporter)
 * through them — the handler and the SDK execute again from the handler's start in every invocation,
 * with the recorded service answers. Prints the invocations' statuses, the number of step bodies that
 * ran, and the exported spans' identities as JSON on stdout.
 */
import { readFileSync } from "node:fs";
import * as ourSdk from "../../src/index.js";
import { ExecutionOtelPlugin, InvocationOtelPlugin } from "../../src/otel.js";
import { inMemoryFactory, installContextManager, scenarioHandler, spanIdentities, type Sdk } from "./scenario.js";
import { playInvocations, type RecordedInvocation } from "./service-recording.js";

const [, , file, view] = process.argv;
installContextManager();
const { exporter, factory, provider } = inMemoryFactory();
const plugin = view === "execution" ? new ExecutionOtelPlugin({ tracerProviderFactory: factory }) : new InvocationOtelPlugin({ tracerProviderFactory: factory });
let bodies = 0;
const handler = scenarioHandler(ourSdk as unknown as Sdk, [plugin], provider, 5, () => void bodies++);
const statuses = await playInvocations(handler, JSON.parse(readFileSync(file!, "utf8")) as RecordedInvocation[]);
process.stdout.write(JSON.stringify({ pid: process.pid, statuses, bodies, spans: spanIdentities(exporter.getFinishedSpans()) }));
