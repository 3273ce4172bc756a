import { describe, expect, it } from "vitest";
import { ERROR_FORBIDDEN_ACTIONS, LAST_IN_CHECKPOINT_OPERATION_TYPES, NO_STORED_OPERATION_TYPES, OPERATION_START_ACTION, OPERATION_TRANSITIONS, PARENT_OPERATION_TYPES, PAYLOAD_FORBIDDEN_ACTIONS, PAYLOAD_OR_ERROR_ACTIONS, type OperationUpdate, type UpdateOptionCheck } from "../../src/generated/index.js";
import { encodeCheckpointToken } from "../../src/local/tokens.js";
import { TokenSigner } from "../../src/local/token-signer.js";
import { createHarness, expectInvalid, step } from "./helpers.js";

const wait = (id: string, action: OperationUpdate["Action"], extra: Partial<OperationUpdate> = {}): OperationUpdate => ({
  Id: id,
  Type: "WAIT",
  SubType: "Wait",
  Action: action,
  WaitOptions: { WaitSeconds: 5 },
  ...extra,
});
const context = (id: string, action: OperationUpdate["Action"], extra: Partial<OperationUpdate> = {}): OperationUpdate => ({
  Id: id,
  Type: "CONTEXT",
  SubType: "RunInChildContext",
  Action: action,
  ...extra,
});
const callback = (id: string, action: OperationUpdate["Action"]): OperationUpdate => ({
  Id: id,
  Type: "CALLBACK",
  SubType: "Callback",
  Action: action,
  CallbackOptions: {},
});
const invoke = (id: string, action: OperationUpdate["Action"]): OperationUpdate => ({
  Id: id,
  Type: "CHAINED_INVOKE",
  SubType: "ChainedInvoke",
  Action: action,
  ChainedInvokeOptions: { FunctionName: "target" },
});
const execution = (action: OperationUpdate["Action"], extra: Partial<OperationUpdate> = {}): OperationUpdate => ({
  Id: "exec-result",
  Type: "EXECUTION",
  Action: action,
  ...extra,
});

