/**
 * How `durable dev` keeps the durable logger's lines for `durable logs`: the handlers run in the dev
 * server's process, and the default durable logger writes one JSON record per line (with
 * `executionArn`) to stdout and stderr. This tee appends those records to a file, one per line, and
 * still lets every write through unchanged.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";

type Write = typeof process.stdout.write;

/** Tees `streams`' writes: lines that are durable log records go to `path`. Returns the undo function. */
export function captureDurableLogs(path: string, streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): () => void {
  mkdirSync(dirname(path), { recursive: true });
  const restores = streams.map((stream) => {
    const original: Write = stream.write;
    let partial = "";
    const tee = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
      try {
        const text = typeof chunk === "string" ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString("utf8") : "";
        const lines = (partial + text).split("\n");
        partial = lines.pop() ?? "";
        if (partial.length > 1_000_000) partial = "";
        const records = lines.filter((line) => line.startsWith("{") && line.includes('"executionArn"') && isRecord(line));
        if (records.length) appendFileSync(path, `${records.join("\n")}\n`);
      } catch {
        // Keeping logs must never break the server's output.
      }
      return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    };
    stream.write = tee as Write;
    return () => {
      stream.write = original;
    };
  });
  return () => restores.forEach((restore) => restore());
}

function isRecord(line: string): boolean {
  try {
    const value = JSON.parse(line) as { executionArn?: unknown };
    return typeof value.executionArn === "string";
  } catch {
    return false;
  }
}
