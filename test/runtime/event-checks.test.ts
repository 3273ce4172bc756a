/**
 * withDurableExecution's checks of the invocation event (schema/execution.yaml `event`, generated as
 * durableExecutionEventIssue): every case the runtime throws a DurableValidationError for, with its exact
 * message, field and fix, in the schema's order; the events it accepts; and the first two
 * lines of the message, which are the reference SDK's own Error for a missing ARN or token.
 */
import { describe, expect, it } from "vitest";
import { withDurableExecution as referenceWith } from "@aws/durable-execution-sdk-js";
import { DurableExecutionInvocationInputWithClient, DurableValidationError, withDurableExecution } from "../../src/index.js";
import { ARN, FakeDurableService, lambdaContext } from "../support/fake-service.js";

const REFERENCE_LINES = "Unexpected payload provided to start the durable execution.\nCheck your resource configurations to confirm the durability is set.";
const FIX = "Invoke the function through the durable-execution service (or the local durable service), which sends DurableExecutionArn, CheckpointToken and InitialExecutionState.";
const missing = (field: string) => `${REFERENCE_LINES}\nThe event has no ${field}.`;
const notArray = `${REFERENCE_LINES}\nThe event's InitialExecutionState.Operations is not an array.`;

const valid = { DurableExecutionArn: "arn", CheckpointToken: "t", InitialExecutionState: { Operations: [] } };
const handler = withDurableExecution(async () => "done");
const refused = (event: unknown) => handler(event as never, lambdaContext).then(
  () => expect.unreachable("the event was accepted"),
  (error: unknown) => error,
);

const anObject = {};
const noPrototype = Object.create(null) as object;
const arrayLike = { length: 0 };

describe("an event withDurableExecution refuses: DurableValidationError, the reference's two lines, then what is wrong", () => {
  // The last column is the error's \`received\`: what the refused field holds (undefined when it is
  // missing or the event is not an object), never the whole event.
  it.each<[string, unknown, string, string, unknown]>([
    ["no event (undefined)", undefined, "DurableExecutionArn", missing("DurableExecutionArn"), undefined],
    ["a null event", null, "DurableExecutionArn", missing("DurableExecutionArn"), undefined],
    ["a string event", "x", "DurableExecutionArn", missing("DurableExecutionArn"), undefined],
    ["an empty object", {}, "DurableExecutionArn", missing("DurableExecutionArn"), undefined],
    ["no ARN", { ...valid, DurableExecutionArn: undefined }, "DurableExecutionArn", missing("DurableExecutionArn"), undefined],
    ["a null ARN", { ...valid, DurableExecutionArn: null }, "DurableExecutionArn", missing("DurableExecutionArn"), null],
    ["an empty ARN", { ...valid, DurableExecutionArn: "" }, "DurableExecutionArn", missing("DurableExecutionArn"), ""],
    // The ARN is checked first: an event missing both is refused for the ARN.
    ["no ARN and no token", { InitialExecutionState: { Operations: "x" } }, "DurableExecutionArn", missing("DurableExecutionArn"), undefined],
    ["no token", { ...valid, CheckpointToken: undefined }, "CheckpointToken", missing("CheckpointToken"), undefined],
    ["a null token", { ...valid, CheckpointToken: null }, "CheckpointToken", missing("CheckpointToken"), null],
    ["an empty token", { ...valid, CheckpointToken: "" }, "CheckpointToken", missing("CheckpointToken"), ""],
    ["a 0 token", { ...valid, CheckpointToken: 0 }, "CheckpointToken", missing("CheckpointToken"), 0],
    // The token before Operations.
    ["no token and Operations an object", { DurableExecutionArn: "arn", InitialExecutionState: { Operations: {} } }, "CheckpointToken", missing("CheckpointToken"), undefined],
    ["Operations an object", { ...valid, InitialExecutionState: { Operations: anObject } }, "InitialExecutionState.Operations", notArray, anObject],
    ["Operations an object without a prototype", { ...valid, InitialExecutionState: { Operations: noPrototype } }, "InitialExecutionState.Operations", notArray, noPrototype],
    ["Operations a string", { ...valid, InitialExecutionState: { Operations: "[]" } }, "InitialExecutionState.Operations", notArray, "[]"],
    ["Operations a number", { ...valid, InitialExecutionState: { Operations: 5 } }, "InitialExecutionState.Operations", notArray, 5],
    ["Operations false", { ...valid, InitialExecutionState: { Operations: false } }, "InitialExecutionState.Operations", notArray, false],
    ["Operations an array-like object", { ...valid, InitialExecutionState: { Operations: arrayLike } }, "InitialExecutionState.Operations", notArray, arrayLike],
  ])("%s", async (_label, event, field, message, received) => {
    const error = await refused(event);
    expect(error).toBeInstanceOf(DurableValidationError);
    expect(error).toMatchObject({ operation: "withDurableExecution", field: `event.${field}`, message, fix: FIX });
    expect((error as DurableValidationError).received).toBe(received);
  });

  it("the first two lines are the reference's Error for a missing ARN or token (its whole message)", async () => {
    const reference = referenceWith(async () => "done");
    for (const event of [undefined, null, {}, { ...valid, DurableExecutionArn: "" }, { ...valid, CheckpointToken: null }]) {
      const theirs = await reference(event as never, lambdaContext as never).then(() => undefined, (error: Error) => error.message);
      expect(theirs).toBe(REFERENCE_LINES);
      expect(((await refused(event)) as Error).message.startsWith(`${REFERENCE_LINES}\n`)).toBe(true);
    }
  });
});

describe("an event withDurableExecution accepts: Operations an array, or none (null, left out)", () => {
  it.each<[string, Record<string, unknown>]>([
    ["Operations an empty array", { Operations: [] }],
    ["Operations null", { Operations: null }],
    ["Operations left out", {}],
  ])("%s", async (_label, initialExecutionState) => {
    const service = new FakeDurableService({});
    const event = new DurableExecutionInvocationInputWithClient({ DurableExecutionArn: ARN, CheckpointToken: "token-1", InitialExecutionState: initialExecutionState as never }, service.client);
    expect(await handler(event, lambdaContext)).toMatchObject({ Status: "SUCCEEDED", Result: '"done"' });
  });

  it("InitialExecutionState null or left out: no operations", async () => {
    for (const initialExecutionState of [null, undefined]) {
      const service = new FakeDurableService({});
      const event = new DurableExecutionInvocationInputWithClient({ DurableExecutionArn: ARN, CheckpointToken: "token-1", InitialExecutionState: initialExecutionState as never }, service.client);
      expect(await handler(event, lambdaContext)).toMatchObject({ Status: "SUCCEEDED", Result: '"done"' });
    }
  });
});
