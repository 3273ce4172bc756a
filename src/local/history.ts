/**
 * Execution history in the GetDurableExecutionHistory event format (see docs/guide/internals-local-service.md#history).
 *
 * Every state change of an execution appends one event; EventIds are 1-based and strictly increasing
 * per execution, in append order. Payload-carrying details use envelopes `{Payload, Truncated}`.
 */
import { EventType, type ErrorObject } from "../generated/index.js";
import { plainCopy } from "./plain-copy.js";

export interface EventInput {
  Payload?: string;
  Truncated?: boolean;
}
export type EventResult = EventInput;
export interface EventError {
  Payload?: ErrorObject;
  Truncated?: boolean;
}
export interface RetryDetails {
  CurrentAttempt?: number;
  NextAttemptDelaySeconds?: number;
}

export interface ExecutionStartedDetails {
  Input: EventInput;
  ExecutionTimeout: number;
}
export interface ExecutionSucceededDetails {
  Result: EventResult;
}
export interface ExecutionFailedDetails {
  Error: EventError;
}
export interface ExecutionTimedOutDetails {
  Error?: EventError;
}
export interface ExecutionStoppedDetails {
  Error: EventError;
}
export type StepStartedDetails = Record<string, never>;
export interface StepSucceededDetails {
  Result: EventResult;
  RetryDetails: RetryDetails;
}
export interface StepFailedDetails {
  Error: EventError;
  RetryDetails: RetryDetails;
}
export interface WaitStartedDetails {
  Duration: number;
  ScheduledEndTimestamp: Date;
}
export interface WaitSucceededDetails {
  Duration?: number;
}
export interface WaitCancelledDetails {
  Error?: EventError;
}
export type ContextStartedDetails = Record<string, never>;
export interface ContextSucceededDetails {
  Result: EventResult;
}
export interface ContextFailedDetails {
  Error: EventError;
}
export interface CallbackStartedDetails {
  CallbackId: string;
  HeartbeatTimeout?: number;
  Timeout?: number;
}
export interface CallbackSucceededDetails {
  Result: EventResult;
}
export interface CallbackFailedDetails {
  Error: EventError;
}
export interface CallbackTimedOutDetails {
  Error: EventError;
}
export interface ChainedInvokeStartedDetails {
  FunctionName: string;
  TenantId?: string;
  Input?: EventInput;
  ExecutedVersion?: string;
  DurableExecutionArn?: string;
}
export interface ChainedInvokeSucceededDetails {
  Result: EventResult;
}
export interface ChainedInvokeFailedDetails {
  Error: EventError;
}
export interface ChainedInvokeTimedOutDetails {
  Error: EventError;
}
export interface ChainedInvokeStoppedDetails {
  Error: EventError;
}
export interface InvocationCompletedDetails {
  StartTimestamp: Date;
  EndTimestamp: Date;
  RequestId: string;
  Error?: EventError;
}

/** Details object type for each EventType (the event carries it under `<EventType>Details`). */
export interface EventDetailsByType {
  ExecutionStarted: ExecutionStartedDetails;
  ExecutionSucceeded: ExecutionSucceededDetails;
  ExecutionFailed: ExecutionFailedDetails;
  ExecutionTimedOut: ExecutionTimedOutDetails;
  ExecutionStopped: ExecutionStoppedDetails;
  ContextStarted: ContextStartedDetails;
  ContextSucceeded: ContextSucceededDetails;
  ContextFailed: ContextFailedDetails;
  WaitStarted: WaitStartedDetails;
  WaitSucceeded: WaitSucceededDetails;
  WaitCancelled: WaitCancelledDetails;
  StepStarted: StepStartedDetails;
  StepSucceeded: StepSucceededDetails;
  StepFailed: StepFailedDetails;
  ChainedInvokeStarted: ChainedInvokeStartedDetails;
  ChainedInvokeSucceeded: ChainedInvokeSucceededDetails;
  ChainedInvokeFailed: ChainedInvokeFailedDetails;
  ChainedInvokeTimedOut: ChainedInvokeTimedOutDetails;
  ChainedInvokeStopped: ChainedInvokeStoppedDetails;
  CallbackStarted: CallbackStartedDetails;
  CallbackSucceeded: CallbackSucceededDetails;
  CallbackFailed: CallbackFailedDetails;
  CallbackTimedOut: CallbackTimedOutDetails;
  InvocationCompleted: InvocationCompletedDetails;
}

export type HistoryEventType = keyof EventDetailsByType & EventType;

/** One history event (AWS `Event` shape); exactly one `<EventType>Details` key is present. */
export interface HistoryEvent {
  EventType: HistoryEventType;
  SubType?: string;
  EventId: number;
  Id?: string;
  Name?: string;
  EventTimestamp: Date;
  ParentId?: string;
  ExecutionStartedDetails?: ExecutionStartedDetails;
  ExecutionSucceededDetails?: ExecutionSucceededDetails;
  ExecutionFailedDetails?: ExecutionFailedDetails;
  ExecutionTimedOutDetails?: ExecutionTimedOutDetails;
  ExecutionStoppedDetails?: ExecutionStoppedDetails;
  ContextStartedDetails?: ContextStartedDetails;
  ContextSucceededDetails?: ContextSucceededDetails;
  ContextFailedDetails?: ContextFailedDetails;
  WaitStartedDetails?: WaitStartedDetails;
  WaitSucceededDetails?: WaitSucceededDetails;
  WaitCancelledDetails?: WaitCancelledDetails;
  StepStartedDetails?: StepStartedDetails;
  StepSucceededDetails?: StepSucceededDetails;
  StepFailedDetails?: StepFailedDetails;
  ChainedInvokeStartedDetails?: ChainedInvokeStartedDetails;
  ChainedInvokeSucceededDetails?: ChainedInvokeSucceededDetails;
  ChainedInvokeFailedDetails?: ChainedInvokeFailedDetails;
  ChainedInvokeTimedOutDetails?: ChainedInvokeTimedOutDetails;
  ChainedInvokeStoppedDetails?: ChainedInvokeStoppedDetails;
  CallbackStartedDetails?: CallbackStartedDetails;
  CallbackSucceededDetails?: CallbackSucceededDetails;
  CallbackFailedDetails?: CallbackFailedDetails;
  CallbackTimedOutDetails?: CallbackTimedOutDetails;
  InvocationCompletedDetails?: InvocationCompletedDetails;
}

/** Identity of the operation an event is about (absent for Execution* and InvocationCompleted). */
export interface EventSubject {
  Id?: string;
  Name?: string;
  ParentId?: string;
  SubType?: string;
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

const ENVELOPE_KEYS = ["Input", "Result", "Error"] as const;

/** A deep copy of an event, optionally without execution data (payload envelopes keep `Truncated`). */
export function exportEvent(event: HistoryEvent, options: HistoryExportOptions = {}): HistoryEvent {
  const copy = plainCopy(event);
  if (options.includeExecutionData === false) {
    const details = (copy as unknown as Record<string, unknown>)[`${copy.EventType}Details`] as
      | Record<string, unknown>
      | undefined;
    if (details) {
      for (const key of ENVELOPE_KEYS) {
        const envelope = details[key] as { Payload?: unknown } | undefined;
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
