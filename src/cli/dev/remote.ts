/**
 * Talking to a running `durable dev` server from other commands: its endpoint, a real
 * `@aws-sdk/client-lambda` client for it, and one-line messages for what can go wrong.
 */
import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { CliIo } from "../command.js";

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

export async function devClient(endpoint: string): Promise<LambdaClient> {
  quietAwsSdkNodeWarning();
  const { LambdaClient } = await import("@aws-sdk/client-lambda");
  return new LambdaClient({ endpoint, region: DEV_REGION, credentials: DEV_CREDENTIALS, maxAttempts: 2 });
}

/** What went wrong calling the dev server, in one line. */
export function remoteErrorMessage(error: unknown, endpoint: string): string {
  const e = error as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const code = e?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  if (code === "ECONNREFUSED" || /ECONNREFUSED/.test(e?.message ?? "")) {
    return `cannot reach a dev server at ${endpoint} (start one with \`durable dev <files>\`, or pass the --port it listens on)`;
  }
  if (e?.$metadata?.httpStatusCode !== undefined && e.name) return `${e.name}: ${e.message}`;
  return e?.message ?? String(error);
}

type LambdaModule = typeof import("@aws-sdk/client-lambda");

/**
 * Runs `action` with a client for the dev server on `port` (and the AWS SDK module): exit 0 when it
 * succeeds, 1 with `durable <command>: <message>` on stderr when the server or the connection fails.
 */
export async function withDevClient(
  command: string,
  port: number,
  io: CliIo,
  action: (client: LambdaClient, sdk: LambdaModule) => Promise<void>,
): Promise<number> {
  const endpoint = devEndpoint(port);
  const sdk = await import("@aws-sdk/client-lambda");
  const client = await devClient(endpoint);
  try {
    await action(client, sdk);
    return 0;
  } catch (error) {
    io.stderr.write(`durable ${command}: ${remoteErrorMessage(error, endpoint)}\n`);
    return 1;
  } finally {
    client.destroy();
  }
}
