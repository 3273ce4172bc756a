/**
 * Clocks used by the local durable service.
 *
 * Every timestamp the service records (operation start/end, history events, timer due times) comes
 * from one `Clock`. The default is a `VirtualClock`: it stands still while a handler runs and only
 * moves when the service's driver jumps it to the next due timer between invocations. A `WallClock`
 * follows real time; the driver then sleeps until timers are due (useful for a dev server). A
 * `SkippingClock` follows real time too, but whoever drives it may skip ahead while nothing runs
 * (the test runner's `skipTime`): timers that fall due while a handler is busy fire on time.
 */
// The real timers and clock, so that a test's fake timers never stall this module (see real-timers.ts).
import { RealDate as Date } from "../runtime/real-timers.js";

/**
 * Which clock a local durable service runs on: `"virtual"` (time moves only when the service skips to
 * the next timer), `"real"` (wall-clock time, as `durable dev`), or `"skipping"` (real time that the
 * test runner's `skipTime` moves ahead while nothing runs).
 *
 * @example
 * ```ts
 * import { LocalDurableService, type ClockMode } from "durable-execution-sdk/testing";
 *
 * const clock: ClockMode = "virtual";
 * const service = new LocalDurableService({ clock });
 * ```
 */
export type ClockMode = "virtual" | "real" | "skipping";

/**
 * The time source of the local service: `now()` in epoch milliseconds, and its mode.
 *
 * @example
 * ```ts
 * const clock: Clock = service.clock;
 * console.log(clock.mode, new Date(clock.now()).toISOString());
 * ```
 */
export interface Clock {
  readonly mode: ClockMode;
  /** Current time in epoch milliseconds. */
  now(): number;
}

/**
 * A manually driven clock. Time never goes backwards.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock(Date.parse("2030-01-01T00:00:00Z"));
 * const service = new LocalDurableService({ clock });
 * clock.advanceBy(60_000); // one minute later, instantly
 * ```
 */
export class VirtualClock implements Clock {
  readonly mode = "virtual" as const;
  private current: number;

  constructor(start: number | Date = Date.now()) {
    this.current = typeof start === "number" ? start : start.getTime();
    if (!Number.isFinite(this.current)) {
      throw new RangeError("VirtualClock start time must be a finite epoch-millisecond value");
    }
  }

  now(): number {
    return this.current;
  }

  /** Move the clock to `time` (epoch ms). Moving to the past is an error; moving to now is a no-op. */
  advanceTo(time: number | Date): void {
    const target = typeof time === "number" ? time : time.getTime();
    if (!Number.isFinite(target)) {
      throw new RangeError("VirtualClock.advanceTo needs a finite time");
    }
    if (target < this.current) {
      throw new RangeError(
        `VirtualClock cannot go backwards (now ${new Date(this.current).toISOString()}, asked for ${new Date(target).toISOString()})`,
      );
    }
    this.current = target;
  }

  /** Move the clock forward by `ms` milliseconds. */
  advanceBy(ms: number): void {
    if (!(ms >= 0)) {
      throw new RangeError("VirtualClock.advanceBy needs a non-negative number of milliseconds");
    }
    this.advanceTo(this.current + ms);
  }
}

/**
 * Real time (`Date.now()`).
 *
 * @example
 * ```ts
 * const service = new LocalDurableService({ clock: new WallClock() }); // same as { clock: "real" }
 * ```
 */
export class WallClock implements Clock {
  readonly mode = "real" as const;

  now(): number {
    return Date.now();
  }
}

/**
 * Real time plus the time skipped so far. Runs at real speed (so timers fall due while handlers are
 * busy, as on the service); `skipTo` jumps ahead. Time never goes backwards.
 */
export class SkippingClock implements Clock {
  readonly mode = "skipping" as const;
  private skipped = 0;

  now(): number {
    return Date.now() + this.skipped;
  }

  /** Milliseconds skipped so far: this clock's time minus real time. */
  get offset(): number {
    return this.skipped;
  }

  /** Jumps to `time` (epoch ms); a time not in the future is a no-op. */
  skipTo(time: number): void {
    if (!Number.isFinite(time)) throw new RangeError("SkippingClock.skipTo needs a finite time");
    const ahead = time - this.now();
    if (ahead > 0) this.skipped += ahead;
  }
}

export function isSkippingClock(clock: Clock): clock is SkippingClock {
  return clock instanceof SkippingClock;
}

export function isVirtualClock(clock: Clock): clock is VirtualClock {
  return clock instanceof VirtualClock;
}
