/**
 * DurableExecutionApiClient: the default transport, over `@aws-sdk/client-lambda`. The AWS SDK is
 * imported lazily on first use, so importing this package does not load it (Lambda cold start).
 */
import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  DurableExecutionClient,
  DurableLogger,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
} from "../generated/index.js";
import { SDK_VERSION } from "./version.js";

/** The part of a `LambdaClient` this client uses. */
export interface LambdaClientLike {
  send(command: unknown): Promise<unknown>;
}

type LambdaModule = typeof import("@aws-sdk/client-lambda");
let lambdaModule: Promise<LambdaModule> | undefined;
const loadLambda = (): Promise<LambdaModule> => (lambdaModule ??= import("@aws-sdk/client-lambda"));

let sharedClient: Promise<LambdaClientLike> | undefined;

/** The process-wide default LambdaClient, with the timeouts durable functions need. */
async function defaultLambdaClient(): Promise<LambdaClientLike> {
  sharedClient ??= loadLambda().then(
    ({ LambdaClient }) =>
      new LambdaClient({
        requestHandler: { connectionTimeout: 5_000, socketTimeout: 50_000, requestTimeout: 55_000, throwOnRequestTimeout: true },
        customUserAgent: [["durable-execution-sdk", SDK_VERSION]],
        // Justified cast: LambdaClient.send has per-command overloads that TypeScript cannot match to
        // LambdaClientLike's one generic send; it accepts exactly the commands this client sends.
      }) as unknown as LambdaClientLike,
  );
  return sharedClient;
}

/**
 * The transport to the durable-execution API of AWS Lambda (GetDurableExecutionState and
 * CheckpointDurableExecution) over an `@aws-sdk/client-lambda` client. `withDurableExecution` uses one
 * with a default `LambdaClient` unless its config passes another `durableExecutionClient`.
 *
 * @example
 * ```ts
 * import { LambdaClient } from "@aws-sdk/client-lambda";
 * import { DurableExecutionApiClient, withDurableExecution } from "durable-execution-sdk";
 *
 * // The default transport, built on your own LambdaClient (custom region, retries, middleware…).
 * const client = new DurableExecutionApiClient(new LambdaClient({ maxAttempts: 5 }));
 * export const handler = withDurableExecution(async (event, context) => context.step(async () => "done"), {
 *   durableExecutionClient: client,
 * });
 * ```
 */
export class DurableExecutionApiClient implements DurableExecutionClient {
  readonly #client: Promise<LambdaClientLike>;

  /** @param lambdaClient - A configured `LambdaClient`; without one a shared default client is created on first use. */
  constructor(lambdaClient?: LambdaClientLike) {
    this.#client = lambdaClient ? Promise.resolve(lambdaClient) : defaultLambdaClient();
    this.#client.catch(() => {});
  }

  getExecutionState(params: GetDurableExecutionStateRequest, logger?: DurableLogger): Promise<GetDurableExecutionStateResponse> {
    return DurableExecutionApiClient.#send(
      this,
      ({ GetDurableExecutionStateCommand }) =>
        new GetDurableExecutionStateCommand({
          DurableExecutionArn: params.DurableExecutionArn,
          CheckpointToken: params.CheckpointToken,
          Marker: params.Marker,
          MaxItems: params.MaxItems,
        }),
      "Failed to get durable execution state",
      logger,
    );
  }

  checkpoint(params: CheckpointDurableExecutionRequest, logger?: DurableLogger): Promise<CheckpointDurableExecutionResponse> {
    return DurableExecutionApiClient.#send(
      this,
      ({ CheckpointDurableExecutionCommand }) =>
        new CheckpointDurableExecutionCommand({
          DurableExecutionArn: params.DurableExecutionArn,
          CheckpointToken: params.CheckpointToken,
          Updates: params.Updates as never,
          ClientToken: params.ClientToken,
        }),
      "Failed to checkpoint durable execution",
      logger,
    );
  }

  /**
   * Sends the command `command` builds from the loaded client-lambda module through `api`'s client; a
   * failure is logged (with `failure` and the request id) and rethrown. The one body of both calls: an
   * async function as each of them was, so a caller waits the same turns, and static, so a call on a
   * wrong receiver rejects (reading `api.#client` in here) as it did instead of throwing.
   */
  static async #send<Response>(api: DurableExecutionApiClient, command: (lambda: LambdaModule) => unknown, failure: string, logger: DurableLogger | undefined): Promise<Response> {
    const [lambda, client] = await Promise.all([loadLambda(), api.#client]);
    try {
      // Justified cast: each command's response is the matching generated response type.
      return (await client.send(command(lambda))) as Response;
    } catch (error) {
      logger?.error(failure, error, { requestId: (error as { $metadata?: { requestId?: string } })?.$metadata?.requestId });
      throw error;
    }
  }
}
