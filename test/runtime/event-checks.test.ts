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

describe("an event withDurableExecution refuses: DurableValidationError, the reference's two lines, then what is wrong", () => {
  it.each<[string, unknown, string, string]>([
    ["no event (undefined)", undefined, "DurableExecutionArn", missing("DurableExecutionArn")],
    ["a null event", null, "DurableExecutionArn", missing("DurableExecutionArn")],
    ["a string event", "x", "DurableExecutionArn", missing("DurableExecutionArn")],
    ["an empty object", {}, "DurableExecutionArn", missing("DurableExecutionArn")],
    ["no ARN", { ...valid, DurableExecutionArn: undefined }, "DurableExecutionArn", missing("DurableExecutionArn")],
    ["a null ARN", { ...valid, DurableExecutionArn: null }, "DurableExecutionArn", missing("DurableExecutionArn")],
    ["an empty ARN", { ...valid, DurableExecutionArn: "" }, "DurableExecutionArn", missing("DurableExecutionArn")],
    // The ARN is checked first: an event missing both is refused for the ARN.
    ["no ARN and no token", { InitialExecutionState: { Operations: "x" } }, "DurableExecutionArn", missing("DurableExecutionArn")],
    ["no token", { ...valid, CheckpointToken: undefined }, "CheckpointToken", missing("CheckpointToken")],
    ["a null token", { ...valid, CheckpointToken: null }, "CheckpointToken", missing("CheckpointToken")],
    ["an empty token", { ...valid, CheckpointToken: "" }, "CheckpointToken", missing("CheckpointToken")],
    ["a 0 token", { ...valid, CheckpointToken: 0 }, "CheckpointToken", missing("CheckpointToken")],
    // The token before Operations.
    ["no token and Operations an object", { DurableExecutionArn: "arn", InitialExecutionState: { Operations: {} } }, "CheckpointToken", missing("CheckpointToken")],
    ["Operations an object", { ...valid, InitialExecutionState: { Operations: {} } }, "InitialExecutionState.Operations", notArray],
    ["Operations an object without a prototype", { ...valid, InitialExecutionState: { Operations: Object.create(null) } }, "InitialExecutionState.Operations", notArray],
    ["Operations a string", { ...valid, InitialExecutionState: { Operations: "[]" } }, "InitialExecutionState.Operations", notArray],
    ["Operations a number", { ...valid, InitialExecutionState: { Operations: 5 } }, "InitialExecutionState.Operations", notArray],
    ["Operations false", { ...valid, InitialExecutionState: { Operations: false } }, "InitialExecutionState.Operations", notArray],
    ["Operations an array-like object", { ...valid, InitialExecutionState: { Operations: { length: 0 } } }, "InitialExecutionState.Operations", notArray],
  ])("%s", async (_label, event, field, message) => {
    const error = await refused(event);
    expect(error).toBeInstanceOf(DurableValidationError);
    expect(error).toMatchObject({ operation: "withDurableExecution", field: `event.${field}`, message, fix: FIX });
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
