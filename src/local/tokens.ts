/**
 * Opaque tokens minted by the local service: checkpoint tokens (one per checkpoint call) and
 * callback ids (one per CALLBACK operation). Both are base64url-encoded JSON so they can be mapped
 * back to the execution (and operation) without extra lookup tables, yet callers must treat them as
 * opaque strings.
 */
import { InvalidParameterValueException } from "./errors.js";

export interface CheckpointTokenData {
  /** Internal execution key. */
  readonly executionKey: string;
  /** Sequence number of the token within the execution. */
  readonly seq: number;
}

export interface CallbackIdData {
  readonly executionKey: string;
  readonly operationId: string;
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

function decode(token: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  try {
    return JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function encodeCheckpointToken(data: CheckpointTokenData): string {
  return encode({ t: "ckpt", e: data.executionKey, n: data.seq });
}

/** Returns undefined when the string is not a checkpoint token minted by this service. */
export function decodeCheckpointToken(token: string): CheckpointTokenData | undefined {
  const raw = decode(token);
  if (!isRecord(raw) || raw.t !== "ckpt" || typeof raw.e !== "string" || typeof raw.n !== "number") {
    return undefined;
  }
  return { executionKey: raw.e, seq: raw.n };
}

export function encodeCallbackId(data: CallbackIdData, nonce: number): string {
  return encode({ t: "cb", e: data.executionKey, o: data.operationId, n: nonce });
}

/** Returns undefined when the string is not a callback id minted by this service. */
export function decodeCallbackId(callbackId: string): CallbackIdData | undefined {
  const raw = decode(callbackId);
  if (!isRecord(raw) || raw.t !== "cb" || typeof raw.e !== "string" || typeof raw.o !== "string") {
    return undefined;
  }
  return { executionKey: raw.e, operationId: raw.o };
}

/** Minimal view of an execution for token checks (avoids a dependency on the record class). */
export interface TokenHolder {
  readonly key: string;
  readonly isRunning: boolean;
  readonly status: string;
  tokenSeq: number;
  currentTokenSeq: number;
}

/** Mints the execution's next checkpoint token; every earlier token becomes invalid. */
export function mintCheckpointToken(holder: TokenHolder): string {
  holder.currentTokenSeq = ++holder.tokenSeq;
  return encodeCheckpointToken({ executionKey: holder.key, seq: holder.currentTokenSeq });
}

/**
 * Throws InvalidParameterValueException unless `token` is the execution's current token and the
 * execution is still running (messages about bad tokens start with "Invalid checkpoint token").
 */
export function checkCheckpointToken(holder: TokenHolder, token: unknown): void {
  if (typeof token !== "string" || token.length === 0) {
    throw new InvalidParameterValueException("CheckpointToken is required");
  }
  const data = decodeCheckpointToken(token);
  if (!data) throw new InvalidParameterValueException("Invalid checkpoint token: the token cannot be decoded");
  if (data.executionKey !== holder.key) {
    throw new InvalidParameterValueException("Invalid checkpoint token: the token belongs to another execution");
  }
  if (!holder.isRunning) {
    throw new InvalidParameterValueException(`Invalid checkpoint token: the execution has already completed (${holder.status})`);
  }
  if (data.seq !== holder.currentTokenSeq) {
    throw new InvalidParameterValueException("Invalid checkpoint token: the token has already been used or was superseded");
  }
}