describe("CheckpointDurableExecution: checkpoint tokens", () => {
  it("requires a token", () => {
    const h = createHarness();
    expectInvalid(() => h.store.checkpoint({ DurableExecutionArn: h.arn, CheckpointToken: "", Updates: [] }), /CheckpointToken is required/);
  });

  it("rejects a token that cannot be decoded", () => {
    const h = createHarness();
    expectInvalid(
      () => h.store.checkpoint({ DurableExecutionArn: h.arn, CheckpointToken: "not a token!", Updates: [] }),
      /^Invalid checkpoint token/,
    );
    expectInvalid(
      () => h.store.checkpoint({ DurableExecutionArn: h.arn, CheckpointToken: Buffer.from("{}").toString("base64url"), Updates: [] }),
      /^Invalid checkpoint token/,
    );
  });

  it("rejects a token minted for another execution", () => {
    const a = createHarness();
    const b = createHarness();
    expectInvalid(() => a.store.checkpoint({ DurableExecutionArn: a.arn, CheckpointToken: b.token, Updates: [] }), /^Invalid checkpoint token/);
    // Signed with the store's own secret but naming another execution: refused for the execution.
    const otherExecution = encodeCheckpointToken(a.store["signer"], { executionKey: "someone-else", seq: a.record.currentTokenSeq });
    expectInvalid(() => a.store.checkpoint({ DurableExecutionArn: a.arn, CheckpointToken: otherExecution, Updates: [] }), /^Invalid checkpoint token: the token belongs to another execution/);
    // The right data signed under another secret: refused as not issued by this service.
    const foreign = encodeCheckpointToken(new TokenSigner(), { executionKey: a.record.key, seq: a.record.currentTokenSeq });
    expectInvalid(() => a.store.checkpoint({ DurableExecutionArn: a.arn, CheckpointToken: foreign, Updates: [] }), /^Invalid checkpoint token: the token was not issued by this service/);
  });

  it("mints a new token per call and rejects reuse of a consumed token", () => {
    const h = createHarness();
    const first = h.token;
    const response = h.send([step("s1", "START")]);
    expect(response.CheckpointToken).toBeDefined();
    expect(response.CheckpointToken).not.toBe(first);
    expectInvalid(
      () => h.store.checkpoint({ DurableExecutionArn: h.arn, CheckpointToken: first, Updates: [step("s1", "SUCCEED")] }),
      /^Invalid checkpoint token: the token has already been used/,
    );
    // The current token still works.
    h.send([step("s1", "SUCCEED", { Payload: "1" })]);
  });

  it("rejects the previous invocation's token once a new invocation started", () => {
    const h = createHarness();
    h.send([wait("w1", "START")]);
    const stale = h.token;
    h.endInvocation();
    h.beginInvocation();
    expectInvalid(() => h.store.checkpoint({ DurableExecutionArn: h.arn, CheckpointToken: stale, Updates: [] }), /^Invalid checkpoint token/);
  });

  it("rejects any token once the execution has completed", () => {
    const h = createHarness();
    const token = h.token;
    h.endInvocation({ Status: "SUCCEEDED", Result: "1" });
    expectInvalid(
      () => h.store.checkpoint({ DurableExecutionArn: h.arn, CheckpointToken: token, Updates: [] }),
      /^Invalid checkpoint token: the execution has already completed/,
    );
    expectInvalid(
      () => h.store.getExecutionState({ DurableExecutionArn: h.arn, CheckpointToken: token }),
      /^Invalid checkpoint token/,
    );
  });

  it("answers an unknown execution ARN with ResourceNotFoundException", () => {
    const h = createHarness();
    expect(() => h.store.checkpoint({ DurableExecutionArn: "arn:nope", CheckpointToken: h.token, Updates: [] })).toThrow(
      expect.objectContaining({ name: "ResourceNotFoundException", $metadata: { httpStatusCode: 404 } }),
    );
  });

  it("does not consume the token or apply anything when the batch is invalid", () => {
    const h = createHarness();
    const token = h.token;
    expectInvalid(() => h.send([step("ok", "START"), step("bad", "CANCEL")]), /Invalid STEP action/);
    expect(h.token).toBe(token);
    expect(h.record.get("ok")).toBeUndefined();
    expect(h.events()).toHaveLength(1);
    h.send([step("ok", "START")]);
    expect(h.record.get("ok")?.op.Status).toBe("STARTED");
  });
});

