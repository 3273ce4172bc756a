/**
 * What `durable run` prints: the operation tree (name, type, status, attempts, duration, result
 * preview), the outcome, and optionally the history — as text for people or as one JSON document.
 */
import { eventDetails as detailsOfEvent, OperationType, type ErrorObject, type Operation } from "../../generated/index.js";
import type { ExecutionDescription, HistoryEvent } from "../../local/index.js";

export interface OperationNode {
  id: string;
  name?: string;
  type: string;
  subType?: string;
  status: string;
  /** STEP: attempts made so far. */
  attempts?: number;
  startTimestamp?: string;
  endTimestamp?: string;
  durationMs?: number;
  /** WAIT: the requested duration. */
  waitSeconds?: number;
  /** The stored result payload (JSON text as checkpointed). */
  result?: string;
  error?: ErrorObject;
  children: OperationNode[];
}

function resultAndError(op: Operation): { result?: string; error?: ErrorObject } {
  const details = op.StepDetails ?? op.ContextDetails ?? op.CallbackDetails ?? op.ChainedInvokeDetails;
  return { result: details?.Result ?? undefined, error: details?.Error ?? undefined };
}

/** The operations (EXECUTION excluded) as a forest, children in start order. */
export function buildTree(operations: readonly Operation[]): OperationNode[] {
  const roots: OperationNode[] = [];
  const nodes = new Map<string, OperationNode>();
  for (const op of operations) {
    if (op.Type === OperationType.EXECUTION) continue;
    const start = op.StartTimestamp?.getTime();
    const end = op.EndTimestamp?.getTime();
    const { result, error } = resultAndError(op);
    const node: OperationNode = { id: op.Id!, type: op.Type!, status: op.Status!, children: [] };
    if (op.Name !== undefined) node.name = op.Name;
    if (op.SubType !== undefined) node.subType = op.SubType;
    if (op.Type === OperationType.STEP) node.attempts = op.StepDetails?.Attempt ?? 0;
    if (start !== undefined) node.startTimestamp = new Date(start).toISOString();
    if (end !== undefined) node.endTimestamp = new Date(end).toISOString();
    if (start !== undefined && end !== undefined) node.durationMs = end - start;
    const scheduled = op.WaitDetails?.ScheduledEndTimestamp?.getTime();
    if (op.Type === OperationType.WAIT && start !== undefined && scheduled !== undefined) node.waitSeconds = Math.round((scheduled - start) / 1000);
    if (result !== undefined) node.result = result;
    if (error !== undefined) node.error = error;
    nodes.set(op.Id!, node);
    const parent = op.ParentId === undefined ? undefined : nodes.get(op.ParentId);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** "0 ms", "1.5 s", "12 s", "3 min 20 s", "1 h 0 min 30 s", "2 h 5 min", "1 d 2 h": at most three units. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1).replace(/\.0$/, "")} s`;
  let rest = Math.round(ms / 1000);
  const units: [number, string][] = [];
  for (const [size, unit] of [[86_400, "d"], [3600, "h"], [60, "min"], [1, "s"]] as const) {
    units.push([Math.floor(rest / size), unit]);
    rest %= size;
  }
  const first = units.findIndex(([value]) => value > 0);
  const shown = units.slice(first, first + 3);
  while (shown.length > 1 && shown.at(-1)![0] === 0) shown.pop();
  return shown.map(([value, unit]) => `${value} ${unit}`).join(" ");
}

/** One line of text at most `width` characters long. */
export function preview(text: string, width = 48): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}

function errorText(error: ErrorObject): string {
  const type = error.ErrorType ?? "Error";
  return error.ErrorMessage ? `${type}: ${error.ErrorMessage}` : type;
}

function nodePreview(node: OperationNode): string {
  if (node.error) return `✗ ${preview(errorText(node.error))}`;
  if (node.result !== undefined) return `→ ${preview(node.result)}`;
  if (node.waitSeconds !== undefined) return `wait ${formatDuration(node.waitSeconds * 1000)}`;
  return "";
}

/** The operation tree as aligned text lines. */
export function renderTree(roots: readonly OperationNode[]): string[] {
  const rows: string[][] = [];
  const walk = (nodes: readonly OperationNode[], prefix: string, nested: boolean): void => {
    nodes.forEach((node, index) => {
      const last = index === nodes.length - 1;
      const branch = nested ? (last ? "└─ " : "├─ ") : "";
      rows.push([
        `${prefix}${branch}${node.name ?? "(unnamed)"}`,
        node.subType ? `${node.type} ${node.subType}` : node.type,
        node.status,
        node.attempts === undefined ? "" : String(node.attempts),
        node.durationMs === undefined ? "…" : formatDuration(node.durationMs),
        nodePreview(node),
      ]);
      walk(node.children, nested ? `${prefix}${last ? "   " : "│  "}` : prefix, true);
    });
  };
  walk(roots, "", false);
  if (rows.length === 0) return ["  (no operations)"];
  const header = ["OPERATION", "TYPE", "STATUS", "ATTEMPTS", "DURATION", "RESULT"];
  return alignColumns(header, rows);
}

/** Left-aligned columns separated by two spaces; the last column is not padded. */
function alignColumns(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    `  ${cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  ")}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

const ENVELOPES = ["Input", "Result", "Error"] as const;

function eventDetails(event: HistoryEvent, start: number): string {
  const details = detailsOfEvent(event) ?? {};
  const parts: string[] = [];
  for (const key of ENVELOPES) {
    const payload = details[key]?.Payload;
    if (payload === undefined) continue;
    parts.push(`${key.toLowerCase()} ${preview(typeof payload === "string" ? payload : errorText(payload), 40)}`);
  }
  if (typeof details.CallbackId === "string") parts.push(`callback id ${details.CallbackId}`);
  if (typeof details.Duration === "number") parts.push(`${details.Duration} s`);
  const retry = details.RetryDetails;
  if (retry?.CurrentAttempt !== undefined) parts.push(`attempt ${retry.CurrentAttempt}`);
  if (retry?.NextAttemptDelaySeconds !== undefined) parts.push(`retry in ${retry.NextAttemptDelaySeconds} s`);
  if (typeof details.Timeout === "number") parts.push(`timeout ${details.Timeout} s`);
  if (typeof details.FunctionName === "string") parts.push(`function ${details.FunctionName}`);
  if (details.StartTimestamp instanceof Date && details.EndTimestamp instanceof Date) {
    parts.push(`invocation ${formatDuration(details.EndTimestamp.getTime() - details.StartTimestamp.getTime())} from +${formatDuration(details.StartTimestamp.getTime() - start)}`);
  }
  return parts.join(", ");
}

/** The history as aligned text lines. */
export function renderHistory(events: readonly HistoryEvent[], operations: readonly Operation[]): string[] {
  const names = new Map(operations.map((op) => [op.Id, op.Name]));
  const start = events[0]?.EventTimestamp.getTime() ?? 0;
  const rows = events.map((event) => {
    const name = event.Id === undefined ? "" : (names.get(event.Id) ?? "(unnamed)");
    return [String(event.EventId), `+${formatDuration(event.EventTimestamp.getTime() - start)}`, event.EventType, name, eventDetails(event, start)];
  });
  return alignColumns(["#", "TIME", "EVENT", "OPERATION", "DETAILS"], rows);
}

/** The result payload pretty-printed when it is JSON. */
export function renderPayload(payload: string | undefined): string {
  if (payload === undefined) return "(no result)";
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

export function renderError(error: ErrorObject): string[] {
  const lines = [errorText(error)];
  if (error.ErrorData) lines.push(`data: ${error.ErrorData}`);
  for (const frame of error.StackTrace ?? []) lines.push(`    ${frame}`);
  return lines;
}

/** The JSON document printed with --json. */
export interface RunReport {
  file: string;
  export: string;
  clock: "virtual" | "real";
  executionArn: string;
  status: string;
  result?: unknown;
  error?: ErrorObject;
  startTimestamp: string;
  endTimestamp?: string;
  durationMs?: number;
  invocations: number;
  /** Callbacks the execution still waits for (when it could not finish). */
  waitingFor?: { id: string; name?: string; callbackId: string }[];
  operations: OperationNode[];
  history?: HistoryEvent[];
}

export function parseResult(payload: string | undefined): unknown {
  if (payload === undefined) return undefined;
  try {
    return JSON.parse(payload);
  } catch {
    return payload;
  }
}

export function executionDuration(description: ExecutionDescription): number | undefined {
  return description.EndTimestamp ? description.EndTimestamp.getTime() - description.StartTimestamp.getTime() : undefined;
}
