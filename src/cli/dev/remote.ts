/**
 * Talking to a server that speaks the Lambda API from other commands: where it is (`--endpoint`,
 * `DURABLE_ENDPOINT`, `--port` for the dev server on 127.0.0.1, or `--aws` for real AWS with the
 * configured credentials and region), a real `@aws-sdk/client-lambda` client for it, and one-line
 * messages for what can go wrong.
 */
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { Option, type Command } from "commander";
// The name of the exception Lambda (and the local service) answer an unknown function with: the AWS SDK
// client's error carries it, and the error made here keeps it.
import { RESOURCE_NOT_FOUND_EXCEPTION_NAME } from "../../generated/service-errors.js";
import { CliUsageError, type CliIo } from "../command.js";

/** The port `durable dev` listens on unless told otherwise. */
export const DEFAULT_DEV_PORT = 3210;

/** Credentials and region the dev server's clients use (it does not check signatures). */
export const DEV_REGION = "us-east-1";
export const DEV_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" } as const;

export function devEndpoint(port: number): string {
  return `http://127.0.0.1:${port}`;
}

/**
 * The AWS SDK warns on every process under Node 22 about its future support policy; in a local
 * tool's output that is noise (an explicit setting of the variable wins).
 */
export function quietAwsSdkNodeWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
}


/** What went wrong calling the dev server, in one line. */
export function remoteErrorMessage(error: unknown, endpoint: string): string {
  const e = error as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const code = e?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  if (code === "ECONNREFUSED" || /ECONNREFUSED/.test(e?.message ?? "")) {
    return `cannot reach a dev server at ${endpoint} (start one with \`durable dev <files>\`, or pass --endpoint / --port where it listens)`;
  }
  if (e?.name === "CredentialsProviderError" || e?.name === "ProviderError") return `no AWS credentials found (configure them, e.g. AWS_PROFILE, or drop --aws): ${e.message}`;
  if (/Region is missing/i.test(e?.message ?? "")) return "no AWS region configured (set AWS_REGION or pass --region)";
  if (e?.$metadata?.httpStatusCode !== undefined && e.name) return `${e.name}: ${e.message}`;
  return e?.message ?? String(error);
}

type LambdaModule = typeof import("@aws-sdk/client-lambda");

/** At most this many function names are listed in a "function not found" message. */
const NAMES_SHOWN = 20;

/**
 * A ResourceNotFoundException for `functionName` (Invoke, ListDurableExecutionsByFunction), with the
 * functions the server does have: a mistyped name, or a `handler` export (named after its file),
 * is then plain to see. Any other error, or a server that cannot list its functions (an account on
 * AWS without lambda:ListFunctions), leaves `error` as it is.
 */
export async function withFunctionNames(error: unknown, functionName: string, client: LambdaClient, sdk: LambdaModule, target: Target): Promise<unknown> {
  if ((error as { name?: string })?.name !== RESOURCE_NOT_FOUND_EXCEPTION_NAME) return error;
  let names: string[];
  try {
    const listed = await client.send(new sdk.ListFunctionsCommand({}));
    names = (listed.Functions ?? []).map((fn) => fn.FunctionName ?? "").filter(Boolean);
  } catch {
    return error;
  }
  const shown = names.slice(0, NAMES_SHOWN).join(", ") + (names.length > NAMES_SHOWN ? `, … (${names.length - NAMES_SHOWN} more)` : "");
  const where = describeTarget(target);
  const available =
    names.length === 0
      ? `${where} serves no function`
      : `the functions on ${where} are: ${shown} (durable dev names a function after its export, and a "handler" export after its file)`;
  const wrapped = new Error(`function "${functionName}" not found; ${available}`);
  wrapped.name = RESOURCE_NOT_FOUND_EXCEPTION_NAME;
  return Object.assign(wrapped, { $metadata: (error as { $metadata?: unknown }).$metadata });
}

