/**
 * Authenticated opaque tokens: checkpoint tokens and callback ids carry their data (so they map back
 * to the execution and operation without lookup tables), a random nonce (so they cannot be guessed
 * even by someone who knows the data) and an HMAC-SHA256 tag over both under a per-server secret
 * (so they cannot be forged or modified). With persistence the secret lives beside the database
 * (see `loadOrCreateSecret`), so tokens handed out before a restart stay valid after it; an
 * in-memory service uses a fresh random secret.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, closeSync, openSync, readFileSync, writeSync } from "node:fs";

/** Secret length: 32 bytes, the HMAC-SHA256 block-size-safe key length (256 bits of entropy). */
export const TOKEN_SECRET_BYTES = 32;
/** Random bytes in every token: 128 bits, unguessable by search. */
export const TOKEN_NONCE_BYTES = 16;
/** Bytes of the HMAC-SHA256 tag kept: 128 bits, forging one needs ~2^128 tries. */
export const TOKEN_TAG_BYTES = 16;
/** Permissions of the secret file (and the database): readable and writable by the owner only. */
export const PRIVATE_FILE_MODE = 0o600;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export class TokenSigner {
  private readonly secret: Buffer;

  /** @param secret - At least 16 bytes; without one a random secret (valid for this process only). */
  constructor(secret?: Uint8Array) {
    if (secret !== undefined && secret.length < 16) throw new RangeError("The token secret must have at least 16 bytes");
    this.secret = secret === undefined ? randomBytes(TOKEN_SECRET_BYTES) : Buffer.from(secret);
  }

  /** `<data>.<tag>`: the JSON data (with a fresh nonce under "r"), base64url, and its HMAC tag. */
  sign(kind: string, data: Record<string, unknown>): string {
    const body = Buffer.from(JSON.stringify({ ...data, t: kind, r: randomBytes(TOKEN_NONCE_BYTES).toString("base64url") }), "utf8").toString("base64url");
    return `${body}.${this.tag(body)}`;
  }

  /** The data of a token this signer minted for `kind`; undefined for anything else (forged, modified, foreign). */
  verify(kind: string, token: unknown): Record<string, unknown> | undefined {
    if (typeof token !== "string" || token.length > 4096) return undefined;
    const dot = token.indexOf(".");
    if (dot <= 0) return undefined;
    const body = token.slice(0, dot);
    const tag = token.slice(dot + 1);
    if (!BASE64URL.test(body) || !BASE64URL.test(tag)) return undefined;
    // Compared as text, not as decoded bytes: the tag's last character carries bits the decoder
    // ignores, so several spellings decode to the same bytes; only the one this signer wrote counts.
    const expected = Buffer.from(this.tag(body), "latin1");
    const given = Buffer.from(tag, "latin1");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const data = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as unknown;
      if (typeof data !== "object" || data === null || Array.isArray(data) || (data as { t?: unknown }).t !== kind) return undefined;
      return data as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }

  private tag(body: string): string {
    return createHmac("sha256", this.secret).update(body).digest().subarray(0, TOKEN_TAG_BYTES).toString("base64url");
  }
}

/**
 * Reads the secret kept in `path`, or creates it (random, owner-only permissions) when the file does
 * not exist. An existing file's permissions are tightened to owner-only.
 */
export function loadOrCreateSecret(path: string): Buffer {
  try {
    const fd = openSync(path, "wx", PRIVATE_FILE_MODE);
    const secret = randomBytes(TOKEN_SECRET_BYTES);
    try {
      writeSync(fd, secret.toString("hex"));
    } finally {
      closeSync(fd);
    }
    return secret;
  } catch (error) {
    if ((error as { code?: string }).code !== "EEXIST") throw error;
  }
  chmodSync(path, PRIVATE_FILE_MODE);
  const text = readFileSync(path, "utf8").trim();
  if (!/^[0-9a-f]{64}$/i.test(text)) {
    throw new Error(`The token secret file ${path} is not 64 hexadecimal digits; delete it to create a new one (tokens and callback ids handed out before stop working)`);
  }
  return Buffer.from(text, "hex");
}
