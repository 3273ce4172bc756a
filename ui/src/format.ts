/** Formatting of times, durations and payloads for display (pure, no DOM). */
import { parseFunctionArn } from "../../src/generated/lambda-api.js";

/** "850 ms", "12.3 s", "4 min 05 s", "2 h 03 min", "3 d 4 h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(2) : seconds.toFixed(1)} s`;
  const totalSeconds = Math.floor(seconds);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes} min ${String(totalSeconds % 60).padStart(2, "0")} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, "0")} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** Local date and time with milliseconds, e.g. "2026-12-03 10:52:05.378". */
export function formatTimestamp(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "—";
  const d = new Date(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** "just now", "5 s ago", "3 min ago", "2 h ago", or the date for older times. */
export function formatRelative(ms: number, now: number): string {
  const ago = now - ms;
  if (ago < 2_000) return "just now";
  if (ago < 60_000) return `${Math.floor(ago / 1000)} s ago`;
  if (ago < 3_600_000) return `${Math.floor(ago / 60_000)} min ago`;
  if (ago < 86_400_000) return `${Math.floor(ago / 3_600_000)} h ago`;
  return formatTimestamp(ms).slice(0, 16);
}

/** A byte count: "512 B", "4.2 KB", "1.3 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export interface PrettyPayload {
  /** The text to show: indented JSON when the payload is JSON, else the payload as it is. */
  text: string;
  isJson: boolean;
  /** Size of the original payload in UTF-8 bytes. */
  bytes: number;
  lines: number;
}

/** Pretty-prints a serialized payload (JSON indented by two spaces; other text unchanged). */
export function prettyPayload(payload: string): PrettyPayload {
  let text = payload;
  let isJson = false;
  try {
    text = JSON.stringify(JSON.parse(payload), null, 2);
    isJson = true;
  } catch {
    // not JSON: shown as text
  }
  return { text, isJson, bytes: new TextEncoder().encode(payload).length, lines: text.split("\n").length };
}

/** Payloads above either limit are shown collapsed, with a one-line preview. */
export const COLLAPSE_LINES = 24;
export const COLLAPSE_BYTES = 4096;

export function isLarge(pretty: PrettyPayload): boolean {
  return pretty.lines > COLLAPSE_LINES || pretty.bytes > COLLAPSE_BYTES;
}

/** A one-line preview of a payload, at most `max` characters. */
export function previewOf(payload: string, max = 120): string {
  const flat = payload.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The function name of a function ARN (without its qualifier); the text itself when it is not one. */
export function functionNameOf(functionArn: string): string {
  return parseFunctionArn(functionArn)?.functionName ?? functionArn;
}

/** Checks a JSON input typed by the user; the message names the line and column of a syntax error. */
export function checkJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    if (position) {
      const offset = Number(position[1]);
      const before = text.slice(0, offset).split("\n");
      return { ok: false, message: `Not valid JSON at line ${before.length}, column ${before[before.length - 1]!.length + 1}: ${message}` };
    }
    return { ok: false, message: `Not valid JSON: ${message}` };
  }
}

/** Fields of history event details that hold a number of seconds (wire durations and timeouts). */
const SECONDS_FIELDS = new Set(["Duration", "Timeout", "ExecutionTimeout", "HeartbeatTimeout", "NextAttemptDelaySeconds"]);

/**
 * A one-line summary of a history event's details: its first few fields, readable — timestamps
 * (epoch seconds on the wire) as the local time of day, durations and timeouts in seconds as
 * durations, an error as "ErrorType: ErrorMessage", long strings and payloads cut short.
 */
export function summarizeDetails(details: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(details)) {
    if (value === null || value === undefined) continue;
    if (typeof value === "object") {
      const inner = value as Record<string, unknown>;
      if (typeof inner.Payload === "string") parts.push(`${key}: ${inner.Payload.length > 40 ? `${inner.Payload.slice(0, 39)}…` : inner.Payload}`);
      else if (inner.Payload && typeof inner.Payload === "object") {
        const error = inner.Payload as { ErrorType?: string; ErrorMessage?: string };
        parts.push(`${key}: ${[error.ErrorType, error.ErrorMessage].filter((text) => text !== undefined && text !== "").join(": ")}`);
      } else if (typeof inner.CurrentAttempt === "number") parts.push(`attempt ${inner.CurrentAttempt}`);
      continue;
    }
    if (typeof value === "number" && key.endsWith("Timestamp")) parts.push(`${key}: ${formatTimestamp(value * 1000).slice(11)}`);
    else if (typeof value === "number" && SECONDS_FIELDS.has(key)) parts.push(`${key}: ${formatDuration(value * 1000)}`);
    else if (typeof value === "string" && value.length > 40) parts.push(`${key}: ${value.slice(0, 16)}…`);
    else parts.push(`${key}: ${String(value)}`);
    if (parts.length >= 3) break;
  }
  return parts.join(" · ") || "details";
}