describe("CheckpointDurableExecution: batch rules", () => {
  it("allows at most one EXECUTION update", () => {
    const h = createHarness();
    expectInvalid(() => h.send([execution("SUCCEED"), execution("SUCCEED")]), /At most one EXECUTION update/);
  });

  it("requires the EXECUTION update to be last", () => {
    const h = createHarness();
    expectInvalid(() => h.send([execution("SUCCEED", { Payload: "1" }), step("s1", "START")]), /EXECUTION update must be the last/);
    h.send([step("s1", "START"), execution("SUCCEED", { Payload: "1" })]);
  });

  it("requires an Id on every update", () => {
    const h = createHarness();
    expectInvalid(() => h.send([{ Type: "STEP", Action: "START" } as OperationUpdate]), /Every update needs an Id/);
    expectInvalid(() => h.send([step("", "START")]), /Every update needs an Id/);
  });

  it("requires a valid Type and Action", () => {
    const h = createHarness();
    expectInvalid(() => h.send([{ Id: "x", Action: "START" } as OperationUpdate]), /needs a valid Type/);
    expectInvalid(() => h.send([{ Id: "x", Type: "BOGUS", Action: "START" } as unknown as OperationUpdate]), /needs a valid Type/);
    expectInvalid(() => h.send([{ Id: "x", Type: "STEP" } as OperationUpdate]), /needs a valid Action/);
  });

  it("rejects an update whose Type differs from the existing operation", () => {
    const h = createHarness();
    h.send([step("s1", "START")]);
    expectInvalid(() => h.send([wait("s1", "CANCEL")]), /has Type WAIT but operation s1 is a STEP/);
  });

  it("allows a second update for one Id only as START then non-START of a STEP or CONTEXT", () => {
    const h = createHarness();
    h.send([step("s1", "START"), step("s1", "SUCCEED", { Payload: "1" })]);
    h.send([context("c1", "START"), context("c1", "SUCCEED", { Payload: "2" })]);
    h.send([step("s2", "START"), step("s2", "RETRY", { Error: { ErrorMessage: "x" }, StepOptions: { NextAttemptDelaySeconds: 1 } })]);
    expectInvalid(() => h.send([step("s3", "START"), step("s3", "START")]), /appears more than once/);
    expectInvalid(() => h.send([step("s4", "SUCCEED"), step("s4", "FAIL")]), /appears more than once/);
    expectInvalid(() => h.send([step("s5", "START"), step("s5", "FAIL"), step("s5", "FAIL")]), /appears more than once/);
    expectInvalid(() => h.send([wait("w1", "START"), wait("w1", "CANCEL")]), /appears more than once/);
    expectInvalid(() => h.send([callback("cb", "START"), callback("cb", "CANCEL")]), /appears more than once/);
    // The types in the message come from the transition table's afterStartInBatch rows.
    expectInvalid(
      () => h.send([invoke("ci", "START"), invoke("ci", "CANCEL")]),
      /^Operation ci appears more than once in the checkpoint; only a START followed by one non-START update of a STEP or CONTEXT may share an Id$/,
    );
  });

  it("requires ParentId to name an existing CONTEXT or one STARTed earlier in the batch", () => {
    const h = createHarness();
    expectInvalid(() => h.send([step("child", "START", { ParentId: "missing" })]), /ParentId missing of operation child must reference/);
    h.send([step("plain", "START")]);
    expectInvalid(() => h.send([step("child", "START", { ParentId: "plain" })]), /must reference an existing CONTEXT/);
    expectInvalid(
      () => h.send([step("child", "START", { ParentId: "ctx" }), context("ctx", "START")]),
      /must reference an existing CONTEXT/,
    );
    h.send([context("ctx", "START"), step("child", "START", { ParentId: "ctx" })]);
    h.send([step("child2", "START", { ParentId: "ctx" })]);
    expect(h.record.get("child2")?.op.ParentId).toBe("ctx");
  });

  it("rejects an update carrying an Error larger than 32768 bytes serialized", () => {
    const h = createHarness();
    const big = { ErrorType: "Big", ErrorMessage: "x".repeat(33_000) };
    expectInvalid(() => h.send([step("s1", "START"), step("s1", "FAIL", { Error: big })]), /must not exceed 32768 bytes/);
    const fits = { ErrorType: "Fits", ErrorMessage: "x".repeat(32_000) };
    h.send([step("s1", "START"), step("s1", "FAIL", { Error: fits })]);
    expect(h.record.get("s1")?.op.Status).toBe("FAILED");
  });
});

describe("CheckpointDurableExecution: valid actions per type", () => {
  const invalid: [OperationUpdate["Type"], OperationUpdate["Action"]][] = [
    ["STEP", "CANCEL"],
    ["CONTEXT", "RETRY"],
    ["CONTEXT", "CANCEL"],
    ["WAIT", "SUCCEED"],
    ["WAIT", "FAIL"],
    ["WAIT", "RETRY"],
    ["CALLBACK", "SUCCEED"],
    ["CALLBACK", "FAIL"],
    ["CALLBACK", "RETRY"],
    ["CHAINED_INVOKE", "SUCCEED"],
    ["CHAINED_INVOKE", "FAIL"],
    ["CHAINED_INVOKE", "RETRY"],
    ["EXECUTION", "START"],
    ["EXECUTION", "RETRY"],
    ["EXECUTION", "CANCEL"],
  ];
  it.each(invalid)("rejects %s %s", (type, action) => {
    const h = createHarness();
    expectInvalid(() => h.send([{ Id: "op", Type: type, Action: action }]), new RegExp(`Invalid ${type} action: ${action}`));
  });
});

