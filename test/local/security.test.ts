/**
 * Security of the local service (issue 14, defect 7): checkpoint tokens and callback ids are random
 * and HMAC-authenticated under a per-server secret (kept beside the database, so they survive a
 * restart); forged or modified ones are refused with the Lambda API's error shapes. Over HTTP, a
 * foreign Host, a foreign Origin and a non-JSON body are refused (DNS rebinding, CSRF); the
 * database and the secret file are owner-only (0600).
 */
import { request as httpRequest } from "node:http";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../src/index.js";
import type { DurableFunctionHandler } from "../../src/local/index.js";
import { LocalHttpServer } from "../../src/local/http/index.js";
import { LocalDurableService } from "../../src/local/local-durable-service.js";
import { loadOrCreateSecret, TokenSigner } from "../../src/local/token-signer.js";
import { rawRequest } from "./http-support.js";

const callbackHandler = withDurableExecution(async (_event, ctx) => {
  const [promise] = await ctx.createCallback("approval");
  return promise;
}) as DurableFunctionHandler;

/** A service with one execution blocked on a callback; returns its ARN and callback id. */
async function blockedOnCallback(options: ConstructorParameters<typeof LocalDurableService>[0] = {}) {
  const service = new LocalDurableService(options);
  service.registerFunction("cb", callbackHandler);
  const arn = service.startExecution({ functionName: "cb" });
  await service.runUntilIdle();
  const callbackId = service.getOperations(arn).find((op) => op.Type === "CALLBACK")!.CallbackDetails!.CallbackId!;
  return { service, arn, callbackId };
}

/** Re-signs nothing: changes the token's data part and keeps its tag, as a forger would. */
function tamper(token: string, change: (data: Record<string, unknown>) => void): string {
  const [body, tag] = token.split(".");
  const data = JSON.parse(Buffer.from(body!, "base64url").toString("utf8")) as Record<string, unknown>;
  change(data);
  return `${Buffer.from(JSON.stringify(data)).toString("base64url")}.${tag}`;
}

/** The token with its last two characters replaced by two others (never the same text). */
function otherEnding(token: string): string {
  const ending = token.slice(-2) === "AA" ? "BB" : "AA";
  return token.slice(0, -2) + ending;
}

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * Every other spelling of the token's tag that decodes to the same bytes: a 16-byte tag is 22
 * base64url characters and its last character carries 2 bits, so its 4 low bits are ignored by a
 * decoder. Returns the 15 variants that differ only there.
 */
function sameBytesOtherSpellings(token: string): string[] {
  const last = B64URL.indexOf(token.at(-1)!);
  const variants: string[] = [];
  for (let low = 0; low < 16; low++) {
    const value = (last & 0b110000) | low;
    if (value !== last) variants.push(token.slice(0, -1) + B64URL[value]);
  }
  return variants;
}

