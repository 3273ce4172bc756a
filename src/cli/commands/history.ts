/**
 * `durable history <arn>`: the status and history of an execution on a running `durable dev`
 * server, read over HTTP with @aws-sdk/client-lambda (GetDurableExecution and every page of
 * GetDurableExecutionHistory).
 */
import type { Event, GetDurableExecutionResponse } from "@aws-sdk/client-lambda";
import { CALLBACK_DONE_STATUSES, eventOperation, EventType, ExecutionStatus, MAX_PAGE_ITEMS, OperationType, type Operation } from "../../generated/index.js";
import type { HistoryEvent } from "../../local/index.js";
import type { CliCommand, CliIo } from "../command.js";
import { addTargetOptions, resolveTarget, withLambdaClient, type TargetOptions } from "../dev/remote.js";
import { formatDuration, renderError, renderHistory, renderPayload } from "../run/render.js";
import { styleFor, type Style } from "../style.js";

const DESCRIPTION = `Prints the status, result or error and the history events of a durable execution (callback ids
included) from a server that speaks the Lambda API: a running \`durable dev\` by default.`;

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

function summary(execution: Omit<GetDurableExecutionResponse, "$metadata">, style: Style): string[] {
  const lines = [
    `Execution ${style.bold(execution.DurableExecutionArn ?? "")}`,
    `  status    ${style.status(execution.Status ?? "")}`,
    `  function  ${execution.FunctionArn}`,
    `  started   ${execution.StartTimestamp?.toISOString()}`,
  ];
  if (execution.EndTimestamp) lines.push(`  ended     ${execution.EndTimestamp.toISOString()}`);
  // Wall-clock time: the server's timestamps (a dev server or AWS runs on the real clock).
  if (execution.StartTimestamp && execution.EndTimestamp) lines.push(`  took      ${formatDuration(execution.EndTimestamp.getTime() - execution.StartTimestamp.getTime())}`);
  if (execution.Status === ExecutionStatus.SUCCEEDED) lines.push("", "Result:", ...renderPayload(execution.Result).split("\n").map((line) => `  ${line}`));
  if (execution.Error) lines.push("", "Error:", ...renderError(execution.Error).map((line) => `  ${line}`));
  return lines;
}

/** Whether an event records a callback's outcome (CALLBACK_DONE_STATUSES). */
const isCallbackDone = (effect: ReturnType<typeof eventOperation>): boolean => effect?.type === OperationType.CALLBACK && CALLBACK_DONE_STATUSES.has(effect.status);

/** The callbacks still waiting in a history: the id to answer each with. */
function pendingCallbacks(events: readonly Event[]): { id: string; name?: string; callbackId: string }[] {
  const open = new Map<string, { id: string; name?: string; callbackId: string }>();
  const names = new Map<string, string>();
  for (const event of events) {
    if (event.Id && event.Name) names.set(event.Id, event.Name);
    if (event.EventType === EventType.CallbackStarted && event.Id && event.CallbackStartedDetails?.CallbackId) {
      // waitForCallback names its context; the callback inside it is unnamed.
      const name = event.Name ?? (event.ParentId ? names.get(event.ParentId) : undefined);
      open.set(event.Id, { id: event.Id, ...(name ? { name } : {}), callbackId: event.CallbackStartedDetails.CallbackId });
    } else if (event.Id && isCallbackDone(eventOperation(event.EventType))) open.delete(event.Id);
  }
  return [...open.values()];
}

export const history: CliCommand = {
  name: "history",
  summary: "print the status and history of an execution (with callback ids)",
  declare(command) {
    addTargetOptions(command.description(DESCRIPTION).argument("<execution-arn>", "the execution's ARN (durable list shows them)")).option(
      "--json",
      'print {"Execution": …, "Events": […]} as JSON (timestamps in ISO 8601)',
    );
  },
  async run(args: unknown[], options: Record<string, unknown>, io: CliIo): Promise<number> {
    const arn = args[0] as string;
    const target = resolveTarget(options as TargetOptions, io.env);
    const style = styleFor(io.stdout, io.env);
    return withLambdaClient("history", target, io, async (client, sdk) => {
      const execution = withoutMetadata(await client.send(new sdk.GetDurableExecutionCommand({ DurableExecutionArn: arn })));
      const events: Event[] = [];
      let marker: string | undefined;
      do {
        const page = await client.send(
          new sdk.GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, IncludeExecutionData: true, MaxItems: MAX_PAGE_ITEMS, Marker: marker }),
        );
        events.push(...(page.Events ?? []));
        marker = page.NextMarker;
      } while (marker);
      if (options.json === true) {
        io.stdout.write(`${JSON.stringify({ Execution: execution, Events: events }, null, 2)}\n`);
        return;
      }
      const table = renderHistory(events as unknown as HistoryEvent[], namesFromEvents(events));
      const waiting = execution.Status === ExecutionStatus.RUNNING ? pendingCallbacks(events) : [];
      const callbacks = waiting.length
        ? ["", "Waiting for callbacks (answer with durable callback succeed|fail|heartbeat <callback-id>):", ...waiting.map((c) => `  ${c.name ?? c.id}  ${style.cyan(c.callbackId)}`)]
        : [];
      io.stdout.write([...summary(execution, style), ...callbacks, "", `History (${events.length} events):`, ...table, ""].join("\n"));
    });
  },
};
