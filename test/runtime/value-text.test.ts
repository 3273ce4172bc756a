/**
 * One policy for writing a value the user gave into a validation message (src/runtime/text.ts): the
 * generated describeReceived. The same bad value gets the same description in a retry option's message
 * (hand-written, retry/config-checks.ts), a preview's and a file-system serdes' option message
 * (serdes/preview.ts, serdes/filesystem-serdes.ts), withRetry's, the Duration rule's (generated), a
 * generated argument validator's ("(received …)", the failed invocation's ErrorMessage) and an invocation
 * check's (generated, schema/execution.yaml). Each used to have its own ("-1" or "number -1", "an array"
 * or "an array of 2", "object" or "an object with a, b", "string x" or "\"x\"").
 *
 * And a thrown value's own text (thrownText): String() as the reference writes it, never throwing.
 */
import { describe, expect, it } from "vitest";
import { buildPreview, createFileSystemSerdes, createRetryStrategy, createWaitStrategy, DurableValidationError, withRetry } from "../../src/index.js";
import { describeReceived } from "../../src/generated/index.js";
import { thrownText } from "../../src/runtime/text.js";
import { FakeDurableService, lambdaContext, runToCompletion } from "../support/fake-service.js";
import { ours } from "../support/sdks.js";
import { rejectedError } from "../support/validation.js";

const boom = (): never => {
  throw new Error("user boom");
};
const LONG = "abcdefghij".repeat(5);

/** Each value, refused at every site below, and the one description every message gives it. */
const VALUES: [label: string, make: () => unknown, described: string][] = [
  ["a string", () => "x", '"x"'],
  ["a long string", () => LONG, `"${LONG.slice(0, 40)}…"`],
  ["a negative number", () => -1, "number -1"],
  ["NaN", () => NaN, "number NaN"],
  ["a bigint", () => 10n, "bigint 10"],
  ["a symbol", () => Symbol("s"), "symbol Symbol(s)"],
  ["null", () => null, "null"],
  ["an array", () => [1, 2], "an array of 2"],
  ["an object", () => ({ a: 1, b: 2 }), "an object with a, b"],
  ["an empty object", () => ({}), "an empty object"],
  ["an object without a prototype", () => Object.assign(Object.create(null) as object, { n: 1 }), "an object with n"],
  ["a function", () => () => 1, "a function"],
  // An instance of a class is named by its class: a Set's or a Date's own keys are none, a Buffer's are its indexes.
  ["a Set", () => new Set([1]), "a Set"],
  ["a Map", () => new Map([["a", 1]]), "a Map"],
  ["a Date", () => new Date(0), "a Date"],
  ["a Buffer", () => Buffer.from("ab"), "a Buffer"],
  // "a" before a U that sounds as "you", "an" before one that does not.
  ["a Uint8Array", () => new Uint8Array(2), "a Uint8Array"],
  ["a URL", () => new URL("https://example.com"), "a URL"],
  ["an instance of a class whose U does not sound as you", () => new (class UpdateRequest {})(), "an UpdateRequest"],
  ["an Int16Array", () => new Int16Array(1), "an Int16Array"],
  ["an instance of the user's class", () => new (class OrderConfig {
    retries = 3;
  })(), "an OrderConfig"],
  // Its keys cannot be read: its type, not the user's error thrown out of the message builder.
  ["a Proxy whose traps throw", () => new Proxy({}, { ownKeys: boom, get: boom, has: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom }), "object"],
];

const grab = async (call: () => unknown): Promise<string> => (await rejectedError(DurableValidationError, call)).message;
/** The description in `message`, between the text before and after it (each site's own). */
const between = (message: string, before: string, after: string): string => {
  expect(message.startsWith(before), message).toBe(true);
  expect(message.endsWith(after), message).toBe(true);
  return message.slice(before.length, message.length - after.length);
};
const retryContext = { wait: async () => undefined, runInChildContext: async () => "ran" } as never;
const failedMessage = (output: unknown): string => {
  const { Status, Error: error } = output as { Status: string; Error?: { ErrorMessage: string } };
  expect(Status).toBe("FAILED");
  return error!.ErrorMessage;
};