describe("tokens and callback ids are unguessable and authenticated", () => {
  it("a modified or guessed callback id is ResourceNotFoundException; the real one works", async () => {
    const { service, arn, callbackId } = await blockedOnCallback();
    const other = await blockedOnCallback();
    // The old scheme's guess: base64url JSON with the execution key, operation id and a counter.
    const guessed = Buffer.from(JSON.stringify({ t: "cb", e: "x", o: "y", n: 1 })).toString("base64url");
    for (const forged of [guessed, tamper(callbackId, (d) => (d.r = "AAAAAAAAAAAAAAAAAAAAAA")), otherEnding(callbackId), other.callbackId.split(".")[0] + "." + callbackId.split(".")[1]]) {
      expect(() => service.sendCallbackSuccess(forged, '"forged"')).toThrow(expect.objectContaining({ name: "ResourceNotFoundException", $metadata: { httpStatusCode: 404 } }));
    }
    // Another server (another secret) does not accept this server's id either.
    expect(() => other.service.sendCallbackSuccess(callbackId, '"x"')).toThrow(expect.objectContaining({ name: "ResourceNotFoundException" }));
    service.sendCallbackSuccess(callbackId, "approved");
    expect(await service.waitForCompletion(arn)).toMatchObject({ Status: "SUCCEEDED", Result: '"approved"' });
    service.close();
    other.service.close();
  });

  it("a modified checkpoint token is refused as an invalid checkpoint token (400)", async () => {
    const { service, arn } = await blockedOnCallback();
    const record = service.store.getRecord(arn);
    // Hand-mint the current token the way an invocation gets it, then forge variants of it.
    const begun = service.store.beginInvocation(record);
    const token = begun.input.CheckpointToken;
    const forgedSeq = tamper(token, (d) => (d.n = (d.n as number) + 1));
    const forgedKey = tamper(token, (d) => (d.e = "another-execution"));
    for (const forged of [forgedSeq, forgedKey, `${token}x`, token.split(".")[0]!]) {
      await expect(service.client().checkpoint({ DurableExecutionArn: arn, CheckpointToken: forged, Updates: [] })).rejects.toMatchObject({
        name: "InvalidParameterValueException",
        message: expect.stringMatching(/^Invalid checkpoint token/),
        $metadata: { httpStatusCode: 400 },
      });
    }
    await expect(service.client().checkpoint({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [] })).resolves.toHaveProperty("CheckpointToken");
    service.close();
  });

  it("only the exact text of a token is accepted: another spelling of the same tag bytes is refused", () => {
    const signer = new TokenSigner();
    const token = signer.sign("cb", { e: "k", o: "1" });
    const variants = sameBytesOtherSpellings(token);
    expect(variants).toHaveLength(15);
    for (const variant of variants) {
      // The variant really is the same tag to a base64url decoder: only the text differs.
      expect(Buffer.from(variant.split(".")[1]!, "base64url")).toEqual(Buffer.from(token.split(".")[1]!, "base64url"));
      expect(signer.verify("cb", variant)).toBeUndefined();
    }
    expect(signer.verify("cb", token)).toMatchObject({ o: "1" });
  });

  it("tokens carry a random nonce: the same data never gives the same token", () => {
    const signer = new TokenSigner();
    const a = signer.sign("cb", { e: "k", o: "1" });
    const b = signer.sign("cb", { e: "k", o: "1" });
    expect(a).not.toBe(b);
    expect(signer.verify("cb", a)).toMatchObject({ e: "k", o: "1" });
    expect(signer.verify("ckpt", a)).toBeUndefined();
  });

  it("the secret kept in a file is created owner-only, read back after a restart, and a corrupt one is a clear error", () => {
    const dir = mkdtempSync(join(tmpdir(), "durable-secret-"));
    try {
      const path = join(dir, "dev.db.secret");
      const first = loadOrCreateSecret(path);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const token = new TokenSigner(first).sign("cb", { e: "k", o: "1" });
      // "Restart": a new signer over the secret read back from the file accepts the old token.
      expect(new TokenSigner(loadOrCreateSecret(path)).verify("cb", token)).toMatchObject({ o: "1" });
      writeFileSync(path, "not hex");
      expect(() => loadOrCreateSecret(path)).toThrow(/not 64 hexadecimal digits; delete it/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a callback id handed out before a restart still works after it (same secret)", async () => {
    const secret = new TokenSigner()["secret"] as Buffer;
    const { service, callbackId } = await blockedOnCallback({ tokenSecret: secret });
    const snapshot = service.store.snapshot();
    service.close();
    const restarted = new LocalDurableService({ tokenSecret: secret });
    restarted.registerFunction("cb", callbackHandler);
    restarted.restore(snapshot);
    restarted.sendCallbackSuccess(callbackId, "after restart");
    const arn = snapshot.executions[0]!.arn;
    expect(await restarted.waitForCompletion(arn)).toMatchObject({ Status: "SUCCEEDED", Result: '"after restart"' });
    restarted.close();
  });
});

describe("HTTP: Host, Origin and Content-Type checks", () => {
  let server: LocalHttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const invokePath = "/2015-03-31/functions/cb/invocations";
  const listPath = "/2025-12-01/functions/cb/durable-executions";

  it("refuses a foreign Host (DNS rebinding) with 403 AccessDeniedException in Lambda's error shape", async () => {
    server = await LocalHttpServer.start({ log: () => undefined });
    server.registerFunction("cb", callbackHandler);
    const response = await rawRequest(server.endpoint, "GET", listPath, undefined, { host: `evil.example:${server.port}` });
    expect(response.status).toBe(403);
    expect(response.headers["x-amzn-errortype"]).toBe("AccessDeniedException");
    expect(response.json).toMatchObject({ Type: "User", message: expect.stringContaining("loopback host names") });
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `app.localhost:${server.port}`]) {
      expect((await rawRequest(server.endpoint, "GET", listPath, undefined, { host })).status).toBe(200);
    }
  });

  it("refuses a cross-origin POST (CSRF) and allows the server's own origin (the web UI)", async () => {
    server = await LocalHttpServer.start({ log: () => undefined });
    server.registerFunction("cb", callbackHandler);
    const body = JSON.stringify({ attacker: true });
    const headers = { "content-type": "application/json", "x-amz-invocation-type": "Event" };
    const cross = await rawRequest(server.endpoint, "POST", invokePath, body, { ...headers, origin: "https://evil.example" });
    expect(cross.status).toBe(403);
    expect(cross.headers["x-amzn-errortype"]).toBe("AccessDeniedException");
    expect(server.service.listExecutions("cb")).toHaveLength(0);
    const sameOrigin = await rawRequest(server.endpoint, "POST", invokePath, body, { ...headers, origin: `http://127.0.0.1:${server.port}` });
    expect(sameOrigin.status).toBe(202);
    expect(server.service.listExecutions("cb")).toHaveLength(1);
  });

  it("refuses text/plain, form and type-less bodies with 415 UnsupportedMediaTypeException", async () => {
    server = await LocalHttpServer.start({ log: () => undefined });
    server.registerFunction("cb", callbackHandler);
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const response = await rawRequest(server.endpoint, "POST", invokePath, '{"a":1}', { "x-amz-invocation-type": "Event", "content-type": type });
      expect(response.status).toBe(415);
      expect(response.headers["x-amzn-errortype"]).toBe("UnsupportedMediaTypeException");
    }
    // A body without any Content-Type (what a browser sends for fetch(url, { method: "POST", body: blob }) without a type).
    const typeless = await new Promise<{ status: number; type: unknown }>((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port: server!.port, method: "POST", path: invokePath, headers: { "x-amz-invocation-type": "Event", connection: "close" } }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["x-amzn-errortype"] }));
      });
      req.on("error", reject);
      req.end('{"a":1}');
    });
    expect(typeless).toEqual({ status: 415, type: "UnsupportedMediaTypeException" });
    expect(server.service.listExecutions("cb")).toHaveLength(0);
    const binary = await rawRequest(server.endpoint, "POST", invokePath, '{"a":1}', { "content-type": "application/octet-stream", "x-amz-invocation-type": "Event" });
    expect(binary.status).toBe(202);
  });

  it("allowedHosts adds names the server answers to", async () => {
    server = await LocalHttpServer.start({ log: () => undefined, allowedHosts: ["dev.internal"] });
    server.registerFunction("cb", callbackHandler);
    expect((await rawRequest(server.endpoint, "GET", listPath, undefined, { host: `dev.internal:${server.port}` })).status).toBe(200);
  });
});

describe("files are owner-only", () => {
  it("the SQLite database (and its WAL) are created 0600, and an existing 0644 file is tightened", async () => {
    const { SqlitePersistence, sqliteUnavailableReason } = await import("../../src/local/persistence/sqlite.js");
    const reason = await sqliteUnavailableReason();
    if (reason !== undefined) {
      // Without better-sqlite3 there is no database file to protect.
      expect(reason).toMatch(/better-sqlite3/);
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), "durable-db-"));
    try {
      const path = join(dir, "dev.sqlite");
      const db = await SqlitePersistence.open(path);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
      db.close();
      const loose = join(dir, "old.sqlite");
      writeFileSync(loose, "", { mode: 0o644 });
      (await SqlitePersistence.open(loose)).close();
      expect(statSync(loose).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
