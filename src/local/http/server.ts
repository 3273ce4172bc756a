/**
 * The local durable service over HTTP: the Lambda REST routes (see routes.ts) on 127.0.0.1, served
 * with node:http, in front of a `LocalDurableService` on the real clock. Any Lambda client can talk
 * to it, e.g. `new LambdaClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local",
 * secretAccessKey: "local" } })`; request signatures are not checked.
 *
 * Handlers registered here run in this process. By default (`handlerTransport: "http"`) each
 * invocation event carries a `DurableExecutionApiClient` over `@aws-sdk/client-lambda` pointed at
 * this server, so the SDK checkpoints and pages its state over HTTP exactly as on Lambda;
 * "in-process" hands the SDK the service's in-process client instead (no HTTP per checkpoint).
 */
import { randomUUID } from "node:crypto";
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { MAX_DRAINED_REQUEST_BODY_BYTES, MAX_FUNCTION_TIMEOUT_SECONDS, type DurableExecutionClient } from "../../generated/index.js";
import { ERROR_TYPE_HEADER, REQUEST_ID_HEADER } from "../../generated/lambda-api.js";
import { DurableExecutionApiClient, type LambdaClientLike } from "../../runtime/api-client.js";
import { LocalServiceException, SERVICE_MESSAGES } from "../errors.js";
import type { DurableFunctionHandler, PlainFunctionHandler, RegisterFunctionOptions } from "../function-registry.js";
import { DurableExecutionInvocationInputWithClient } from "../invocation-event.js";
import { LocalDurableService, type LocalDurableServiceOptions } from "../local-durable-service.js";
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION } from "../store-constants.js";
import type { StoreSnapshot } from "../persistence/journal.js";
import { InvalidRequestContentException, MethodNotAllowedException, ServiceException } from "./errors.js";
import { matchRoute, type ApiContext, type ApiResponse } from "./routes.js";
import { serveStatic, type StaticAssets } from "./static-assets.js";
import { guardRequest, hostName } from "./request-guard.js";
import { Query, readBody, toJsonBody } from "./wire.js";

export type HandlerTransport = "http" | "in-process";

export interface LocalHttpServerOptions
  extends Pick<
    LocalDurableServiceOptions,
    | "invocationTimeoutMs"
    | "enforceInvocationTimeout"
    | "maxConsecutiveInvocationErrors"
    | "defaultExecutionTimeoutSeconds"
    | "journal"
    | "maxConcurrentInvocations"
    | "tokenSecret"
    | "retentionMs"
  > {
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /**
   * Host names the server answers to besides loopback names (localhost, *.localhost, 127.x.x.x,
   * [::1]) and `host`: requests naming any other host are refused (DNS rebinding), as are requests
   * from another web origin and bodies that are not JSON or binary (CSRF); see request-guard.ts.
   */
  allowedHosts?: string[];
  /** Port (default 0: a free port chosen by the system). */
  port?: number;
  /** Region and account of the ARNs the service mints (default us-east-1, 123456789012). */
  region?: string;
  accountId?: string;
  /** How handlers run by this server reach it (default "http"). */
  handlerTransport?: HandlerTransport;
  /** How long a RequestResponse invoke waits for its execution to finish (default 15 minutes: on Lambda a synchronous invoke lasts at most a function timeout). */
  syncInvokeTimeoutMs?: number;
  /** Where unexpected (500) errors are reported (default: console.error). */
  log?: (message: string) => void;
  /** Called after each request is answered (e.g. to log requests). */
  onRequest?: (info: RequestInfo) => void;
  /**
   * Hold requests that arrive before `acceptRequests()` is called (default false: serve at once),
   * e.g. to register functions and restore persisted executions on a port that is already bound.
   */
  holdRequests?: boolean;
  /**
   * The web UI's files: served under /ui/ (and / redirects there) next to the Lambda routes.
   * Without it those paths are unknown routes (404).
   */
  ui?: StaticAssets;
}

