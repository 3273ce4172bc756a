/**
 * Opaque tokens minted by the local service: checkpoint tokens (one per checkpoint call) and
 * callback ids (one per CALLBACK operation). Each carries the execution (and operation) it belongs
 * to, a random nonce and an HMAC tag under the service's secret (see token-signer.ts): they map back
 * without lookup tables, cannot be guessed, and cannot be forged or modified. Callers must treat
 * them as opaque strings.
 */
import { InvalidParameterValueException, SERVICE_MESSAGES } from "./errors.js";

const MESSAGES = SERVICE_MESSAGES.InvalidParameterValueException;
import type { TokenSigner } from "./token-signer.js";

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

const CHECKPOINT_TOKEN = "ckpt";
const CALLBACK_ID = "cb";

export function encodeCheckpointToken(signer: TokenSigner, data: CheckpointTokenData): string {
  return signer.sign(CHECKPOINT_TOKEN, { e: data.executionKey, n: data.seq });
}

/** Returns undefined when the string is not a checkpoint token minted by this service (forged, modified, foreign). */
export function decodeCheckpointToken(signer: TokenSigner, token: string): CheckpointTokenData | undefined {
  const raw = signer.verify(CHECKPOINT_TOKEN, token);
  if (!raw || typeof raw.e !== "string" || typeof raw.n !== "number") return undefined;
  return { executionKey: raw.e, seq: raw.n };
}

export function encodeCallbackId(signer: TokenSigner, data: CallbackIdData): string {
  return signer.sign(CALLBACK_ID, { e: data.executionKey, o: data.operationId });
}

/** Returns undefined when the string is not a callback id minted by this service (forged, modified, foreign). */
export function decodeCallbackId(signer: TokenSigner, callbackId: string): CallbackIdData | undefined {
  const raw = signer.verify(CALLBACK_ID, callbackId);
  if (!raw || typeof raw.e !== "string" || typeof raw.o !== "string") return undefined;
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
export function mintCheckpointToken(holder: TokenHolder, signer: TokenSigner): string {
  holder.currentTokenSeq = ++holder.tokenSeq;
  return encodeCheckpointToken(signer, { executionKey: holder.key, seq: holder.currentTokenSeq });
}

/**
 * Throws InvalidParameterValueException unless `token` is the execution's current token and the
 * execution is still running (messages about bad tokens start with "Invalid checkpoint token").
 */
export function checkCheckpointToken(holder: TokenHolder, token: unknown, signer: TokenSigner): void {
  if (typeof token !== "string" || token.length === 0) {
    throw new InvalidParameterValueException(MESSAGES.checkpointTokenRequired());
  }
  const data = decodeCheckpointToken(signer, token);
  if (!data) throw new InvalidParameterValueException(MESSAGES.checkpointTokenForged());
  if (data.executionKey !== holder.key) {
    throw new InvalidParameterValueException(MESSAGES.checkpointTokenOtherExecution());
  }
  if (!holder.isRunning) {
    throw new InvalidParameterValueException(MESSAGES.checkpointTokenExecutionDone(holder.status));
  }
  if (data.seq !== holder.currentTokenSeq) {
    throw new InvalidParameterValueException(MESSAGES.checkpointTokenStale());
  }
}
