/**
 * A plugin that records every hook call with the fields both SDKs must agree on. Ids that legitimately
 * differ (request ids, ARNs) and timestamps (only their presence is kept) are normalised away;
 * operation ids, names, types, subtypes, statuses, attempts, isReplay, isFirstInvocation and
 * updatedOperations keys are kept exactly.
 */
type Info = Record<string, any>;

export type Recorded = [hook: string, fields: Record<string, unknown>];

const present = (value: unknown) => (value instanceof Date ? "date" : value === undefined ? undefined : typeof value);

function operation(info: Info): Record<string, unknown> {
  return clean({
    id: info.id,
    name: info.name,
    type: info.type,
    subType: info.subType,
    parentId: info.parentId,
    status: info.status,
    attempt: info.attempt,
    isReplay: info.isReplay,
    outcome: info.outcome,
    result: info.result,
    error: info.error ? `${info.error.message}` : undefined,
    startTimestamp: present(info.startTimestamp),
    endTimestamp: present(info.endTimestamp),
  });
}

function clean(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

/** The EXECUTION operation's id is a per-run UUID chosen by each runner: shown as "EXECUTION". */
const idOf = (id: string, info: Info | undefined) => (info?.type === "EXECUTION" ? "EXECUTION" : id);
const keys = (map: Info | undefined) => Object.keys(map ?? {}).map((k) => idOf(k, map![k])).sort();
const statuses = (map: Info | undefined) =>
  Object.fromEntries(
    Object.keys(map ?? {})
      .map((k) => [idOf(k, map![k]), map![k].status] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );

function invocation(info: Info): Record<string, unknown> {
  return clean({
    requestId: typeof info.requestId,
    executionArn: typeof info.executionArn,
    executionInput: info.executionInput,
    executionStartTimestamp: present(info.executionStartTimestamp),
    operations: statuses(info.operations),
    isFirstInvocation: info.isFirstInvocation,
    updatedOperations: info.updatedOperations ? keys(info.updatedOperations) : undefined,
    status: info.status,
    executionResult: info.executionResult,
    executionError: info.executionError ? `${info.executionError.message}` : undefined,
  });
}

/** Creates a recording plugin (works with either SDK: it only uses the hook names). */
export function recordingPlugin(label = "", events: Recorded[] = []) {
  const push = (hook: string, fields: Record<string, unknown>) => events.push([label + hook, fields]);
  const plugin = {
    events,
    async onInvocationStart(info: Info) {
      push("onInvocationStart", invocation(info));
    },
    wrapInvocation(info: Info, fn: () => Promise<unknown>) {
      push("wrapInvocation", { isFirstInvocation: info.isFirstInvocation });
      return fn();
    },
    async onInvocationEnd(info: Info) {
      push("onInvocationEnd", invocation(info));
    },
    async onOperationStart(info: Info) {
      push("onOperationStart", operation(info));
    },
    wrapChildContextFn(info: Info, fn: () => unknown) {
      push("wrapChildContextFn", operation(info));
      return fn();
    },
    async onOperationEnd(info: Info) {
      push("onOperationEnd", operation(info));
    },
    async onOperationAttemptStart(info: Info) {
      push("onOperationAttemptStart", operation(info));
    },
    wrapOperationAttemptFn(info: Info, fn: () => unknown) {
      push("wrapOperationAttemptFn", operation(info));
      return fn();
    },
    async onOperationAttemptEnd(info: Info) {
      push("onOperationAttemptEnd", operation(info));
    },
    async onOperationChange(info: Info) {
      push("onOperationChange", { updated: statuses(info.updatedOperations), operations: keys(info.operations) });
    },
  };
  return plugin;
}

/** A plugin whose every hook fails: sync throws for some, async rejections for others, wrappers throw before calling fn. */
export function throwingPlugin() {
  const boom = () => {
    throw new Error("plugin bug");
  };
  const reject = async () => {
    throw new Error("plugin bug (async)");
  };
  return {
    onInvocationStart: boom,
    onInvocationEnd: reject,
    onOperationStart: reject,
    onOperationEnd: boom,
    onOperationAttemptStart: boom,
    onOperationAttemptEnd: reject,
    onOperationChange: boom,
    wrapInvocation: boom,
    wrapChildContextFn: boom,
    wrapOperationAttemptFn: boom,
    enrichLogContext: boom,
  };
}
