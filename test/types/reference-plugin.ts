/**
 * A plugin written for the reference SDK: typed only against `@aws/durable-execution-sdk-js`'s plugin
 * types, implementing every hook. It records what each hook is told (ids that differ from run to run —
 * request ids, ARNs, the EXECUTION operation's UUID — and timestamps, of which only presence is kept,
 * are normalised). `npm run typecheck` compiles it and passes it to our `withDurableExecution`
 * (test/types/reference-plugin-on-ours.ts); test/plugins/reference-plugin.test.ts runs it on both SDKs.
 */
import type {
  AttemptEndInfo,
  AttemptInfo,
  DurableExecutionInvocationOutput,
  DurableInstrumentationPlugin,
  InvocationEndInfo,
  InvocationInfo,
  OperationChangeInfo,
  OperationEndInfo,
  OperationInfo,
  PluginInvocationStatus,
} from "@aws/durable-execution-sdk-js";

export type ReferenceHookCall = [hook: string, fields: Record<string, unknown>];

const presence = (value: Date | undefined): string | undefined => (value === undefined ? undefined : value instanceof Date ? "date" : typeof value);
const defined = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));

function operationFields(info: OperationInfo): Record<string, unknown> {
  const id = info.type === "EXECUTION" ? "EXECUTION" : info.id;
  return defined({
    id,
    parentId: info.parentId,
    name: info.name,
    type: info.type,
    subType: info.subType,
    status: info.status,
    isReplay: info.isReplay,
    startTimestamp: presence(info.startTimestamp),
  });
}

const operationKeys = (operations: Record<string, OperationInfo>) =>
  Object.values(operations)
    .map((op) => `${op.type === "EXECUTION" ? "EXECUTION" : op.id}:${op.status}`)
    .sort();

export class ReferenceTypedPlugin implements DurableInstrumentationPlugin {
  readonly statuses: PluginInvocationStatus[] = [];
  constructor(private readonly calls: ReferenceHookCall[]) {}

  async onInvocationStart(info: InvocationInfo): Promise<void> {
    this.calls.push(["onInvocationStart", { first: info.isFirstInvocation, operations: operationKeys(info.operations) }]);
  }

  async wrapInvocation(info: InvocationInfo, fn: () => Promise<DurableExecutionInvocationOutput>): Promise<DurableExecutionInvocationOutput> {
    this.calls.push(["wrapInvocation:before", { first: info.isFirstInvocation }]);
    const output = await fn();
    this.calls.push(["wrapInvocation:after", { status: output.Status }]);
    return output;
  }

  async onInvocationEnd(info: InvocationEndInfo): Promise<void> {
    this.statuses.push(info.status);
    this.calls.push(["onInvocationEnd", defined({ status: info.status, result: info.executionResult, error: info.executionError?.message })]);
  }

  async onOperationStart(info: OperationInfo): Promise<void> {
    this.calls.push(["onOperationStart", operationFields(info)]);
  }

  wrapChildContextFn(info: OperationInfo, fn: () => unknown): unknown {
    this.calls.push(["wrapChildContextFn", operationFields(info)]);
    return fn();
  }

  async onOperationEnd(info: OperationEndInfo): Promise<void> {
    this.calls.push(["onOperationEnd", { ...operationFields(info), ...defined({ result: info.result, error: info.error?.message, endTimestamp: presence(info.endTimestamp) }) }]);
  }

  async onOperationAttemptStart(info: AttemptInfo): Promise<void> {
    this.calls.push(["onOperationAttemptStart", { ...operationFields(info), attempt: info.attempt }]);
  }

  wrapOperationAttemptFn(info: AttemptInfo, fn: () => unknown): unknown {
    this.calls.push(["wrapOperationAttemptFn", { id: info.id, attempt: info.attempt }]);
    return fn();
  }

  async onOperationAttemptEnd(info: AttemptEndInfo): Promise<void> {
    this.calls.push(["onOperationAttemptEnd", { ...operationFields(info), attempt: info.attempt, ...defined({ outcome: info.outcome, error: info.error?.message }) }]);
  }

  async onOperationChange(info: OperationChangeInfo): Promise<void> {
    this.calls.push(["onOperationChange", { operations: operationKeys(info.updatedOperations) }]);
  }

  enrichLogContext(): Record<string, string | number | boolean> {
    return { plugin: "reference-typed" };
  }
}
