import { describe, expect, expectTypeOf, it, vi } from "vitest";
import type { DurablePromise as DurablePromiseContract } from "../../src/generated/index.js";
import { DurablePromise, isDurablePromise, settledDurablePromise } from "../../src/runtime/durable-promise.js";

describe("DurablePromise", () => {
  it("does not run the executor until then/catch/finally/await", async () => {
    const executor = vi.fn(async () => 42);
    const promise = new DurablePromise(executor);
    expect(executor).not.toHaveBeenCalled();
    expect(promise.isExecuted).toBe(false);
    expect(await promise).toBe(42);
    expect(promise.isExecuted).toBe(true);
    expect(executor).toHaveBeenCalledTimes(1);
  });

  it.each([
    ["then", (p: DurablePromise<number>) => p.then(() => undefined)],
    ["catch", (p: DurablePromise<number>) => p.catch(() => undefined)],
    ["finally", (p: DurablePromise<number>) => p.finally(() => undefined)],
  ])("%s starts the executor synchronously", async (_name, attach) => {
    const executor = vi.fn(async () => 1);
    const promise = new DurablePromise(executor);
    const chained = attach(promise);
    expect(executor).toHaveBeenCalledTimes(1);
    expect(promise.isExecuted).toBe(true);
    await chained;
  });

  it("runs the executor once and shares the outcome", async () => {
    let runs = 0;
    const promise = new DurablePromise(async () => ++runs);
    const results = await Promise.all([promise, promise.then((v) => v * 10), promise.finally(() => undefined)]);
    expect(results).toEqual([1, 10, 1]);
    expect(await promise).toBe(1);
    expect(runs).toBe(1);
  });

  it("propagates rejections through then/catch/finally", async () => {
    const failure = new Error("nope");
    const promise = new DurablePromise<number>(async () => {
      throw failure;
    });
    await expect(promise).rejects.toBe(failure);
    expect(await promise.catch((e) => (e as Error).message)).toBe("nope");
    expect(await promise.then(undefined, (e) => `handled ${(e as Error).message}`)).toBe("handled nope");
    const onFinally = vi.fn();
    await expect(promise.finally(onFinally)).rejects.toBe(failure);
    expect(onFinally).toHaveBeenCalledOnce();
  });

  it("turns a synchronous throw from the executor into a rejection", async () => {
    const promise = new DurablePromise<number>(() => {
      throw new TypeError("sync");
    });
    const chained = promise.then(() => "unreachable");
    await expect(chained).rejects.toThrow("sync");
    expect(promise.isExecuted).toBe(true);
  });

  it("accepts executors that return plain values or thenables", async () => {
    expect(await new DurablePromise(() => "plain")).toBe("plain");
    const thenable: PromiseLike<string> = { then: (resolve) => Promise.resolve(resolve?.("thenable")) as never };
    expect(await new DurablePromise(() => thenable)).toBe("thenable");
  });

  it("works with Promise combinators", async () => {
    const a = new DurablePromise(async () => "a");
    const b = new DurablePromise(async () => "b");
    expect(await Promise.all([a, b])).toEqual(["a", "b"]);
    expect(await Promise.race([new DurablePromise(async () => 1)])).toBe(1);
  });

  it("reports its tag", () => {
    const promise = new DurablePromise(async () => 1);
    expect(Object.prototype.toString.call(promise)).toBe("[object DurablePromise]");
    expect(promise[Symbol.toStringTag]).toBe("DurablePromise");
    expect(promise.isExecuted).toBe(false);
  });

  it("rejects a non-function executor", () => {
    expect(() => new DurablePromise(42 as never)).toThrow(TypeError);
  });

  it("has no instance state visible as string-keyed properties (state sits under private symbols)", () => {
    const promise = new DurablePromise(async () => 1);
    expect(Object.keys(promise)).toEqual([]);
    expect(JSON.stringify(promise)).toBe("{}");
    const symbols = Object.getOwnPropertySymbols(promise);
    expect(symbols).toHaveLength(3); // executor, underlying promise, settled value
    for (const symbol of symbols) expect(Symbol.keyFor(symbol)).toBeUndefined();
    expect(Object.getOwnPropertySymbols(settledDurablePromise(1))).toEqual(symbols);
  });

  describe("instanceof", () => {
    it("recognises its own instances but not plain promises or thenables", () => {
      expect(new DurablePromise(async () => 1)).toBeInstanceOf(DurablePromise);
      expect(Promise.resolve(1) instanceof DurablePromise).toBe(false);
      expect({ then() {} } instanceof DurablePromise).toBe(false);
      expect((null as unknown) instanceof DurablePromise).toBe(false);
      expect(isDurablePromise(new DurablePromise(async () => 1))).toBe(true);
      expect(isDurablePromise("x")).toBe(false);
    });

    it("recognises instances from a duplicate copy of the module", async () => {
      vi.resetModules();
      // A query string gives a second, independent module instance (its own class and WeakMap).
      const specifier = "../../src/runtime/durable-promise.js?duplicate";
      const copy = (await import(/* @vite-ignore */ specifier)) as typeof import("../../src/runtime/durable-promise.js");
      expect(copy.DurablePromise).not.toBe(DurablePromise);
      const foreign = new copy.DurablePromise(async () => "from copy");
      expect(foreign instanceof DurablePromise).toBe(true);
      expect(new DurablePromise(async () => 1) instanceof copy.DurablePromise).toBe(true);
      expect(await foreign).toBe("from copy");
    });

    it("keeps ordinary instanceof for subclasses", () => {
      class Special<T> extends DurablePromise<T> {}
      const special = new Special(async () => 1);
      expect(special instanceof Special).toBe(true);
      expect(special instanceof DurablePromise).toBe(true);
      expect(new DurablePromise(async () => 1) instanceof Special).toBe(false);
    });
  });

  it("settledDurablePromise (a replayed result) behaves as new DurablePromise(() => value)", async () => {
    const settled = settledDurablePromise({ n: 1 });
    expect(settled).toBeInstanceOf(DurablePromise);
    expect(settled.isExecuted).toBe(false);
    const order: string[] = [];
    const chained = settled.then((v) => order.push(`then ${v.n}`));
    order.push("sync");
    expect(settled.isExecuted).toBe(true);
    await chained;
    expect(order).toEqual(["sync", "then 1"]);
    expect(await settled).toEqual({ n: 1 });
    expect(await settledDurablePromise(undefined)).toBeUndefined();
    expect(Object.prototype.toString.call(settled)).toBe("[object DurablePromise]");
  });

  it("rejects calls on a receiver that is not a DurablePromise", () => {
    const fake = Object.create(DurablePromise.prototype) as DurablePromise<number>;
    expect(() => fake.then(() => 1)).toThrow(TypeError);
    expect(fake.isExecuted).toBe(false);
  });

  it("is mutually assignable with the generated DurablePromise interface", () => {
    expectTypeOf<DurablePromise<number>>().toExtend<DurablePromiseContract<number>>();
    expectTypeOf<DurablePromiseContract<number>>().toExtend<DurablePromise<number>>();
    expectTypeOf<DurablePromise<string>>().toExtend<Promise<string>>();
    const contract: DurablePromiseContract<number> = new DurablePromise(async () => 1);
    const back: DurablePromise<number> = contract;
    expect(back).toBe(contract);
  });
});
