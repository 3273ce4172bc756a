/**
 * `CloudDurableTestRunner`: tests a durable function that runs behind the Lambda API — deployed on
 * AWS Lambda, or served by `durable dev` (or any other endpoint that speaks the API). It starts the
 * execution with Invoke, reads its progress with GetDurableExecutionHistory (every `pollInterval`
 * ms) and completes callbacks with SendDurableExecutionCallbackSuccess / Failure / Heartbeat: the
 * API calls, parameters and defaults of the reference testing package's runner.
 *
 * `@aws-sdk/client-lambda` is loaded on the first run, so importing `durable-execution-sdk/testing`
 * stays cheap for tests that only use the local runner.
 */
import type { LambdaClient, LambdaClientConfig } from "@aws-sdk/client-lambda";
import { InvocationType, MAX_PAGE_ITEMS, describeReceived, type ErrorObject } from "../../generated/index.js";
import type { HistoryEvent } from "../../local/history.js";
import { TestRunnerUsageError } from "../errors.js";
import type { DurableOperation, DurableTestRunner, InvokeRequest, TestResult } from "../types.js";
import { CloudOperation, CloudSession, type CallbackSender } from "./cloud-operation.js";
import { createCloudTestResult } from "./cloud-test-result.js";
import { HistoryIndex, type ExecutionOutcome } from "./history-index.js";

/** Timers of the runner itself: the ones Node had when this module loaded, so a test's fake timers cannot stall polling. */
const realSetTimeout = globalThis.setTimeout;

/** Default poll interval of GetDurableExecutionHistory, as in the reference runner. */
const DEFAULT_POLL_INTERVAL_MS = 1000;
/** Attempts of one GetDurableExecutionHistory call before the run fails. */
const HISTORY_ATTEMPTS = 3;
/** Events per history page (the API's maximum). */
const HISTORY_PAGE_SIZE = MAX_PAGE_ITEMS;

const INVOCATION_TYPES: readonly string[] = Object.values(InvocationType);

/**
 * Options of {@link CloudDurableTestRunner}.
 *
 * @example
 * ```ts
 * const config: CloudDurableTestRunnerConfig = { pollInterval: 200, invocationType: InvocationType.Event };
 * const runner = new CloudDurableTestRunner({ functionName: "order-workflow", config });
 * ```
 */
export interface CloudDurableTestRunnerConfig {
  /**
   * Milliseconds between two reads of the execution's history (GetDurableExecutionHistory), and
   * between the pages of one read.
   * @defaultValue `1000`
   */
  pollInterval?: number;
  /**
   * How the execution is started. `RequestResponse` (default) waits in Invoke until the execution
   * ended, so `waitForData` cannot be used; `Event` returns at once, and the test can wait for
   * operations and send callbacks while the execution runs.
   */
  invocationType?: InvocationType;
}

/**
 * What {@link CloudDurableTestRunner} is constructed with.
 *
 * @example
 * ```ts
 * // A function deployed on AWS Lambda, credentials and region from the environment:
 * const deployed: CloudDurableTestRunnerParameters = { functionName: "arn:aws:lambda:us-east-1:123456789012:function:orders:live" };
 * // A function served by `durable dev` on port 3210 (it does not check credentials):
 * const local: CloudDurableTestRunnerParameters = {
 *   functionName: "orders",
 *   clientConfig: { endpoint: "http://127.0.0.1:3210", region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } },
 * };
 * ```
 */
export interface CloudDurableTestRunnerParameters {
  /** The name or ARN (optionally with a version or alias qualifier) of the durable function. */
  functionName: string;
  /**
   * The Lambda client to call the API with.
   * @defaultValue `new LambdaClient(clientConfig)`
   */
  client?: LambdaClient;
  /**
   * Configuration of the client the runner creates when `client` is not given: `endpoint` (e.g.
   * the URL `durable dev` prints), `region`, `credentials`, … Not in the reference runner, which
   * takes only `client`; the AWS SDK's own environment variables (`AWS_ENDPOINT_URL_LAMBDA`,
   * `AWS_REGION`, `AWS_PROFILE`, …) apply either way.
   */
  clientConfig?: LambdaClientConfig;
  /** Poll interval and invocation type. */
  config?: CloudDurableTestRunnerConfig;
}