describe("CheckpointDurableExecution: status transitions", () => {
  it("STEP START only if new or READY", () => {
    const h = createHarness();
    h.send([step("s1", "START")]);
    expectInvalid(() => h.send([step("s1", "START")]), /Invalid current STEP state to start: operation s1 is STARTED/);
    h.send([step("s1", "SUCCEED", { Payload: "1" })]);
    expectInvalid(() => h.send([step("s1", "START")]), /Invalid current STEP state to start: operation s1 is SUCCEEDED/);
    h.send([step("s2", "RETRY", { Error: { ErrorMessage: "boom" }, StepOptions: { NextAttemptDelaySeconds: 1 } })]);
    expectInvalid(() => h.send([step("s2", "START")]), /operation s2 is PENDING/);
    h.endInvocation();
    h.clock.advanceBy(1000);
    h.store.fireDueTimers();
    expect(h.record.get("s2")?.op.Status).toBe("READY");
    h.beginInvocation();
    h.send([step("s2", "START")]);
  });

  it("STEP SUCCEED/FAIL only if new, STARTED or READY", () => {
    const h = createHarness();
    h.send([step("new-succeed", "SUCCEED", { Payload: "1" })]);
    h.send([step("new-fail", "FAIL", { Error: { ErrorMessage: "x" } })]);
    expectInvalid(() => h.send([step("new-succeed", "SUCCEED")]), /Invalid current STEP state to close: operation new-succeed is SUCCEEDED/);
    expectInvalid(() => h.send([step("new-fail", "FAIL")]), /Invalid current STEP state to close: operation new-fail is FAILED/);
    h.send([step("p", "RETRY", { Error: { ErrorMessage: "x" }, StepOptions: { NextAttemptDelaySeconds: 1 } })]);
    expectInvalid(() => h.send([step("p", "SUCCEED")]), /operation p is PENDING/);
  });

  it("STEP RETRY only if new, STARTED or READY, with StepOptions and not both Error and Payload", () => {
    const h = createHarness();
    h.send([step("s1", "START")]);
    expectInvalid(() => h.send([step("s1", "RETRY", { Error: { ErrorMessage: "x" } })]), /STEP RETRY update requires StepOptions/);
    expectInvalid(
      () => h.send([step("s1", "RETRY", { Error: { ErrorMessage: "x" }, Payload: "1", StepOptions: { NextAttemptDelaySeconds: 1 } })]),
      /must not carry both an Error and a Payload/,
    );
    expectInvalid(
      () => h.send([step("s1", "RETRY", { StepOptions: { NextAttemptDelaySeconds: -1 } })]),
      /Invalid StepOptions.NextAttemptDelaySeconds/,
    );
    h.send([step("s1", "RETRY", { Error: { ErrorMessage: "x" }, StepOptions: { NextAttemptDelaySeconds: 1 } })]);
    expectInvalid(
      () => h.send([step("s1", "RETRY", { StepOptions: { NextAttemptDelaySeconds: 1 } })]),
      /Invalid current STEP state to retry: operation s1 is PENDING/,
    );
    h.send([step("done", "SUCCEED")]);
    expectInvalid(() => h.send([step("done", "RETRY", { StepOptions: {} })]), /operation done is SUCCEEDED/);
  });

  it("CONTEXT START only if new; SUCCEED/FAIL only if new or STARTED", () => {
    const h = createHarness();
    h.send([context("c1", "START")]);
    expectInvalid(() => h.send([context("c1", "START")]), /Invalid current CONTEXT state to start: operation c1 is STARTED/);
    h.send([context("c1", "FAIL", { Error: { ErrorMessage: "x" } })]);
    expectInvalid(() => h.send([context("c1", "SUCCEED")]), /Invalid current CONTEXT state to close: operation c1 is FAILED/);
    h.send([context("c2", "SUCCEED", { Payload: "1" })]);
    expect(h.record.get("c2")?.op.Status).toBe("SUCCEEDED");
  });

  it("WAIT, CALLBACK and CHAINED_INVOKE START only if new", () => {
    const h = createHarness({ functions: { target: { kind: "plain" } } });
    h.send([wait("w", "START"), callback("cb", "START"), invoke("inv", "START")]);
    expectInvalid(() => h.send([wait("w", "START")]), /Cannot start a WAIT that already exists/);
    expectInvalid(() => h.send([callback("cb", "START")]), /Cannot start a CALLBACK that already exists/);
    expectInvalid(() => h.send([invoke("inv", "START")]), /Cannot start a CHAINED_INVOKE that already exists/);
  });

  it("CANCEL only if STARTED", () => {
    const h = createHarness({ functions: { target: { kind: "plain" } } });
    expectInvalid(() => h.send([wait("w", "CANCEL")]), /Cannot cancel a WAIT that is not STARTED: operation w is new/);
    expectInvalid(() => h.send([callback("cb", "CANCEL")]), /Cannot cancel a CALLBACK that is not STARTED/);
    expectInvalid(() => h.send([invoke("inv", "CANCEL")]), /Cannot cancel a CHAINED_INVOKE that is not STARTED/);
    h.send([wait("w", "START", { WaitOptions: { WaitSeconds: 1 } })]);
    h.endInvocation();
    h.clock.advanceBy(1000);
    h.store.fireDueTimers();
    h.beginInvocation();
    expectInvalid(() => h.send([wait("w", "CANCEL")]), /operation w is SUCCEEDED/);
    h.send([callback("cb", "START")]);
    h.send([callback("cb", "CANCEL")]);
    expect(h.record.get("cb")?.op.Status).toBe("CANCELLED");
  });

  it("FAIL must not carry a Payload", () => {
    const h = createHarness();
    expectInvalid(() => h.send([step("s", "FAIL", { Payload: "1" })]), /FAIL update must not carry a Payload/);
    expectInvalid(() => h.send([context("c", "FAIL", { Payload: "1" })]), /FAIL update must not carry a Payload/);
    expectInvalid(() => h.send([execution("FAIL", { Payload: "1" })]), /FAIL update must not carry a Payload/);
  });

  it("SUCCEED must not carry an Error", () => {
    const h = createHarness();
    const error = { ErrorMessage: "x" };
    expectInvalid(() => h.send([step("s", "SUCCEED", { Error: error })]), /SUCCEED update must not carry an Error/);
    expectInvalid(() => h.send([context("c", "SUCCEED", { Error: error })]), /SUCCEED update must not carry an Error/);
    expectInvalid(() => h.send([execution("SUCCEED", { Error: error })]), /SUCCEED update must not carry an Error/);
  });

  it("what an update may carry is a flag of its action (enums.yaml OperationAction flags), the same for every type", () => {
    expect([...PAYLOAD_FORBIDDEN_ACTIONS]).toEqual(["FAIL"]);
    expect([...ERROR_FORBIDDEN_ACTIONS]).toEqual(["SUCCEED"]);
    expect([...PAYLOAD_OR_ERROR_ACTIONS]).toEqual(["RETRY"]);
    const h = createHarness();
    // The other actions take either or both: a START with a Payload (a waitForCondition's state) and no Error is fine.
    h.send([step("s", "START", { Payload: "1" })]);
    expect(h.record.get("s")?.op.Status).toBe("STARTED");
  });

  it("START of WAIT / CHAINED_INVOKE needs its options", () => {
    const h = createHarness();
    expectInvalid(() => h.send([wait("w", "START", { WaitOptions: undefined })]), /requires WaitOptions.WaitSeconds/);
    expectInvalid(() => h.send([wait("w", "START", { WaitOptions: { WaitSeconds: -2 } })]), /requires WaitOptions.WaitSeconds/);
    expectInvalid(
      () => h.send([{ ...invoke("i", "START"), ChainedInvokeOptions: undefined }]),
      /requires ChainedInvokeOptions.FunctionName/,
    );
    expectInvalid(
      () => h.send([{ ...callback("cb", "START"), CallbackOptions: { TimeoutSeconds: -1 } }]),
      /Invalid CallbackOptions.TimeoutSeconds/,
    );
  });
});

