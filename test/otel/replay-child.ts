/**
 * Child process of fresh-process.test.ts: reads a hook recording from the file named in argv[2], replays
 * it into a new plugin of the view named in argv[3] with an in-memory exporter, and prints the exported
 * spans' identities as JSON on stdout.
 */
import { readFileSync } from "node:fs";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { ExecutionOtelPlugin, InvocationOtelPlugin } from "../../src/otel.js";
import { deserialize, replay } from "./hook-recording.js";

const [, , file, view] = process.argv;
const exporter = new InMemorySpanExporter();
const factory = (createIdGenerator: () => any) =>
  new BasicTracerProvider({ idGenerator: createIdGenerator(), spanProcessors: [new SimpleSpanProcessor(exporter)] });
const plugin = view === "execution" ? new ExecutionOtelPlugin({ tracerProviderFactory: factory }) : new InvocationOtelPlugin({ tracerProviderFactory: factory });
await replay(deserialize(readFileSync(file!, "utf8")), plugin);
const spans = exporter.getFinishedSpans().map((span) => ({
  name: span.name,
  traceId: span.spanContext().traceId,
  spanId: span.spanContext().spanId,
  parentSpanId: span.parentSpanContext?.spanId,
  links: span.links.map((link) => link.context.spanId),
}));
process.stdout.write(JSON.stringify({ pid: process.pid, spans }));
