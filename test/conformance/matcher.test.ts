/**
 * The conformance matcher must reject wrong histories. First its rules on small hand-made histories,
 * then real requirements: each is run on the local service (it passes), and deliberately broken
 * copies of its actual history — an event missing, a detail changed, a placeholder meeting two
 * different Ids — must fail with the mismatch named.
 */
import { describe, expect, it } from "vitest";
import { runRequirement } from "./driver.js";
import { EventHistoryMatcher, pythonEquals } from "./matcher.js";
import { PlaceholderContext } from "./placeholders.js";
import { conformanceDir, loadRequirements, type Requirement } from "./requirements.js";

type Event = Record<string, unknown> & { EventId: number };

function matcher(bindings: Record<string, unknown> = {}): EventHistoryMatcher {
  const context = new PlaceholderContext();
  for (const [name, value] of Object.entries(bindings)) context.bind(name, value);
  return new EventHistoryMatcher(context);
}

const step = (EventId: number, EventType: string, Id: string, details: object = {}): Event => ({
  EventType,
  SubType: "Step",
  EventId,
  Id,
  EventTimestamp: "2026-01-01T00:00:00.000Z",
  [`${EventType}Details`]: details,
});

describe("matcher rules", () => {
  const actual = [
    step(2, "StepStarted", "aaaa"),
    step(3, "StepSucceeded", "aaaa", { Result: { Payload: '"hi"', Truncated: false }, RetryDetails: { CurrentAttempt: 2 } }),
    step(4, "StepStarted", "bbbb"),
  ];

  it("accepts a matching subset and ignores unlisted events and keys", () => {
    const result = matcher().match(
      [
        { EventType: "StepStarted", EventId: 2, Id: "${ID1}", StepStartedDetails: {} },
        { EventType: "StepSucceeded", EventId: 3, Id: "${ID1}", EventTimestamp: "*", StepSucceededDetails: { Result: { Payload: '"hi"' } } },
      ],
      actual,
    );
    expect(result).toEqual({ ok: true, errors: [] });
  });

  it("requires the key of a {} or '*' expectation to exist", () => {
    expect(matcher().match([{ EventId: 2, StepSucceededDetails: {} }], actual).errors).toEqual([
      "Event[EventId=2].StepSucceededDetails: key missing in actual event",
    ]);
    expect(matcher().match([{ EventId: 2, Name: "*" }], actual).errors).toEqual(["Event[EventId=2].Name: key missing in actual event"]);
  });

  it("finds events by EventId and reports a missing one", () => {
    expect(matcher().match([{ EventId: 9, EventType: "StepStarted" }], actual).errors).toEqual(["No actual event found for EventId=9"]);
    expect(matcher().match([{ EventType: "StepStarted" }], actual).errors[0]).toMatch(/^Expected event missing EventId/);
  });

  it("binds a placeholder on first sight and requires the same value afterwards", () => {
    const m = matcher();
    const result = m.match(
      [
        { EventId: 2, Id: "${ID1}" },
        { EventId: 4, Id: "${ID1}" },
      ],
      actual,
    );
    expect(result.errors).toEqual(['Event[EventId=4].Id: placeholder ${ID1} was previously bound to "aaaa", but got "bbbb"']);
    expect(m.context.get("ID1")).toBe("aaaa");
  });

  it("treats bound variables as literals, also inside longer strings", () => {
    expect(matcher({ V: "hi" }).match([{ EventId: 3, StepSucceededDetails: { Result: { Payload: '"${V}"' } } }], actual).ok).toBe(true);
    expect(matcher({ V: "ho" }).match([{ EventId: 3, StepSucceededDetails: { Result: { Payload: '"${V}"' } } }], actual).errors).toEqual([
      'Event[EventId=3].StepSucceededDetails.Result.Payload: expected "\\"ho\\"", got "\\"hi\\""',
    ]);
  });

  it("searches ${/re/} in the text of the actual value, numbers included", () => {
    const details = (attempt: string) => ({ EventId: 3, StepSucceededDetails: { RetryDetails: { CurrentAttempt: attempt } } });
    expect(matcher().match([details("${/^[1-2]$/}")], actual).ok).toBe(true);
    expect(matcher().match([details("${/^[3-5]$/}")], actual).errors[0]).toMatch(/value 2 does not match regex pattern/);
  });

  it("compares lists element-wise with equal lengths, and literals by Python equality", () => {
    const m = matcher();
    expect(m.matchOne([1, 2], [1, 2]).ok).toBe(true);
    expect(m.matchOne([1, 2], [1, 2, 3]).errors).toEqual(["Value: list length mismatch (expected 2, got 3)"]);
    expect(m.matchOne({ a: 1 }, { a: 1.0, b: 2 }).ok).toBe(true);
    expect(m.matchOne({ a: "1" }, { a: 1 }).ok).toBe(false);
    expect(m.matchOne({ a: { b: 1 } }, { a: "text" }).ok).toBe(false);
    expect(pythonEquals(true, 1)).toBe(true);
    expect(pythonEquals([{ a: 1 }], [{ a: 1, b: 2 }])).toBe(false);
  });
});

