// An instrumentation plugin and its provider module, written against the reference's plugin API
// (types, constants and config), as a plugin package for @aws/durable-execution-sdk-js would be.
import {
  AttemptEndInfoOutcome,
  DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
  PluginInvocationStatus,
  PluginLoadError,
  PluginOperationStatus,
  withDurableExecution,
  type AttemptEndInfo,
  type AttemptInfo,
  type DurableExecutionInvocationOutput,
  type DurableInstrumentationPlugin,
  type DurableInstrumentationPluginProvider,
  type DurableInstrumentationPluginType,
  type InvocationEndInfo,
  type InvocationInfo,
  type OperationChangeInfo,
  type OperationEndInfo,
  type OperationInfo,
} from "@aws/durable-execution-sdk-js";

type CustomerFn = Parameters<NonNullable<DurableInstrumentationPlugin["wrapOperationAttemptFn"]>>[1];
type CustomerFnResult = ReturnType<CustomerFn>;

export class TimingPlugin implements DurableInstrumentationPlugin {
  readonly lines: string[] = [];
  private started = new Map<string, number>();

  async onInvocationStart(info: InvocationInfo): Promise<void> {
    const updated: OperationInfo[] = Object.values(info.updatedOperations);
    this.lines.push(`${info.requestId} ${info.executionArn} first=${info.isFirstInvocation} updated=${updated.length}`);
  }
  async wrapInvocation(info: InvocationInfo, fn: () => Promise<DurableExecutionInvocationOutput>): Promise<DurableExecutionInvocationOutput> {
    const output = await fn();
    this.lines.push(`${info.executionArn} -> ${output.Status}`);
    return output;
  }
  async onInvocationEnd(info: InvocationEndInfo): Promise<void> {
    const final = info.status === PluginInvocationStatus.SUCCEEDED || info.status === PluginInvocationStatus.FAILED;
    this.lines.push(`end ${info.status} final=${final} ${info.executionError?.message ?? ""} ${String(info.executionResult)}`);
  }
  async onOperationStart(info: OperationInfo): Promise<void> {
    if (!info.isReplay) this.started.set(info.id, Date.now());
  }
  wrapChildContextFn(info: OperationInfo, fn: CustomerFn): CustomerFnResult {
    this.lines.push(`child ${info.name ?? info.id} ${info.subType ?? ""} parent=${info.parentId ?? "-"}`);
    return fn();
  }
  async onOperationEnd(info: OperationEndInfo): Promise<void> {
    const failed = info.status === PluginOperationStatus.FAILED || info.status === PluginOperationStatus.TIMED_OUT;
    const took = info.endTimestamp && info.startTimestamp ? info.endTimestamp.getTime() - info.startTimestamp.getTime() : undefined;
    this.lines.push(`${info.type} ${info.name ?? info.id} failed=${failed} took=${took ?? "?"} ${info.error?.message ?? info.result ?? ""}`);
  }
  async onOperationAttemptStart(info: AttemptInfo): Promise<void> {
    this.lines.push(`attempt ${info.attempt} of ${info.name ?? info.id}`);
  }
  wrapOperationAttemptFn(info: AttemptInfo, fn: CustomerFn): CustomerFnResult {
    return info.attempt > 0 ? fn() : undefined;
  }
  async onOperationAttemptEnd(info: AttemptEndInfo): Promise<void> {
    const retried = info.outcome === AttemptEndInfoOutcome.FAILED;
    this.lines.push(`attempt ${info.attempt} ${info.outcome} retried=${retried}`);
  }
  async onOperationChange(info: OperationChangeInfo): Promise<void> {
    const statuses = Object.values(info.updatedOperations).map((op) => op.status);
    this.lines.push(`${info.executionArn} changed ${statuses.join(",")} of ${Object.keys(info.operations).length}`);
  }
  enrichLogContext(): Record<string, string | number | boolean> | undefined {
    return { plugin: "timing", tracked: this.started.size, enabled: true };
  }
}

const pluginType: DurableInstrumentationPluginType<TimingPlugin> = TimingPlugin;

export const durableExecutionPluginProvider: DurableInstrumentationPluginProvider<TimingPlugin> = {
  pluginApiVersion: DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
  pluginType,
  createPlugin: () => new TimingPlugin(),
};

export const isLoadError = (error: unknown): boolean => error instanceof PluginLoadError && error.message.length > 0;

export const instrumented = withDurableExecution(async (_event: unknown, context) => context.step("hello", async () => "hi"), {
  plugins: [durableExecutionPluginProvider.createPlugin(), { async onOperationEnd() {} }],
  pluginsConfig: { childOperationsDepth: 2 },
});

export const wholeTree = withDurableExecution(async () => "done", { pluginsConfig: { childOperationsDepth: Infinity } });
