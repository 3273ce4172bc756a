/**
 * `durable callback succeed|fail|heartbeat <callbackId> [payload]`: completes (or keeps alive) a
 * callback on a running `durable dev` server, over HTTP with @aws-sdk/client-lambda.
 */
import { OperationStatus, type ErrorObject } from "../../generated/index.js";
import { CliUsageError, type CliCommand, type CliIo } from "../command.js";
import { addTargetOptions, resolveTarget, withLambdaClient, type TargetOptions } from "../dev/remote.js";

const DESCRIPTION = `Sends SendDurableExecutionCallbackSuccess, ...Failure or ...Heartbeat to a server that speaks the
Lambda API (a running \`durable dev\` by default). The callback id is shown by durable history <arn>.`;

const ERROR_FIELDS = new Set(["ErrorType", "ErrorMessage", "ErrorData", "StackTrace"]);

/** The error of `fail`: a JSON ErrorObject, or any other text as its message. */
export function parseCallbackError(text: string | undefined): ErrorObject | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ErrorMessage: text };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ErrorMessage: text };
  const fields = Object.keys(value);
  const unknown = fields.filter((field) => !ERROR_FIELDS.has(field));
  if (unknown.length > 0) {
    throw new CliUsageError(`the error object may only have ErrorType, ErrorMessage, ErrorData and StackTrace (got ${unknown.join(", ")})`);
  }
  const error = value as Record<string, unknown>;
  for (const field of ["ErrorType", "ErrorMessage", "ErrorData"]) {
    if (error[field] !== undefined && typeof error[field] !== "string") throw new CliUsageError(`${field} must be a string`);
  }
  if (error.StackTrace !== undefined && !(Array.isArray(error.StackTrace) && error.StackTrace.every((line) => typeof line === "string"))) {
    throw new CliUsageError("StackTrace must be a list of strings");
  }
  return error as ErrorObject;
}

const ACTIONS = new Set(["succeed", "fail", "heartbeat"]);

export const callback: CliCommand = {
  name: "callback",
  summary: "succeed, fail or heartbeat a callback (durable dev, any --endpoint, or AWS with --aws)",
  declare(command) {
    addTargetOptions(
      command
        .description(DESCRIPTION)
        .usage("succeed|fail|heartbeat <callback-id> [result|error] [options]")
        .argument("<action>", "succeed, fail or heartbeat")
        .argument("<callback-id>", "the callback's id (durable history shows it)")
        .argument(
          "[payload]",
          "succeed: the callback's result, sent as it is (usually JSON text, e.g. '{\"approved\":true}'; none by default). fail: a JSON ErrorObject ('{\"ErrorType\":\"Rejected\",\"ErrorMessage\":\"no\"}') or plain text, which becomes the ErrorMessage",
        ),
    ).option("--json", "print the outcome as JSON");
  },
  async run(args: unknown[], options: Record<string, unknown>, io: CliIo): Promise<number> {
    const [action, callbackId, payload] = args as [string, string, string | undefined];
    if (!ACTIONS.has(action)) {
      const near = [...ACTIONS].find((a) => a.startsWith(action.slice(0, 2)));
      throw new CliUsageError(`unknown action "${action}" (use succeed, fail or heartbeat)${near ? `; did you mean ${near}?` : ""}`);
    }
    if (callbackId === "") throw new CliUsageError("give the callback id");
    if (action === "heartbeat" && payload !== undefined) throw new CliUsageError("too many arguments for heartbeat (a heartbeat has no payload)");
    const error = action === "fail" ? parseCallbackError(payload) : undefined;
    const target = resolveTarget(options as TargetOptions, io.env);
    const done = (outcome: string, text: string) =>
      io.stdout.write(options.json === true ? `${JSON.stringify({ CallbackId: callbackId, Outcome: outcome })}\n` : `callback ${callbackId}: ${text}\n`);
    return withLambdaClient("callback", target, io, async (client, sdk) => {
      if (action === "succeed") {
        const result = payload === undefined ? undefined : Buffer.from(payload, "utf8");
        await client.send(new sdk.SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: result }));
        done(OperationStatus.SUCCEEDED, "succeeded");
      } else if (action === "fail") {
        await client.send(new sdk.SendDurableExecutionCallbackFailureCommand({ CallbackId: callbackId, Error: error }));
        done(OperationStatus.FAILED, "failed");
      } else {
        await client.send(new sdk.SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }));
        done("HEARTBEAT", "heartbeat sent");
      }
    });
  },
};
