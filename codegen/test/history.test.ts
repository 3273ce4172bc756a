/**
 * History event types generated from schema/history.yaml: every EventType has exactly one entry, field
 * types must be known, and the generated accessors read an event's details without casts.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import { detailsOf, EVENT_ENVELOPE_FIELDS, eventDetails, type HistoryEvent, type StepSucceededDetails } from "../../src/generated/history";
import { copySchema, editYaml, irOf, readYaml, REAL_SCHEMA, realSchemaProblemsAfter, schemaProblems } from "./helpers";

const HISTORY = "schema/history.yaml";
const problemsAfter = (edit: (d: any) => void) => realSchemaProblemsAfter("history.yaml", edit);

const stepSucceeded: HistoryEvent = {
  EventType: "StepSucceeded",
  EventId: 3,
  Id: "s1",
  EventTimestamp: new Date(0),
  StepSucceededDetails: { Result: { Payload: "42", Truncated: false }, RetryDetails: { CurrentAttempt: 1 } },
};

describe("generated history accessors", () => {
  it("detailsOf narrows to the event's details type, and is undefined for another type", () => {
    const details = detailsOf(stepSucceeded, "StepSucceeded");
    expectTypeOf(details).toEqualTypeOf<StepSucceededDetails | undefined>();
    expect(details?.Result.Payload).toBe("42");
    expect(detailsOf(stepSucceeded, "StepFailed")).toBeUndefined();
  });

  it("eventDetails reads any event's details through the merged view", () => {
    expect(eventDetails(stepSucceeded)?.RetryDetails?.CurrentAttempt).toBe(1);
    expect(eventDetails({ EventType: "StepStarted", EventId: 1, EventTimestamp: new Date(0) })).toBeUndefined();
  });

  it("envelope fields come from the records' envelope types", () => {
    expect(EVENT_ENVELOPE_FIELDS.StepSucceeded).toEqual(["Result"]);
    expect(EVENT_ENVELOPE_FIELDS.ChainedInvokeStarted).toEqual(["Input"]);
    expect(EVENT_ENVELOPE_FIELDS.InvocationCompleted).toEqual(["Error"]);
    expect(EVENT_ENVELOPE_FIELDS.CallbackStarted).toEqual([]);
  });
});

describe("history.yaml mistakes fail generation", () => {
  it("an EventType without an entry", () => {
    expect(problemsAfter((d) => (d.events = d.events.filter((e: any) => e.type !== "WaitCancelled")))).toEqual([
      { file: HISTORY, path: "events", reason: "missing event WaitCancelled (every EventType of enums.yaml has one entry)" },
      // The WAIT CANCEL transition records it, so its cross-check fails too.
      { file: "schema/transitions.yaml", path: "transitions[8].event", reason: 'unknown EventType "WaitCancelled"' },
    ]);
  });

  it("an unknown event type, a duplicate and an unknown field type", () => {
    expect(
      problemsAfter((d) => {
        d.events.push({ type: "StepRetried", fields: [] });
        d.events.push({ type: "StepStarted", fields: [] });
        d.events[0].fields[1].type = "Number";
      }),
    ).toEqual([
      { file: HISTORY, path: "events[0].fields[1].type", reason: 'unknown type "Number" (string, number, boolean, Date, a record of history.yaml or a wire type)' },
      { file: HISTORY, path: "events[24].type", reason: 'unknown EventType "StepRetried"' },
      { file: HISTORY, path: "events[25].type", reason: 'duplicate event "StepStarted"' },
    ]);
  });

  it("an event whose details type takes a name declared elsewhere (a wire type, or a record of history.yaml)", () => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "types.yaml", (d) => d.types.push({ name: "StepStartedDetails", summary: "Clash.", alias: "string" }));
    const at = readYaml(copy, "history.yaml").events.findIndex((e: any) => e.type === "StepStarted");
    expect(schemaProblems(() => irOf(copy))).toEqual([
      { file: HISTORY, path: `events[${at}].type`, reason: '"StepStartedDetails" (the details type of event StepStarted) is declared twice (also in schema/types.yaml)' },
    ]);
    expect(
      problemsAfter((d) => d.records.push({ name: "ExecutionStartedDetails", summary: "Clash.", fields: [{ name: "A", type: "string", summary: "A field." }] })),
    ).toEqual([{ file: HISTORY, path: "events[0].type", reason: '"ExecutionStartedDetails" (the details type of event ExecutionStarted) is declared twice (also in schema/history.yaml)' }]);
  });

  it("an unknown key", () => {
    expect(problemsAfter((d) => (d.events[0].feilds = []))).toEqual([{ file: HISTORY, path: "events[0]", reason: 'unknown key "feilds"' }]);
  });
});
