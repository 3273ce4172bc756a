import { describe, expect, it } from "vitest";
import { durationToSeconds, isDuration, totalSeconds } from "../../src/runtime/duration.js";

const WAIT = { operation: "wait", field: "wait.duration" };

/** Matches a DurableValidationError with the given field (and any other listed properties). */
const invalid = (field: string, more: Record<string, unknown> = {}) =>
  expect.objectContaining({ name: "DurableValidationError", field, ...more });

describe("durationToSeconds", () => {
  it("adds up every unit", () => {
    expect(durationToSeconds({ seconds: 30 }, WAIT)).toBe(30);
    expect(durationToSeconds({ minutes: 5 }, WAIT)).toBe(300);
    expect(durationToSeconds({ hours: 2 }, WAIT)).toBe(7200);
    expect(durationToSeconds({ days: 1, hours: 1, minutes: 1, seconds: 1 }, WAIT)).toBe(90061);
    expect(durationToSeconds({ seconds: 0, minutes: 1 }, WAIT)).toBe(60);
  });

  it("ignores units that are explicitly undefined", () => {
    expect(durationToSeconds({ seconds: 5, minutes: undefined } as never, WAIT)).toBe(5);
  });

  it("names the offending unit and gives a fix", () => {
    expect(() => durationToSeconds({ seconds: -1 }, WAIT)).toThrow(
      invalid("wait.duration.seconds", {
        operation: "wait",
        fix: "Use a Duration such as { seconds: 30 } or { minutes: 5 }.",
        message: "wait.duration.seconds must be a number of 0 or more, got number -1. Use a Duration such as { seconds: 30 } or { minutes: 5 }.",
      }),
    );
  });

  it.each([
    [{ minutes: Number.NaN }, "wait.duration.minutes"],
    [{ hours: Number.POSITIVE_INFINITY }, "wait.duration.hours"],
    [{ days: "1" }, "wait.duration.days"],
    [{ seconds: 5, millis: 3 }, "wait.duration.millis"],
  ])("rejects %j at %s", (value, field) => {
    expect(() => durationToSeconds(value, WAIT)).toThrow(invalid(field));
  });

  it.each([[undefined], [null], [5], ["5s"], [[1]], [{}], [{ seconds: undefined }]])(
    "rejects the non-duration %j at the argument itself",
    (value) => {
      expect(() => durationToSeconds(value, WAIT)).toThrow(invalid("wait.duration"));
    },
  );

  it("accepts zero (the schema's Duration rule: minSeconds 0)", () => {
    expect(durationToSeconds({ seconds: 0 }, WAIT)).toBe(0);
  });

  it("rejects totals beyond 366 days, naming the bound", () => {
    expect(durationToSeconds({ days: 366 }, WAIT)).toBe(31_622_400);
    expect(() => durationToSeconds({ days: 366, seconds: 1 }, WAIT)).toThrow(invalid("wait.duration", { message: expect.stringContaining("at most 31622400 (366 days)") }));
    expect(() => durationToSeconds({ days: Number.MAX_SAFE_INTEGER }, WAIT)).toThrow(invalid("wait.duration"));
  });
});

describe("non-throwing helpers", () => {
  it("isDuration", () => {
    expect(isDuration({ seconds: 1 })).toBe(true);
    expect(isDuration({ seconds: 0 })).toBe(true);
    expect(isDuration({ seconds: -1 })).toBe(false);
    expect(isDuration("1s")).toBe(false);
  });

  it("totalSeconds sums without validation", () => {
    expect(totalSeconds({ minutes: 5 })).toBe(300);
    expect(totalSeconds({ days: 1, seconds: 2 })).toBe(86402);
    expect(totalSeconds({ seconds: 1.5 })).toBe(1.5);
  });
});