type LambdaModule = typeof import("@aws-sdk/client-lambda");

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => realSetTimeout(resolve, ms));
}

/**
 * A test runner for durable functions running behind the Lambda API: on AWS Lambda, or locally
 * under `durable dev`. Same API as the reference testing package's `CloudDurableTestRunner`:
 * `run()` invokes the function and resolves to the same {@link TestResult} as
 * `LocalDurableTestRunner`'s once the execution ended; `getOperation*` lookups fill in as the
 * polled history shows the operations, can `waitForData` (with `invocationType: "Event"`) and
 * send callbacks.
 *
 * @example
 * ```ts
 * import { expect } from "vitest";
 * import { CloudDurableTestRunner, InvocationType, WaitingOperationStatus } from "durable-execution-sdk/testing";
 *
 * const runner = new CloudDurableTestRunner<{ approved: boolean }>({
 *   functionName: "approval-workflow",
 *   clientConfig: { endpoint: "http://127.0.0.1:3210", region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } },
 *   config: { invocationType: InvocationType.Event, pollInterval: 100 },
 * });
 * const running = runner.run({ payload: { orderId: "o-1" } });
 * const approval = runner.getOperation("approval");
 * await approval.waitForData(WaitingOperationStatus.SUBMITTED);
 * await approval.sendCallbackSuccess(JSON.stringify({ approved: true }));
 * const result = await running;
 * expect(result.getResult()).toEqual({ approved: true });
 * ```
 */
export class CloudDurableTestRunner<TResult = any> implements DurableTestRunner<DurableOperation, TResult> {
  private readonly functionName: string;
  private readonly pollInterval: number;
  private readonly invocationType: InvocationType;
  private readonly givenClient: LambdaClient | undefined;
  private readonly clientConfig: LambdaClientConfig | undefined;
  private created: Promise<{ client: LambdaClient; sdk: LambdaModule }> | undefined;
  private session: CloudSession;

  /**
   * @param params the function, the client (or its configuration) and the runner's options; each
   * is checked, and a bad one throws a `TestRunnerUsageError` naming it.
   * @example
   * ```ts
   * const runner = new CloudDurableTestRunner({ functionName: "orders", client: new LambdaClient({ region: "eu-west-1" }) });
   * ```
   */
  constructor(params: CloudDurableTestRunnerParameters) {
    if (typeof params !== "object" || params === null) {
      throw new TestRunnerUsageError(`new CloudDurableTestRunner(params): params must be an object like { functionName: "my-function" } (received ${describeReceived(params)})`);
    }
    const { functionName, client, clientConfig, config = {} } = params;
    if (typeof functionName !== "string" || functionName.length === 0) {
      throw new TestRunnerUsageError(`CloudDurableTestRunner: functionName must be the non-empty name or ARN of the durable function (received ${describeReceived(functionName)})`);
    }
    if (client !== undefined && (typeof client !== "object" || client === null || typeof (client as { send?: unknown }).send !== "function")) {
      throw new TestRunnerUsageError(`CloudDurableTestRunner: client must be a LambdaClient from @aws-sdk/client-lambda (received ${describeReceived(client)})`);
    }
    if (clientConfig !== undefined && (typeof clientConfig !== "object" || clientConfig === null)) {
      throw new TestRunnerUsageError(`CloudDurableTestRunner: clientConfig must be a LambdaClientConfig object such as { endpoint, region, credentials } (received ${describeReceived(clientConfig)})`);
    }
    if (client !== undefined && clientConfig !== undefined) {
      throw new TestRunnerUsageError("CloudDurableTestRunner: pass either client or clientConfig, not both (configure the client you pass instead)");
    }
    if (typeof config !== "object" || config === null) {
      throw new TestRunnerUsageError(`CloudDurableTestRunner: config must be an object like { pollInterval: 1000 } (received ${describeReceived(config)})`);
    }
    const pollInterval = config.pollInterval ?? DEFAULT_POLL_INTERVAL_MS;
    if (typeof pollInterval !== "number" || !Number.isFinite(pollInterval) || pollInterval < 0) {
      throw new TestRunnerUsageError(`CloudDurableTestRunner: config.pollInterval must be a number of milliseconds >= 0 (received ${describeReceived(config.pollInterval)})`);
    }
    const invocationType = config.invocationType ?? InvocationType.RequestResponse;
    if (!INVOCATION_TYPES.includes(invocationType)) {
      throw new TestRunnerUsageError(
        `CloudDurableTestRunner: config.invocationType must be one of ${INVOCATION_TYPES.join(", ")} (received ${describeReceived(config.invocationType)})`,
      );
    }
    this.functionName = functionName;
    this.pollInterval = pollInterval;
    this.invocationType = invocationType;
    this.givenClient = client;
    this.clientConfig = clientConfig;
    this.session = this.newSession();
  }

