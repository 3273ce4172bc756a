/**
 * `durable history <arn>`: the status and history of an execution on a running `durable dev`
 * server, read over HTTP with @aws-sdk/client-lambda (GetDurableExecution and every page of
 * GetDurableExecutionHistory).
 */
import type { Event, GetDurableExecutionResponse } from "@aws-sdk/client-lambda";
import type { Operation } from "../../generated/index.js";
import type { HistoryEvent } from "../../local/index.js";
import { CliUsageError, type CliCommand, type CliIo } from "../command.js";
import { parseArgs, parsePort } from "../dev/args.js";
import { DEFAULT_DEV_PORT, withDevClient } from "../dev/remote.js";
import { renderError, renderHistory, renderPayload } from "../run/render.js";

const USAGE = `Usage: durable history <execution-arn> [options]

Prints the status, result or error and the history events of a durable execution on a running
\`durable dev\` server.

Options:
  --port <n>   the dev server's port on 127.0.0.1 (default ${DEFAULT_DEV_PORT})
  --json       print {"Execution": …, "Events": […]} as JSON (timestamps in ISO 8601)
  -h, --help   show this help`;

function withoutMetadata<T extends { $metadata?: unknown }>(response: T): Omit<T, "$metadata"> {
  const { $metadata: _metadata, ...rest } = response;
  return rest;
}

/** Operation names by Id, from the events (what renderHistory labels events with). */
function namesFromEvents(events: readonly Event[]): Operation[] {
  const named = new Map<string, Operation>();
  for (const event of events) {
    if (event.Id !== undefined && event.Name !== undefined && !named.has(event.Id)) named.set(event.Id, { Id: event.Id, Name: event.Name } as Operation);
  }
  return [...named.values()];
}

function summary(execution: Omit<GetDurableExecutionResponse, "$metadata">): string[] {
  const lines = [
    `Execution ${execution.DurableExecutionArn}`,
    `  status    ${execution.Status}`,
    `  function  ${execution.FunctionArn}`,
    `  started   ${execution.StartTimestamp?.toISOString()}`,
  ];
  if (execution.EndTimestamp) lines.push(`  ended     ${execution.EndTimestamp.toISOString()}`);
  if (execution.Status === "SUCCEEDED") lines.push("", "Result:", ...renderPayload(execution.Result).split("\n").map((line) => `  ${line}`));
  if (execution.Error) lines.push("", "Error:", ...renderError(execution.Error).map((line) => `  ${line}`));
  return lines;
}

export const history: CliCommand = {
  name: "history",
  summary: "print the status and history of an execution on a running dev server",
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseArgs(args, { values: ["--port"], flags: ["--json"] });
    if (parsed.positional.length !== 1) {
      throw new CliUsageError(parsed.positional.length === 0 ? "give the execution's ARN" : `give one execution ARN (got ${parsed.positional.length} arguments)`);
    }
    const [arn] = parsed.positional;
    const port = parsePort(parsed.values.get("--port"), DEFAULT_DEV_PORT);
    return withDevClient("history", port, io, async (client, sdk) => {
      const execution = withoutMetadata(await client.send(new sdk.GetDurableExecutionCommand({ DurableExecutionArn: arn })));
      const events: Event[] = [];
      let marker: string | undefined;
      do {
        const page = await client.send(
          new sdk.GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, IncludeExecutionData: true, MaxItems: 1000, Marker: marker }),
        );
        events.push(...(page.Events ?? []));
        marker = page.NextMarker;
      } while (marker);
      if (parsed.flags.has("--json")) {
        io.stdout.write(`${JSON.stringify({ Execution: execution, Events: events }, null, 2)}\n`);
      } else {
        const table = renderHistory(events as unknown as HistoryEvent[], namesFromEvents(events));
        io.stdout.write([...summary(execution), "", `History (${events.length} events):`, ...table, ""].join("\n"));
      }
    });
  },
};