const { dir, exists } = conformanceDir();
const requirements = exists ? new Map(loadRequirements(dir).map((r) => [r.id, r])) : new Map<string, Requirement>();

/** Runs a requirement, checks it passes, and returns its history plus a matcher factory with its variables. */
async function passingRun(id: string): Promise<{ requirement: Requirement; history: Event[]; match: (history: Event[]) => string[] }> {
  const requirement = requirements.get(id);
  if (!requirement) throw new Error(`requirement ${id} not found in ${dir}`);
  const outcome = await runRequirement(requirement);
  expect(outcome.errors).toEqual([]);
  const expected = requirement.doc.ExpectedExecutionHistory ?? [];
  const match = (history: Event[]) => matcher(outcome.variables).match(expected, history).errors;
  const history = outcome.history as Event[];
  expect(match(history)).toEqual([]);
  return { requirement, history, match };
}

const copy = (history: Event[]): Event[] => structuredClone(history);

/** The history without the event of this EventId, later events renumbered (as if it was never recorded). */
function withoutEvent(history: Event[], eventId: number): Event[] {
  return copy(history)
    .filter((event) => event.EventId !== eventId)
    .map((event) => (event.EventId > eventId ? { ...event, EventId: event.EventId - 1 } : event));
}

function edit(history: Event[], eventId: number, change: (event: Record<string, any>) => void): Event[] {
  const edited = copy(history);
  const event = edited.find((e) => e.EventId === eventId);
  if (!event) throw new Error(`no event ${eventId}`);
  change(event);
  return edited;
}

const idOf = (history: Event[], eventId: number): string => String(history.find((e) => e.EventId === eventId)?.Id);