  /**
   * Starts the execution (Invoke) and resolves once its history shows it ended (SUCCEEDED, FAILED,
   * TIMED_OUT or STOPPED); rejects when the function is not durable (Invoke returns no execution
   * ARN) or the history cannot be read after 3 attempts.
   *
   * @param params `payload`: the execution input (sent as JSON; omitted: no payload)
   * @example
   * ```ts
   * const result = await runner.run({ payload: { orderId: "o-1" } });
   * expect(result.getStatus()).toBe("SUCCEEDED");
   * expect(result.getOperations()).toHaveLength(3);
   * ```
   */
  async run(params?: InvokeRequest): Promise<TestResult<TResult>> {
    if (params !== undefined && (typeof params !== "object" || params === null)) {
      throw new TestRunnerUsageError(`run(params): params must be an object like { payload: {...} } (received ${describeReceived(params)})`);
    }
    const payload = params?.payload;
    const encoded = payload === undefined ? undefined : JSON.stringify(payload);
    if (payload !== undefined && encoded === undefined) {
      throw new TestRunnerUsageError(`run(params): payload must be JSON-serializable (received ${describeReceived(payload)})`);
    }
    const session = this.session;
    const index = new HistoryIndex();
    session.index = index;
    try {
      const { client, sdk } = await this.lambda();
      const invoked = await client.send(
        new sdk.InvokeCommand({
          FunctionName: this.functionName,
          InvocationType: this.invocationType,
          Payload: encoded === undefined ? undefined : new TextEncoder().encode(encoded),
        }),
      );
      const arn = invoked.DurableExecutionArn;
      if (!arn) {
        const failure = invoked.FunctionError ? ` (function error ${invoked.FunctionError}: ${new TextDecoder().decode(invoked.Payload ?? new Uint8Array())})` : "";
        throw new TestRunnerUsageError(
          `run(): Invoke of ${this.functionName} returned no DurableExecutionArn${failure}. Is it a durable function (configured with DurableConfig on Lambda, registered with \`durable dev\`), and is invocationType not DryRun?`,
        );
      }
      const outcome = await this.pollUntilEnded(client, sdk, arn, index, session);
      session.finish(index);
      return createCloudTestResult<TResult>(session, index, outcome);
    } catch (error) {
      session.finish(index);
      throw error;
    }
  }

