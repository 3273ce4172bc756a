/**
 * Execution history in the GetDurableExecutionHistory event format (see docs/guide/internals-local-service.md#history).
 *
 * Every state change of an execution appends one event; EventIds are 1-based and strictly increasing
 * per execution, in append order. Payload-carrying details use envelopes `{Payload, Truncated}`.
 */
import { EVENT_ENVELOPE_FIELDS, OperationType, eventDetails, eventOperation, type ErrorObject, type EventDetailsByType, type EventError, type EventInput, type HistoryEvent, type HistoryEventType } from "../generated/index.js";
import { plainCopy } from "./plain-copy.js";

// The event types are generated from schema/history.yaml; re-exported here, where the service builds events.
export type * from "../generated/history.js";

/** Identity of the operation an event is about (absent for Execution* and InvocationCompleted). */
export interface EventSubject {
  Id?: string;
  Name?: string;
  ParentId?: string;
  SubType?: string;
}

/**
 * The events as Lambda answers GetDurableExecutionHistory: Execution* events carry the EXECUTION
 * operation's Id. The service records them without it because its own readers (the runner's operation
 * list, `durable run`'s report and progress line, the OTLP export) take an event with an Id for an event
 * of a listed operation; the two outward faces, the HTTP history route and the test runner's
 * `getHistoryEvents()`, add it here. Events that already have an Id are kept as they are.
 */
export function withExecutionOperationId(events: readonly HistoryEvent[], executionOperationId: string): HistoryEvent[] {
  return events.map((event) =>
    event.Id === undefined && eventOperation(event.EventType)?.type === OperationType.EXECUTION ? { ...event, Id: executionOperationId } : event,
  );
}

/** `{Payload, Truncated: false}`; the Payload key is omitted when there is no payload. */
export function inputEnvelope(payload: string | undefined): EventInput {
  return payload === undefined ? { Truncated: false } : { Payload: payload, Truncated: false };
}

/** `{Payload: ErrorObject, Truncated: false}`; the Payload key is omitted when there is no error. */
export function errorEnvelope(error: ErrorObject | undefined): EventError {
  return error === undefined ? { Truncated: false } : { Payload: error, Truncated: false };
}

/** Append-only event log of one execution. */
export class EventLog {
  private readonly events: HistoryEvent[] = [];
  /** Called after each append (the event must not be mutated). */
  onAppend: ((event: HistoryEvent) => void) | undefined;

  get length(): number {
    return this.events.length;
  }

  append<K extends HistoryEventType>(
    type: K,
    timestamp: number,
    subject: EventSubject | undefined,
    details: EventDetailsByType[K],
  ): HistoryEvent {
    // Keys are created in the service's order: EventType, SubType, EventId, Id, Name, EventTimestamp, ParentId, details.
    const event: Record<string, unknown> = { EventType: type };
    if (subject?.SubType !== undefined) event.SubType = subject.SubType;
    event.EventId = this.events.length + 1;
    if (subject?.Id !== undefined) event.Id = subject.Id;
    if (subject?.Name !== undefined) event.Name = subject.Name;
    event.EventTimestamp = new Date(timestamp);
    if (subject?.ParentId !== undefined) event.ParentId = subject.ParentId;
    event[`${type}Details`] = details;
    const typed = event as unknown as HistoryEvent;
    this.events.push(typed);
    this.onAppend?.(typed);
    return typed;
  }

  /**
   * Loads previously recorded events into an empty log (restoring a persisted execution); they must
   * be numbered 1..n in order. `onAppend` is not called for them.
   */
  load(events: readonly HistoryEvent[]): void {
    if (this.events.length > 0) throw new Error("EventLog.load needs an empty log");
    events.forEach((event, index) => {
      if (event.EventId !== index + 1) {
        throw new Error(`EventLog.load: event ${index + 1} has EventId ${String(event.EventId)} (events must be numbered 1..n in order)`);
      }
      this.events.push(event);
    });
  }

  /** Read-only view of all events in EventId order. */
  all(): readonly HistoryEvent[] {
    return this.events;
  }
}

export interface HistoryExportOptions {
  /** Include payloads (inputs, results, errors). Default true. */
  includeExecutionData?: boolean;
}

/** A deep copy of an event, optionally without execution data (payload envelopes keep `Truncated`). */
export function exportEvent(event: HistoryEvent, options: HistoryExportOptions = {}): HistoryEvent {
  const copy = plainCopy(event);
  if (options.includeExecutionData === false) {
    const details = eventDetails(copy);
    if (details) {
      for (const key of EVENT_ENVELOPE_FIELDS[copy.EventType]) {
        const envelope: EventInput | EventError | undefined = details[key];
        if (envelope && typeof envelope === "object") delete envelope.Payload;
      }
    }
  }
  return copy;
}

/** JSON-ready form of events as the service would serialise them: ISO timestamps, no undefined keys. */
export function historyToJson(events: readonly HistoryEvent[]): unknown[] {
  return JSON.parse(JSON.stringify(events)) as unknown[];
}
