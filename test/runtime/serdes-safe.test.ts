import { describe, expect, it } from "vitest";
import { SerdesFailedError, type Serdes, type SerdesContext } from "../../src/generated/index.js";
import { defaultSerdes, safeDeserialize, safeSerialize, serdesFailureMessage } from "../../src/runtime/serdes/index.js";

const ctx: SerdesContext = { entityId: "1-2", durableExecutionArn: "arn:test" };

const throwing = (thrown: unknown): Serdes<unknown> => ({
  serialize: async () => {
    throw thrown;
  },
  deserialize: async () => {
    throw thrown;
  },
});

/** Matches a SerdesFailedError whose message is the unrecoverable prefix plus `message`. */
const serdesFailure = (message: string | RegExp) =>
  expect.objectContaining({
    name: "SerdesFailedError",
    message: typeof message === "string" ? `[Unrecoverable Invocation] ${message}` : expect.stringMatching(message),
  });

describe("serdesFailureMessage", () => {
  it("formats named and unnamed operations", () => {
    expect(serdesFailureMessage("Serialization", { name: "st", rawId: "1-2" }, new Error("bad"))).toBe(
      'Serialization failed for step "st" (1-2): bad',
    );
    expect(serdesFailureMessage("Deserialization", { rawId: "3" }, new Error("bad"))).toBe(
      "Deserialization failed for step (3): bad",
    );
    expect(serdesFailureMessage("Deserialization", { name: "", rawId: "3" }, "str")).toBe(
      "Deserialization failed for step (3): Unknown deserialization error",
    );
    expect(serdesFailureMessage("Serialization", { rawId: "3" }, 42)).toBe(
      "Serialization failed for step (3): Unknown serialization error",
    );
  });
});

describe("safeSerialize / safeDeserialize", () => {
  it("pass results through", async () => {
    expect(await safeSerialize(defaultSerdes, { a: 1 }, ctx, { rawId: "1" })).toBe('{"a":1}');
    expect(await safeDeserialize(defaultSerdes, '{"a":1}', ctx, { rawId: "1" })).toEqual({ a: 1 });
    expect(await safeSerialize(defaultSerdes, undefined, ctx, { rawId: "1" })).toBeUndefined();
  });

  it("hand the serdes the context unchanged", async () => {
    const seen: SerdesContext[] = [];
    const spy: Serdes<number> = {
      serialize: async (v, c) => {
        seen.push(c);
        return String(v);
      },
      deserialize: async (d, c) => {
        seen.push(c);
        return Number(d);
      },
    };
    await safeSerialize(spy, 1, ctx, { rawId: "1-2" });
    await safeDeserialize(spy, "1", ctx, { rawId: "1-2" });
    expect(seen).toEqual([ctx, ctx]);
  });

  it("turn async throws into SerdesFailedError with the §6.1 message", async () => {
    const cause = new Error("cannot encode");
    const serializing = safeSerialize(throwing(cause), 1, ctx, { name: "st", rawId: "1-2" });
    await expect(serializing).rejects.toBeInstanceOf(SerdesFailedError);
    await expect(serializing).rejects.toThrow(serdesFailure('Serialization failed for step "st" (1-2): cannot encode'));
    await expect(serializing).rejects.toHaveProperty("cause", cause);

    await expect(safeDeserialize(throwing(new Error("nope")), "x", ctx, { rawId: "4" })).rejects.toThrow(
      serdesFailure("Deserialization failed for step (4): nope"),
    );
  });

  it("turn synchronous throws and non-Error throws into SerdesFailedError", async () => {
    const sync: Serdes<unknown> = {
      serialize: () => {
        throw new RangeError("sync");
      },
      deserialize: () => {
        throw "plain string";
      },
    } as unknown as Serdes<unknown>;
    await expect(safeSerialize(sync, 1, ctx, { rawId: "1" })).rejects.toThrow(
      serdesFailure("Serialization failed for step (1): sync"),
    );
    await expect(safeDeserialize(sync, "1", ctx, { rawId: "1" })).rejects.toThrow(
      serdesFailure("Deserialization failed for step (1): Unknown deserialization error"),
    );
  });

  it("reject serializers that return something other than a string", async () => {
    const bad = { serialize: async () => ({ not: "a string" }), deserialize: async () => 1 } as unknown as Serdes<unknown>;
    await expect(safeSerialize(bad, 1, ctx, { name: "n", rawId: "2" })).rejects.toThrow(
      serdesFailure('Serialization failed for step "n" (2): serialize must return a string or undefined, got object'),
    );
  });

  it("report invalid JSON from the default serdes", async () => {
    await expect(safeDeserialize(defaultSerdes, "{bad", ctx, { rawId: "5" })).rejects.toThrow(
      serdesFailure(/^\[Unrecoverable Invocation\] Deserialization failed for step \(5\): \S/),
    );
  });
});