/** One answered request. */
export interface RequestInfo {
  /** The API operation (e.g. "CheckpointDurableExecution"), or undefined for an unknown route. */
  operation: string | undefined;
  method: string;
  path: string;
  status: number;
  durationMs: number;
}

/** Credentials the server's own client signs with (the server does not check signatures). */
export const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" } as const;

export class LocalHttpServer {
  readonly service: LocalDurableService;
  readonly region: string;
  private readonly accountId: string;
  private readonly host: string;
  private readonly requestedPort: number;
  private readonly transport: HandlerTransport;
  private readonly functions = new Set<string>();
  private readonly log: (message: string) => void;
  private readonly onRequest: ((info: RequestInfo) => void) | undefined;
  private readonly allowedHosts: string[];
  private readonly context: ApiContext;
  private readonly ui: StaticAssets | undefined;
  private readonly server: Server;
  private apiClient: DurableExecutionClient | undefined;
  private lambdaClient: { destroy(): void } | undefined;
  private listening = false;
  private closing: Promise<void> | undefined;
  private held: Promise<void> | undefined;
  private releaseHeld: (() => void) | undefined;

  private constructor(options: LocalHttpServerOptions) {
    this.region = options.region ?? DEFAULT_REGION;
    this.accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
    this.host = options.host ?? "127.0.0.1";
    this.requestedPort = options.port ?? 0;
    if (!Number.isInteger(this.requestedPort) || this.requestedPort < 0 || this.requestedPort > 65535) {
      throw new RangeError(`port must be an integer from 0 to 65535 (got ${String(options.port)})`);
    }
    this.transport = options.handlerTransport ?? "http";
    if (this.transport !== "http" && this.transport !== "in-process") {
      throw new RangeError(`handlerTransport must be "http" or "in-process" (got ${String(options.handlerTransport)})`);
    }
    const syncInvokeTimeoutMs = options.syncInvokeTimeoutMs ?? MAX_FUNCTION_TIMEOUT_SECONDS * 1000;
    if (!(syncInvokeTimeoutMs > 0)) throw new RangeError(`syncInvokeTimeoutMs must be a positive number of milliseconds (got ${syncInvokeTimeoutMs})`);
    this.log = options.log ?? ((message) => console.error(message));
    this.onRequest = options.onRequest;
    this.ui = options.ui;
    const allowedHosts = options.allowedHosts ?? [];
    if (!Array.isArray(allowedHosts) || allowedHosts.some((h) => typeof h !== "string" || hostName(h) !== h.toLowerCase())) {
      throw new RangeError(`allowedHosts must be a list of host names without port, e.g. ["dev.internal"] (got ${JSON.stringify(options.allowedHosts)})`);
    }
    const listenName = hostName(this.host.includes(":") ? `[${this.host}]` : this.host);
    this.allowedHosts = [...allowedHosts, ...(listenName && listenName !== "0.0.0.0" && listenName !== "::" ? [listenName] : [])];
    if (options.holdRequests) this.held = new Promise<void>((resolve) => (this.releaseHeld = resolve));
    this.service = new LocalDurableService({
      clock: "real",
      region: this.region,
      accountId: this.accountId,
      invocationTimeoutMs: options.invocationTimeoutMs,
      enforceInvocationTimeout: options.enforceInvocationTimeout,
      maxConsecutiveInvocationErrors: options.maxConsecutiveInvocationErrors,
      defaultExecutionTimeoutSeconds: options.defaultExecutionTimeoutSeconds,
      journal: options.journal,
      maxConcurrentInvocations: options.maxConcurrentInvocations,
      tokenSecret: options.tokenSecret,
      retentionMs: options.retentionMs,
      createEvent:
        this.transport === "http"
          ? (input) => new DurableExecutionInvocationInputWithClient(input, this.requireApiClient())
          : (input, client) => new DurableExecutionInvocationInputWithClient(input, client),
    });
    this.context = {
      service: this.service,
      hasFunction: (name) => this.functions.has(name),
      functionNames: () => [...this.functions],
      functionArn: (name) => this.service.store.functionArn(name),
      syncInvokeTimeoutMs,
    };
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        // Writing the answer failed (e.g. a header the client cannot be sent): drop the connection, keep serving.
        this.log(`local durable service: ${request.method} ${request.url}: cannot send the response: ${(error as Error)?.stack ?? String(error)}`);
        response.destroy();
      });
    });
    this.server.keepAliveTimeout = 65_000;
    this.server.on("clientError", (error, socket) => {
      if (!socket.writable) return socket.destroy();
      // Lambda's error response, written on the socket: the request never became one a route could answer.
      const exception = new InvalidRequestContentException(SERVICE_MESSAGES.InvalidRequestContentException.malformedHttpRequest(error.message));
      const status = exception.$metadata.httpStatusCode;
      const body = toJsonBody({ Type: exception.Type, message: exception.message });
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n${ERROR_TYPE_HEADER}: ${exception.name}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    });
  }

  /** Creates the server and starts listening; register functions (and restore state) before invoking. */
  static async start(options: LocalHttpServerOptions = {}): Promise<LocalHttpServer> {
    const server = new LocalHttpServer(options);
    await server.listen();
    return server;
  }

  /** Base URL of the service, e.g. http://127.0.0.1:3210. */
  get endpoint(): string {
    return `http://${this.host.includes(":") ? `[${this.host}]` : this.host}:${this.port}`;
  }

  get port(): number {
    const address = this.server.address() as AddressInfo | null;
    if (!address) throw new Error("The local HTTP service is not listening");
    return address.port;
  }

  /** Registers a durable handler (default) or a plain function under `name` (the FunctionName of Invoke). */
  registerFunction(name: string, handler: DurableFunctionHandler | PlainFunctionHandler, options: RegisterFunctionOptions = {}): this {
    this.service.registerFunction(name, handler, options);
    this.functions.add(name);
    return this;
  }

  /** Names of the registered functions. */
  functionNames(): string[] {
    return [...this.functions];
  }

  /** Loads persisted executions into the (still empty) service and resumes them. */
  restore(snapshot: StoreSnapshot): void {
    this.service.restore(snapshot);
  }

  /** Serves the requests held so far and every later one (see `holdRequests`). */
  acceptRequests(): void {
    this.releaseHeld?.();
    this.held = undefined;
  }

  /** Stops listening, drops open connections (pending synchronous invokes included) and stops the service. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.acceptRequests();
      this.service.close();
      this.lambdaClient?.destroy();
      if (!this.listening) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  private async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.server.once("error", onError);
      this.server.listen(this.requestedPort, this.host, () => {
        this.server.off("error", onError);
        resolve();
      });
    });
    this.listening = true;
    if (this.transport === "http") {
      try {
        const { LambdaClient } = await import("@aws-sdk/client-lambda");
        const client = new LambdaClient({
          endpoint: this.endpoint,
          region: this.region,
          credentials: LOCAL_CREDENTIALS,
          requestHandler: { connectionTimeout: 5_000, socketTimeout: 50_000, requestTimeout: 55_000, throwOnRequestTimeout: true },
        });
        this.lambdaClient = client;
        // Justified cast: LambdaClient.send has per-command overloads that TypeScript cannot match to
        // LambdaClientLike's one generic send; it accepts exactly the commands the API client sends.
        this.apiClient = new DurableExecutionApiClient(client as unknown as LambdaClientLike);
      } catch (error) {
        await this.close();
        throw error;
      }
    }
  }

  private requireApiClient(): DurableExecutionClient {
    if (!this.apiClient) throw new Error("The local HTTP service is not listening yet: start it with LocalHttpServer.start()");
    return this.apiClient;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const started = performance.now();
    const method = request.method ?? "GET";
    let operation: string | undefined;
    let reply: ApiResponse;
    try {
      guardRequest(method, request.headers, { allowedHosts: this.allowedHosts });
      if (this.held) await this.held;
      const url = new URL(request.url ?? "/", "http://localhost");
      const page = this.ui ? serveStatic(method, url.pathname, this.ui) : undefined;
      if (page) {
        operation = "WebUI";
        reply = page;
      } else {
        const routed = matchRoute(method, url.pathname);
        operation = routed.operation;
        reply = await routed.run(this.context, { method, headers: request.headers, query: new Query(url.searchParams), body: (limit) => readBody(request, limit) });
      }
    } catch (error) {
      if (response.destroyed) return; // the client is gone: nobody to answer
      reply = this.errorReply(error, request);
    }
    if (response.destroyed || response.writableEnded) return;
    const body = reply.body ?? "";
    const headers: Record<string, string> = { ...reply.headers, [REQUEST_ID_HEADER]: requestId, "Content-Length": String(Buffer.byteLength(body)) };
    if (!request.complete) {
      // The body was not (fully) read, e.g. it was too large: discard the rest before answering, and do not
      // reuse the connection. Answering first and closing makes a client that is still writing (fetch/undici)
      // see EPIPE/ECONNRESET instead of the 413; the discarding is bounded (see drainRequest).
      headers.Connection = "close";
      await drainRequest(request);
      if (response.destroyed || response.writableEnded) return;
    }
    response.writeHead(reply.status, headers);
    response.end(body);
    if (this.onRequest) {
      const path = (request.url ?? "/").split("?")[0];
      try {
        this.onRequest({ operation, method, path, status: reply.status, durationMs: performance.now() - started });
      } catch (error) {
        this.log(`local durable service: the onRequest hook failed: ${(error as Error)?.stack ?? String(error)}`);
      }
    }
  }

  /** Lambda's error response: x-amzn-errortype header, {"Type", "message"} body. */
  private errorReply(error: unknown, request: IncomingMessage): ApiResponse {
    if (error instanceof LocalServiceException) {
      const headers: Record<string, string> = { "content-type": "application/json", [ERROR_TYPE_HEADER]: error.name };
      if (error instanceof MethodNotAllowedException) headers.Allow = error.allow.join(", ");
      return { status: error.$metadata.httpStatusCode, headers, body: toJsonBody({ Type: error.Type, message: error.message }) };
    }
    const message = (error as Error)?.message ?? String(error);
    this.log(`local durable service: ${request.method} ${request.url} failed: ${(error as Error)?.stack ?? message}`);
    return this.errorReply(new ServiceException(SERVICE_MESSAGES.ServiceException.internalError(message)), request);
  }
}

/** Longest the server waits for an unread request body to finish arriving before it answers anyway. */
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Reads and discards what is left of a request body, so the early answer (413, 415, …) reaches a client
 * that writes the whole body before reading. Bounded: past MAX_DRAINED_REQUEST_BODY_BYTES or DRAIN_TIMEOUT_MS the
 * request is destroyed (the client then sees a reset, as it would from Lambda's front end).
 */
function drainRequest(request: IncomingMessage): Promise<void> {
  if (request.complete || request.destroyed) return Promise.resolve();
  return new Promise<void>((resolve) => {
    let seen = 0;
    const finish = (): void => {
      clearTimeout(timer);
      request.off("data", onData);
      request.off("end", finish);
      request.off("error", finish);
      request.off("close", finish);
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen > MAX_DRAINED_REQUEST_BODY_BYTES) {
        request.destroy();
        finish();
      }
    };
    const timer = setTimeout(() => {
      request.destroy();
      finish();
    }, DRAIN_TIMEOUT_MS);
    timer.unref();
    request.on("data", onData);
    request.once("end", finish);
    request.once("error", finish);
    request.once("close", finish);
    request.resume();
  });
}
