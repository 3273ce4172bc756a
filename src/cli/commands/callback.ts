/**
 * `durable callback succeed|fail|heartbeat <callbackId> [payload]`: completes (or keeps alive) a
 * callback on a running `durable dev` server, over HTTP with @aws-sdk/client-lambda.
 */
import type { ErrorObject } from "../../generated/index.js";
import { CliUsageError, type CliCommand, type CliIo } from "../command.js";
import { parseArgs, parsePort } from "../dev/args.js";
import { DEFAULT_DEV_PORT, withDevClient } from "../dev/remote.js";

const USAGE = `Usage: durable callback succeed <callback-id> [result] [--port <n>]
       durable callback fail <callback-id> [error] [--port <n>]
       durable callback heartbeat <callback-id> [--port <n>]

Sends SendDurableExecutionCallbackSuccess, ...Failure or ...Heartbeat to a running \`durable dev\`
server. The callback id is in the CallbackStarted event of the execution's history
(durable history <arn>).

  result   the callback's result, sent as it is (usually JSON text, e.g. '{"approved":true}');
           none by default
  error    a JSON ErrorObject ('{"ErrorType":"Rejected","ErrorMessage":"no"}') or plain text,
           which becomes the ErrorMessage

Options:
  --port <n>   the dev server's port on 127.0.0.1 (default ${DEFAULT_DEV_PORT})
  -h, --help   show this help`;

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
  summary: "succeed, fail or heartbeat a callback on a running dev server",
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseArgs(args, { values: ["--port"] });
    const [action, callbackId, payload, ...extra] = parsed.positional;
    if (action === undefined || !ACTIONS.has(action)) {
      throw new CliUsageError(action === undefined ? "give an action: succeed, fail or heartbeat" : `unknown action "${action}" (use succeed, fail or heartbeat)`);
    }
    if (callbackId === undefined || callbackId === "") throw new CliUsageError("give the callback id");
    if (extra.length > 0 || (action === "heartbeat" && payload !== undefined)) {
      throw new CliUsageError(`too many arguments for ${action}${action === "heartbeat" ? " (a heartbeat has no payload)" : ""}`);
    }
    const error = action === "fail" ? parseCallbackError(payload) : undefined;
    const port = parsePort(parsed.values.get("--port"), DEFAULT_DEV_PORT);
    return withDevClient("callback", port, io, async (client, sdk) => {
      if (action === "succeed") {
        const result = payload === undefined ? undefined : Buffer.from(payload, "utf8");
        await client.send(new sdk.SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: result }));
        io.stdout.write(`callback ${callbackId}: succeeded\n`);
      } else if (action === "fail") {
        await client.send(new sdk.SendDurableExecutionCallbackFailureCommand({ CallbackId: callbackId, Error: error }));
        io.stdout.write(`callback ${callbackId}: failed\n`);
      } else {
        await client.send(new sdk.SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }));
        io.stdout.write(`callback ${callbackId}: heartbeat sent\n`);
      }
    });
  },
};