  /** Reads the history (resuming at the last page) until its terminal event arrives. */
  private async pollUntilEnded(client: LambdaClient, sdk: LambdaModule, arn: string, index: HistoryIndex, session: CloudSession): Promise<ExecutionOutcome> {
    let resumeAt: string | undefined;
    for (;;) {
      let marker = resumeAt;
      for (;;) {
        const page = await this.withRetries(() =>
          client.send(
            new sdk.GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, IncludeExecutionData: true, MaxItems: HISTORY_PAGE_SIZE, Marker: marker }),
          ),
        );
        if (index.add((page.Events ?? []) as HistoryEvent[]) > 0) session.recheck();
        if (!page.NextMarker) break;
        marker = page.NextMarker;
        await sleep(this.pollInterval);
      }
      // The last page is read again next time: events appended meanwhile land on it or after it.
      resumeAt = marker;
      if (index.outcome) return index.outcome;
      await sleep(this.pollInterval);
    }
  }

  private async withRetries<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (attempt >= HISTORY_ATTEMPTS) throw error;
        await sleep(1000 + (attempt ** 2 - 1) * 150);
      }
    }
  }

  /** The client (created from clientConfig on first use) and the AWS SDK module. */
  private lambda(): Promise<{ client: LambdaClient; sdk: LambdaModule }> {
    this.created ??= import("@aws-sdk/client-lambda").then((sdk) => ({
      sdk,
      client: this.givenClient ?? new sdk.LambdaClient(this.clientConfig ?? {}),
    }));
    return this.created;
  }

  private newSession(): CloudSession {
    const callbacks: CallbackSender = {
      success: async (CallbackId, Result) => {
        const { client, sdk } = await this.lambda();
        await client.send(new sdk.SendDurableExecutionCallbackSuccessCommand({ CallbackId, Result }));
      },
      failure: async (CallbackId, Error: ErrorObject | undefined) => {
        const { client, sdk } = await this.lambda();
        await client.send(new sdk.SendDurableExecutionCallbackFailureCommand({ CallbackId, Error }));
      },
      heartbeat: async (CallbackId) => {
        const { client, sdk } = await this.lambda();
        await client.send(new sdk.SendDurableExecutionCallbackHeartbeatCommand({ CallbackId }));
      },
    };
    const cannotWait =
      this.invocationType === InvocationType.Event
        ? undefined
        : `waitForData(): with invocationType ${this.invocationType} the runner learns the execution's ARN only when Invoke returns, after the execution ended, so it cannot wait for operations. Construct the runner with config: { invocationType: InvocationType.Event }.`;
    return new CloudSession(callbacks, cannotWait);
  }

  /**
   * The first operation named `name` (same as `getOperationByNameAndIndex(name, 0)`).
   * @example
   * ```ts
   * const step = runner.getOperation<string>("load-order");
   * const result = await runner.run();
   * expect(step.getStepDetails()?.result).toBe("o-1");
   * ```
   */
  getOperation<TOperationResult = any>(name: string): DurableOperation<TOperationResult> {
    return this.getOperationByNameAndIndex<TOperationResult>(name, 0);
  }

  /**
   * The operation at `index` in start order (0 = the first operation started).
   * @example
   * ```ts
   * const first = runner.getOperationByIndex(0);
   * await runner.run();
   * expect(first.getType()).toBe("STEP");
   * ```
   */
  getOperationByIndex<TOperationResult = any>(index: number): DurableOperation<TOperationResult> {
    checkIndex("getOperationByIndex", index);
    return new CloudOperation<TOperationResult>(this.session, { kind: "index", index });
  }

  /**
   * The `index`-th operation named `name` (0-based) when several share the name.
   * @example
   * ```ts
   * const secondTry = runner.getOperationByNameAndIndex("charge", 1);
   * ```
   */
  getOperationByNameAndIndex<TOperationResult = any>(name: string, index: number): DurableOperation<TOperationResult> {
    if (typeof name !== "string") {
      throw new TestRunnerUsageError(`getOperationByNameAndIndex(name, index): name must be a string (received ${describeReceived(name)})`);
    }
    checkIndex("getOperationByNameAndIndex", index);
    return new CloudOperation<TOperationResult>(this.session, { kind: "name", name, index });
  }

  /**
   * The operation with this id (the `Id` of its history events).
   * @example
   * ```ts
   * const op = runner.getOperationById(result.getOperations()[0]!.getId()!);
   * ```
   */
  getOperationById<TOperationResult = any>(id: string): DurableOperation<TOperationResult> {
    if (typeof id !== "string" || id.length === 0) {
      throw new TestRunnerUsageError(`getOperationById(id): id must be a non-empty string (received ${describeReceived(id)})`);
    }
    return new CloudOperation<TOperationResult>(this.session, { kind: "id", id });
  }

  /**
   * Forgets the lookups and the last run, so the runner can be reused by the next test (lookups
   * made before `reset()` keep reading the run they saw).
   * @example
   * ```ts
   * beforeEach(() => runner.reset());
   * ```
   */
  reset(): void {
    const previous = this.session;
    this.session = this.newSession();
    if (previous.index) previous.finish(previous.index);
  }
}

function checkIndex(method: string, index: unknown): asserts index is number {
  if (typeof index !== "number" || !Number.isInteger(index)) {
    throw new TestRunnerUsageError(`${method}: index must be an integer (received ${describeReceived(index)}); negative counts from the end`);
  }
}