/** Each site: the description its message gives the value. */
const SITES: Record<string, (value: unknown) => Promise<string>> = {
  "retry option (createRetryStrategy)": async (value) =>
    between(
      await grab(() => createRetryStrategy({ jitter: value } as never)),
      "createRetryStrategy.jitter must be one of NONE, FULL, HALF, got ",
      ". Use JitterStrategy.NONE, JitterStrategy.FULL or JitterStrategy.HALF (or leave it unset).",
    ),
  "preview option (buildPreview)": async (value) =>
    between(
      await grab(() => buildPreview({ a: 1 }, { mode: value } as never)),
      "buildPreview.config.mode must be one of INCLUDE_ALL, EXCLUDE_ALL, got ",
      ". Set mode to PreviewMode.INCLUDE_ALL (show all but excluded) or PreviewMode.EXCLUDE_ALL (show only included).",
    ),
  "file-system serdes option (createFileSystemSerdes)": async (value) =>
    between(
      await grab(() => createFileSystemSerdes("/mnt/efs", { storageMode: value } as never)),
      "createFileSystemSerdes.config.storageMode must be one of ALWAYS, OVERFLOW, got ",
      ". Use FileSystemSerdesMode.ALWAYS (every value to a file) or FileSystemSerdesMode.OVERFLOW (only values over the checkpoint limit).",
    ),
  withRetry: async (value) =>
    between(
      await grab(() => withRetry(retryContext, "n", async () => 1, { retryStrategy: () => ({ shouldRetry: false }), wrapWithRunInChildContext: value } as never)),
      "withRetry(): config.wrapWithRunInChildContext must be true or false (received ",
      "). Pass true or false.",
    ),
  // A null unit is left out (as on the reference): null is described where the whole Duration is null.
  "Duration rule (generated)": async (value) =>
    value === null
      ? between(await grab(() => createRetryStrategy({ initialDelay: value } as never)), "createRetryStrategy.initialDelay must be a Duration object, got ", ". Use a Duration such as { seconds: 30 } or { minutes: 5 }.")
      : between(
          await grab(() => createRetryStrategy({ initialDelay: { seconds: value } } as never)),
          "createRetryStrategy.initialDelay.seconds must be a number of 0 or more, got ",
          ". Use a Duration such as { seconds: 30 } or { minutes: 5 }.",
        ),
  // A field that checks null too (NULL_CHECKED: the reference reads a count's null as 0); most optional fields read it as left out.
  "argument validator (generated), the failed invocation's ErrorMessage": async (value) => {
    const run = await runToCompletion(ours(async (_event, ctx) => ctx.map("m", [1], async (_c: unknown, x: number) => x, { completionConfig: { minSuccessful: value } } as never)), {});
    return between(
      failedMessage(run.last),
      "map(): config.completionConfig.minSuccessful must be a whole number of at least 0 (received ",
      "). Use a whole number of at least 0.",
    );
  },
  "invocation check (generated), the failed invocation's ErrorMessage": async (value) => {
    const service = new FakeDurableService({});
    const sdk = ours(async () => 1, { pluginsConfig: { childOperationsDepth: value } } as never);
    return between(
      failedMessage(await sdk.handler(service.event(sdk), lambdaContext)),
      "pluginsConfig.childOperationsDepth must be a non-negative integer or Infinity (received ",
      ").",
    );
  },
};

describe("a bad value is described the same in every validation message", () => {
  it.each(VALUES)("%s", async (_label, make, described) => {
    expect(describeReceived(make())).toBe(described);
    const seen: Record<string, string> = {};
    for (const [site, describeAt] of Object.entries(SITES)) seen[site] = await describeAt(make());
    expect(seen).toEqual(Object.fromEntries(Object.keys(SITES).map((site) => [site, described])));
  });
});

describe("a thrown value's own text", () => {
  it.each([
    ["a string", "boom", "boom"],
    ["a number", 5, "5"],
    ["an Error", new TypeError("bad"), "TypeError: bad"],
    ["a symbol", Symbol("s"), "Symbol(s)"],
    ["an object", { a: 1 }, "[object Object]"],
    ["an array", [1, 2], "1,2"],
  ])("%s: as String() writes it (as the reference writes a thrown value)", (_label, value, text) => {
    expect(thrownText(value)).toBe(text);
  });

  it.each([
    ["an object without a prototype", () => Object.create(null), "an empty object"],
    ["an object whose toString throws", () => ({ toString: boom, a: 1 }), "an object with toString, a"],
    ["a Proxy whose traps throw", () => new Proxy({}, { get: boom, ownKeys: boom, getPrototypeOf: boom }), "object"],
  ])("%s: String() throws, so the value is described and nothing is thrown", (_label, make, text) => {
    expect(thrownText(make())).toBe(text);
  });
});

describe("the refused value itself is on the error (DurableValidationError.received)", () => {
  const caught = (call: () => unknown) => rejectedError(DurableValidationError, call);
  const value = { not: "valid" };
  it.each<[string, () => unknown]>([
    ["a retry option (hand-written check)", () => createRetryStrategy({ jitter: value } as never)],
    ["a preview option", () => buildPreview({ a: 1 }, { mode: value } as never)],
    ["a file-system serdes option", () => createFileSystemSerdes("/mnt/efs", { storageMode: value } as never)],
    ["a withRetry option", () => withRetry(retryContext, "n", async () => 1, { retryStrategy: () => ({ shouldRetry: false }), wrapWithRunInChildContext: value } as never)],
    ["a Duration field (generated rule)", () => createRetryStrategy({ initialDelay: { seconds: value } } as never)],
  ])("%s", async (_site, call) => {
    expect((await caught(call)).received).toBe(value);
  });

  it("a generated argument validator, caught in the handler", async () => {
    let received: unknown;
    const run = await runToCompletion(
      ours(async (_event, ctx) => {
        try {
          await ctx.step("n", async () => 1, { semantics: value } as never);
        } catch (error) {
          received = (error as DurableValidationError).received;
        }
        return "done";
      }),
      {},
    );
    expect((run.last as { Status: string }).Status).toBe("SUCCEEDED");
    expect(received).toBe(value);
  });

  it("createWaitStrategy without a config: received is the undefined it was given", async () => {
    const error = await caught(() => createWaitStrategy(undefined as never));
    expect("received" in error).toBe(true);
    expect(error.received).toBeUndefined();
  });

  it("an event that is no durable execution input: received is what the refused field holds, not the whole event (its token included)", async () => {
    const operations = { length: 0 };
    const event = { DurableExecutionArn: "arn", CheckpointToken: "t", InitialExecutionState: { Operations: operations } };
    const error = await caught(() => ours(async () => 1).handler(event as never, lambdaContext));
    expect(error.field).toBe("event.InitialExecutionState.Operations");
    expect(error.received).toBe(operations);
    const missing = await caught(() => ours(async () => 1).handler({ DurableExecutionArn: "arn", CheckpointToken: null } as never, lambdaContext));
    expect(missing.field).toBe("event.CheckpointToken");
    expect(missing.received).toBeNull();
  });
});