/** Where a command sends its requests. */
export type Target = { kind: "endpoint"; endpoint: string } | { kind: "aws"; region?: string };

/** The options every command talking to a server takes. */
export interface TargetOptions {
  endpoint?: string;
  port?: string;
  aws?: boolean;
  region?: string;
}

/** Declares --endpoint, --port, --aws and --region on a command. */
export function addTargetOptions(command: Command): Command {
  return command
    .addOption(new Option("--endpoint <url>", `the server's URL (default: $DURABLE_ENDPOINT, else ${devEndpoint(DEFAULT_DEV_PORT)}, where durable dev listens)`))
    .addOption(new Option("--port <n>", "shorthand for --endpoint http://127.0.0.1:<n>"))
    .addOption(new Option("--aws", "use real AWS with the configured credentials and region instead of a local server"))
    .addOption(new Option("--region <region>", "the AWS region with --aws (default: the configured one)"));
}

/** The target from the options and environment; conflicting options are a usage error. */
export function resolveTarget(options: TargetOptions, env: NodeJS.ProcessEnv): Target {
  const given = [options.endpoint !== undefined && "--endpoint", options.port !== undefined && "--port", options.aws && "--aws"].filter(Boolean);
  if (given.length > 1) throw new CliUsageError(`${given.join(" and ")} exclude each other: give one`);
  if (options.region !== undefined && !options.aws) throw new CliUsageError("--region applies to --aws only");
  if (options.aws) return { kind: "aws", ...(options.region !== undefined ? { region: options.region } : {}) };
  if (options.port !== undefined) return { kind: "endpoint", endpoint: devEndpoint(parsePort(options.port)) };
  const endpoint = options.endpoint ?? (env.DURABLE_ENDPOINT || undefined) ?? devEndpoint(DEFAULT_DEV_PORT);
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new CliUsageError(`${options.endpoint !== undefined ? "--endpoint" : "DURABLE_ENDPOINT"} must be a URL like http://127.0.0.1:${DEFAULT_DEV_PORT} (got ${JSON.stringify(endpoint)})`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new CliUsageError(`the endpoint must be an http:// or https:// URL (got ${JSON.stringify(endpoint)})`);
  return { kind: "endpoint", endpoint: endpoint.replace(/\/+$/, "") };
}

/** A TCP port number (1-65535; 0 too where `allowZero`, meaning any free port). */
export function parsePort(text: string, allowZero = false): number {
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port < (allowZero ? 0 : 1) || port > 65535) {
    throw new CliUsageError(`--port must be a whole number from ${allowZero ? 0 : 1} to 65535 (got ${JSON.stringify(text)})`);
  }
  return port;
}

/** How a target reads in messages. */
export function describeTarget(target: Target): string {
  return target.kind === "aws" ? `AWS${target.region ? ` (${target.region})` : ""}` : target.endpoint;
}

/**
 * Runs `action` with a Lambda client for the target (and the AWS SDK module): exit 0 when it
 * succeeds (or the code it returns), 1 with `durable <command>: <message>` on stderr when the server
 * or the connection fails.
 */
export async function withLambdaClient(
  command: string,
  target: Target,
  io: CliIo,
  action: (client: LambdaClient, sdk: LambdaModule) => Promise<void | number>,
): Promise<number> {
  quietAwsSdkNodeWarning();
  const sdk = await import("@aws-sdk/client-lambda");
  const client =
    target.kind === "aws"
      ? new sdk.LambdaClient(target.region ? { region: target.region } : {})
      : new sdk.LambdaClient({ endpoint: target.endpoint, region: io.env.AWS_REGION || DEV_REGION, credentials: DEV_CREDENTIALS, maxAttempts: 2 });
  try {
    return (await action(client, sdk)) ?? 0;
  } catch (error) {
    if (error instanceof CliUsageError) throw error;
    io.stderr.write(`durable ${command}: ${remoteErrorMessage(error, describeTarget(target))}\n`);
    return 1;
  } finally {
    client.destroy();
  }
}
