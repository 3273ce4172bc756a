import { describe, expect, it } from "vitest";
import { DurableValidationError } from "../../src/generated/index.js";
import { durationToSeconds, isDuration, totalSeconds } from "../../src/runtime/duration.js";

const WAIT = { operation: "wait", field: "wait.duration" };

function caught(fn: () => unknown): DurableValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DurableValidationError);
    return error as DurableValidationError;
  }
  throw new Error("expected a DurableValidationError");
}

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
    const err = caught(() => durationToSeconds({ seconds: -1 }, WAIT));
    expect(err.field).toBe("wait.duration.seconds");
    expect(err.operation).toBe("wait");
    expect(err.fix).toMatch(/integer/);
    expect(err.message).toContain("wait.duration.seconds");
    expect(err.message.endsWith(`. ${err.fix}`)).toBe(true);
  });

  it.each([
    [{ seconds: 1.5 }, "wait.duration.seconds"],
    [{ minutes: Number.NaN }, "wait.duration.minutes"],
    [{ hours: Number.POSITIVE_INFINITY }, "wait.duration.hours"],
    [{ days: "1" }, "wait.duration.days"],
    [{ seconds: 5, millis: 3 }, "wait.duration.millis"],
  ])("rejects %j at %s", (value, field) => {
    expect(caught(() => durationToSeconds(value, WAIT)).field).toBe(field);
  });

  it.each([[undefined], [null], [5], ["5s"], [[1]], [{}], [{ seconds: undefined }]])(
    "rejects the non-duration %j at the argument itself",
    (value) => {
      expect(caught(() => durationToSeconds(value, WAIT)).field).toBe("wait.duration");
    },
  );

  it("rejects zero unless allowed", () => {
    expect(caught(() => durationToSeconds({ seconds: 0 }, WAIT)).message).toMatch(/longer than zero/);
    expect(durationToSeconds({ seconds: 0 }, { ...WAIT, allowZero: true })).toBe(0);
  });

  it("rejects totals beyond the safe integer range", () => {
    expect(caught(() => durationToSeconds({ days: Number.MAX_SAFE_INTEGER }, WAIT)).field).toBe("wait.duration");
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