describe.skipIf(!exists)(`matcher on real requirements (${dir})`, () => {
  it("1-12 retry exhaustion: a missing attempt, a wrong attempt number, a second step Id", async () => {
    const { history, match } = await passingRun("1-12");
    expect(match(withoutEvent(history, 5))[0]).toBe('Event[EventId=5].EventType: expected "StepStarted", got "StepFailed"');
    const wrongAttempt = edit(history, 6, (e) => (e.StepFailedDetails.RetryDetails.CurrentAttempt = 3));
    expect(match(wrongAttempt)).toEqual(["Event[EventId=6].StepFailedDetails.RetryDetails.CurrentAttempt: expected 2, got 3"]);
    const secondId = edit(history, 8, (e) => (e.Id = "0123456789abcdef"));
    expect(match(secondId)).toEqual([
      `Event[EventId=8].Id: placeholder \${ID1} was previously bound to "${idOf(history, 2)}", but got "0123456789abcdef"`,
    ]);
    const noRetryDelay = edit(history, 3, (e) => delete e.StepFailedDetails.RetryDetails.NextAttemptDelaySeconds);
    expect(match(noRetryDelay)).toEqual(["Event[EventId=3].StepFailedDetails.RetryDetails.NextAttemptDelaySeconds: key missing in actual event"]);
  });

  it("3-6 nested child contexts: a missing inner step, a changed result, an inner event parented to the wrong context", async () => {
    const { history, match } = await passingRun("3-6");
    expect(match(withoutEvent(history, 6)).length).toBeGreaterThan(0);
    const changed = edit(history, 7, (e) => (e.StepSucceededDetails.Result.Payload = '"something else"'));
    expect(match(changed)[0]).toMatch(/^Event\[EventId=7\]\.StepSucceededDetails\.Result\.Payload: expected "\\"[a-z0-9]{8}\\"", got "\\"something else\\""$/);
    const wrongParent = edit(history, 7, (e) => (e.ParentId = idOf(history, 2)));
    expect(match(wrongParent)).toEqual([
      `Event[EventId=7].ParentId: placeholder \${CTX_INNER} was previously bound to "${idOf(history, 5)}", but got "${idOf(history, 2)}"`,
    ]);
    const unnamed = edit(history, 9, (e) => delete e.Name);
    expect(match(unnamed)).toEqual(["Event[EventId=9].Name: key missing in actual event"]);
  });

  it("8-1 parallel: a missing branch event, a changed branch result, a step under the other branch", async () => {
    const { history, match } = await passingRun("8-1");
    expect(match(withoutEvent(history, 7)).length).toBeGreaterThan(0);
    const changed = edit(history, 10, (e) => (e.ContextSucceededDetails.Result.Payload = '"task-3"'));
    expect(match(changed)).toEqual(['Event[EventId=10].ContextSucceededDetails.Result.Payload: expected "\\"task-2\\"", got "\\"task-3\\""']);
    const swapped = edit(history, 9, (e) => (e.ParentId = idOf(history, 3)));
    expect(match(swapped)).toEqual([
      `Event[EventId=9].ParentId: placeholder \${CTX_B2} was previously bound to "${idOf(history, 7)}", but got "${idOf(history, 3)}"`,
    ]);
  });

  it("7-9 two waitForCallback operations: a missing invocation, a changed payload, the second context reusing the first Id", async () => {
    const { history, match } = await passingRun("7-9");
    expect(match(withoutEvent(history, 13)).length).toBeGreaterThan(0);
    const changed = edit(history, 14, (e) => (e.CallbackSucceededDetails.Result.Payload = '"not-the-payload"'));
    expect(match(changed)[0]).toMatch(/^Event\[EventId=14\]\.CallbackSucceededDetails\.Result\.Payload: expected "\\"[a-z0-9]{12}\\"", got "\\"not-the-payload\\""$/);
    const reused = edit(history, 15, (e) => (e.Id = idOf(history, 2)));
    expect(match(reused)).toEqual([
      `Event[EventId=15].Id: placeholder \${ID2} was previously bound to "${idOf(history, 9)}", but got "${idOf(history, 2)}"`,
    ]);
  });

  it("1-17 crash: an invocation that ended normally instead of with Runtime.ExitError", async () => {
    const { history, match } = await passingRun("1-17");
    const noCrash = edit(history, 3, (e) => delete e.InvocationCompletedDetails.Error);
    expect(match(noCrash)).toEqual(["Event[EventId=3].InvocationCompletedDetails.Error: key missing in actual event"]);
  });

  it("reports a wrong result and a wrong log count through the driver", async () => {
    const base = requirements.get("1-7")!;
    const wrongResult = { ...base, doc: { ...base.doc, ExpectedResult: { ExecutionStatus: "SUCCEEDED", Result: "Hello, nobody!" } } };
    const resultRun = await runRequirement(wrongResult);
    expect(resultRun.passed).toBe(false);
    expect(resultRun.errors[0]).toMatch(/^Expected Result="Hello, nobody!", got "Hello, [a-z0-9]{8}!"$/);

    const wrongLogs = { ...base, doc: { ...base.doc, ExpectedLogs: [{ match: { message: "/Greeting step started for: ${INPUT_1}/" }, count: 2 }] } };
    const logRun = await runRequirement(wrongLogs);
    expect(logRun.passed).toBe(false);
    expect(logRun.errors[0]).toMatch(/expected exactly 2 matching line\(s\), got 1$/);

    const wrongStatus = { ...base, doc: { ...base.doc, ExpectedResult: { ExecutionStatus: "FAILED" } } };
    expect((await runRequirement(wrongStatus)).errors).toEqual(['Expected ExecutionStatus="FAILED", got "SUCCEEDED"']);
  });
});