/** `text` as a RegExp matching exactly it (expectInvalid takes a pattern). */
const exactly = (text: string): RegExp => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

describe("CheckpointDurableExecution: the options an update carries (schema/transitions.yaml `options`)", () => {
  it("the rows that carry options, and the fields each checks, are the schema's", () => {
    const rows = Object.entries(OPERATION_TRANSITIONS).flatMap(([type, actions]) =>
      Object.entries(actions).flatMap(([action, row]) =>
        "options" in row ? [`${type} ${action}: ${row.options.field}${"required" in row.options ? " (required)" : ""} ${row.options.checks.map((c: UpdateOptionCheck) => c.field).join(", ")}`] : [],
      ),
    );
    expect(rows).toEqual([
      "STEP RETRY: StepOptions (required) NextAttemptDelaySeconds",
      "WAIT START: WaitOptions WaitSeconds",
      "CALLBACK START: CallbackOptions TimeoutSeconds, HeartbeatTimeoutSeconds",
      "CHAINED_INVOKE START: ChainedInvokeOptions FunctionName",
    ]);
  });

  it("a STEP RETRY without StepOptions, or with a negative delay, is refused with its exact message", () => {
    const h = createHarness();
    expectInvalid(() => h.send([step("s", "RETRY", { Error: { ErrorMessage: "x" } })]), exactly("A STEP RETRY update requires StepOptions (operation s)"));
    expectInvalid(() => h.send([step("s", "RETRY", { StepOptions: null as unknown as undefined })]), exactly("A STEP RETRY update requires StepOptions (operation s)"));
    expectInvalid(
      () => h.send([step("s", "RETRY", { StepOptions: { NextAttemptDelaySeconds: -0.5 } })]),
      exactly("Invalid StepOptions.NextAttemptDelaySeconds: operation s must give a non-negative number of seconds"),
    );
    expectInvalid(
      () => h.send([step("s", "RETRY", { StepOptions: { NextAttemptDelaySeconds: "5" as unknown as number } })]),
      exactly("Invalid StepOptions.NextAttemptDelaySeconds: operation s must give a non-negative number of seconds"),
    );
    // The delay may be left out (or null): the retry is due at once.
    h.send([step("s", "RETRY", { StepOptions: {} })]);
    h.send([step("t", "RETRY", { StepOptions: { NextAttemptDelaySeconds: null as unknown as number } })]);
    h.send([step("u", "RETRY", { StepOptions: { NextAttemptDelaySeconds: 0 } })]);
    expect(["s", "t", "u"].map((id) => h.record.get(id)?.op.Status)).toEqual(["PENDING", "PENDING", "PENDING"]);
  });

  it("a WAIT START needs a non-negative WaitSeconds: missing, null, negative or not a number are one message", () => {
    const h = createHarness();
    const message = exactly("A WAIT START update requires WaitOptions.WaitSeconds, a non-negative number (operation w)");
    for (const WaitOptions of [undefined, {}, { WaitSeconds: null }, { WaitSeconds: -1 }, { WaitSeconds: "5" }]) {
      expectInvalid(() => h.send([wait("w", "START", { WaitOptions: WaitOptions as OperationUpdate["WaitOptions"] })]), message);
    }
    h.send([wait("w", "START", { WaitOptions: { WaitSeconds: 0 } })]);
    expect(h.record.get("w")?.op.Status).toBe("STARTED");
  });

  it("a CALLBACK START may leave its options out, but not give a negative timeout or heartbeat", () => {
    const h = createHarness();
    expectInvalid(
      () => h.send([{ ...callback("cb", "START"), CallbackOptions: { TimeoutSeconds: 10, HeartbeatTimeoutSeconds: -1 } }]),
      exactly("Invalid CallbackOptions.HeartbeatTimeoutSeconds: operation cb must give a non-negative number of seconds"),
    );
    // Both wrong: the first field checked (the schema's order) is the one reported.
    expectInvalid(
      () => h.send([{ ...callback("cb", "START"), CallbackOptions: { TimeoutSeconds: -1, HeartbeatTimeoutSeconds: -1 } }]),
      exactly("Invalid CallbackOptions.TimeoutSeconds: operation cb must give a non-negative number of seconds"),
    );
    h.send([{ ...callback("a", "START"), CallbackOptions: undefined }]);
    h.send([{ ...callback("b", "START"), CallbackOptions: { TimeoutSeconds: null as unknown as number } }]);
    expect(["a", "b"].map((id) => h.record.get(id)?.op.Status)).toEqual(["STARTED", "STARTED"]);
  });

  it("a CHAINED_INVOKE START needs a FunctionName of at least one character", () => {
    const h = createHarness();
    const message = exactly("A CHAINED_INVOKE START update requires ChainedInvokeOptions.FunctionName (operation i)");
    for (const ChainedInvokeOptions of [undefined, {}, { FunctionName: "" }, { FunctionName: 7 }]) {
      expectInvalid(() => h.send([{ ...invoke("i", "START"), ChainedInvokeOptions: ChainedInvokeOptions as OperationUpdate["ChainedInvokeOptions"] }]), message);
    }
  });

  it("options are checked after the status rule of the row", () => {
    const h = createHarness();
    h.send([wait("w", "START")]);
    expectInvalid(() => h.send([wait("w", "START", { WaitOptions: undefined })]), /^Cannot start a WAIT that already exists/);
  });
});

describe("CheckpointDurableExecution: the batch rules of operation types (enums.yaml OperationType flags)", () => {
  it("EXECUTION is the type whose update comes once and last, CONTEXT the type a ParentId names", () => {
    expect([...LAST_IN_CHECKPOINT_OPERATION_TYPES]).toEqual(["EXECUTION"]);
    expect([...PARENT_OPERATION_TYPES]).toEqual(["CONTEXT"]);
  });

  it("two EXECUTION updates are refused before either is looked at, whatever their actions", () => {
    const h = createHarness();
    expectInvalid(() => h.send([execution("START"), execution("SUCCEED", { Payload: "1" })]), exactly("At most one EXECUTION update is allowed per checkpoint"));
    expectInvalid(() => h.send([step("s", "START"), execution("FAIL"), execution("SUCCEED")]), exactly("At most one EXECUTION update is allowed per checkpoint"));
    expectInvalid(() => h.send([execution("FAIL"), step("s", "START")]), exactly("The EXECUTION update must be the last update of the checkpoint"));
  });

  it("an EXECUTION update never refers to a stored operation: its Id is not looked up (NO_STORED_OPERATION_TYPES)", () => {
    expect([...NO_STORED_OPERATION_TYPES]).toEqual(["EXECUTION"]);
    const h = createHarness();
    h.send([step("s", "START"), step("s", "SUCCEED", { Payload: "1" })]);
    // The Id of a stored STEP: no type mismatch, and no status rule (the row accepts any status).
    h.send([execution("SUCCEED", { Id: "s", Payload: "2" })]);
    expect(h.record.get("s")!.op).toMatchObject({ Type: "STEP", Status: "SUCCEEDED" });
  });

  it("only an operation first STARTed in the batch may be named as ParentId or updated again there (OPERATION_START_ACTION)", () => {
    expect(OPERATION_START_ACTION).toBe("START");
    const h = createHarness();
    h.send([context("p", "START"), step("c", "START", { ParentId: "p" }), context("p", "SUCCEED", { Payload: "1" })]);
    expect(h.record.get("c")!.op.ParentId).toBe("p");
    expectInvalid(() => h.send([step("s", "SUCCEED", { Payload: "1" }), step("s", "SUCCEED", { Payload: "1" })]), /^Operation s appears more than once/);
  });

  it("a ParentId naming an operation of another type, or a CONTEXT first closed in the batch, is refused", () => {
    const h = createHarness();
    h.send([wait("w", "START")]);
    const message = (parent: string) => exactly(`ParentId ${parent} of operation c must reference an existing CONTEXT operation or a CONTEXT started earlier in the same checkpoint`);
    expectInvalid(() => h.send([step("c", "START", { ParentId: "w" })]), message("w"));
    expectInvalid(() => h.send([step("s", "START"), step("c", "START", { ParentId: "s" })]), message("s"));
    expectInvalid(() => h.send([context("x", "SUCCEED", { Payload: "1" }), step("c", "START", { ParentId: "x" })]), message("x"));
  });
});
