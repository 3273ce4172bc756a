import {
  createClassSerdes as refClassSerdes,
  createClassSerdesWithDates as refClassSerdesWithDates,
  defaultSerdes as refDefaultSerdes,
} from "@aws/durable-execution-sdk-js";
import { describe, expect, it } from "vitest";
import { DurableValidationError, type SerdesContext } from "../../src/generated/index.js";
import { createClassSerdes, createClassSerdesWithDates, defaultSerdes } from "../../src/runtime/serdes/index.js";

const ctx: SerdesContext = { entityId: "1-2", durableExecutionArn: "arn:test" };

class User {
  name = "";
  age = 0;
  greet() {
    return `Hello, ${this.name}`;
  }
}

class Article {
  title = "";
  createdAt: Date | undefined = undefined;
  meta: { publishedAt?: Date; tags?: Set<string>; history?: Date[] } = {};
  index: Map<string, { at: Date }> | undefined;
  ageMs(now: Date) {
    return now.getTime() - (this.createdAt as Date).getTime();
  }
}

describe("defaultSerdes", () => {
  it("is JSON with undefined ↔ undefined", async () => {
    expect(await defaultSerdes.serialize(undefined, ctx)).toBeUndefined();
    expect(await defaultSerdes.deserialize(undefined, ctx)).toBeUndefined();
    expect(await defaultSerdes.serialize({ a: [1, "x", null] }, ctx)).toBe('{"a":[1,"x",null]}');
    expect(await defaultSerdes.deserialize('{"a":1}', ctx)).toEqual({ a: 1 });
    expect(await defaultSerdes.serialize(null, ctx)).toBe("null");
    expect(await defaultSerdes.serialize("s", ctx)).toBe('"s"');
  });

  it("writes exactly what the reference writes", async () => {
    for (const value of [undefined, null, 0, "x", [1, { b: new Date(0) }], { nested: { deep: true } }]) {
      expect(await defaultSerdes.serialize(value, ctx)).toBe(await refDefaultSerdes.serialize(value, ctx));
    }
  });

  it("rejects invalid JSON", async () => {
    await expect(defaultSerdes.deserialize("{oops", ctx)).rejects.toThrow(SyntaxError);
  });
});

describe("createClassSerdes", () => {
  it("rebuilds an instance with its methods", async () => {
    const serdes = createClassSerdes(User);
    const user = Object.assign(new User(), { name: "Alice", age: 30 });
    const text = await serdes.serialize(user, ctx);
    expect(text).toBe('{"name":"Alice","age":30}');
    const back = await serdes.deserialize(text, ctx);
    expect(back).toBeInstanceOf(User);
    expect(back?.greet()).toBe("Hello, Alice");
    expect(await serdes.serialize(undefined, ctx)).toBeUndefined();
    expect(await serdes.deserialize(undefined, ctx)).toBeUndefined();
  });

  it("agrees with the reference", async () => {
    const ours = createClassSerdes(User);
    const theirs = refClassSerdes(User);
    const user = Object.assign(new User(), { name: "Bob", extra: [1] });
    const text = await ours.serialize(user, ctx);
    expect(text).toBe(await theirs.serialize(user, ctx));
    expect({ ...(await ours.deserialize(text, ctx)) }).toEqual({ ...(await theirs.deserialize(text, ctx)) });
  });

  it("rejects something that is not a class", () => {
    expect(() => createClassSerdes({} as never)).toThrow(DurableValidationError);
  });
});

describe("createClassSerdesWithDates", () => {
  it("stays plain JSON (same bytes as the reference) when only listed paths hold Dates", async () => {
    const paths = ["createdAt", "meta.publishedAt"];
    const ours = createClassSerdesWithDates(Article, paths);
    const theirs = refClassSerdesWithDates(Article, paths);
    const article = Object.assign(new Article(), {
      title: "T",
      createdAt: new Date("2024-01-02T03:04:05.000Z"),
      meta: { publishedAt: new Date("2024-02-03T00:00:00.000Z") },
    });
    const text = await ours.serialize(article, ctx);
    expect(text).toBe(await theirs.serialize(article, ctx));
    expect(text).toBe(JSON.stringify(article));

    const back = (await ours.deserialize(text, ctx)) as Article;
    expect(back).toBeInstanceOf(Article);
    expect(back.createdAt).toEqual(new Date("2024-01-02T03:04:05.000Z"));
    expect(back.meta.publishedAt).toEqual(new Date("2024-02-03T00:00:00.000Z"));
    expect(back.ageMs(new Date("2024-01-02T03:04:06.000Z"))).toBe(1000);
  });

  it("reads payloads written by the reference", async () => {
    const paths = ["createdAt", "meta.publishedAt"];
    const article = Object.assign(new Article(), { createdAt: new Date(5000), meta: { publishedAt: new Date(7000) } });
    const text = await refClassSerdesWithDates(Article, paths).serialize(article, ctx);
    const back = (await createClassSerdesWithDates(Article, paths).deserialize(text, ctx)) as Article;
    expect(back.createdAt).toEqual(new Date(5000));
    expect(back.meta.publishedAt).toEqual(new Date(7000));
  });

  it("round-trips Dates at unlisted paths, Maps and Sets at any depth", async () => {
    const serdes = createClassSerdesWithDates(Article, ["createdAt"]);
    const article = Object.assign(new Article(), {
      title: "rich",
      createdAt: new Date(1),
      meta: { tags: new Set(["a", "b"]), history: [new Date(2), new Date(3)] },
      index: new Map([
        ["first", { at: new Date(4) }],
        ["second", { at: new Date(5) }],
      ]),
    });
    const text = (await serdes.serialize(article, ctx)) as string;
    expect(JSON.parse(text)).toHaveProperty("$durableSerdes", 1);
    const back = (await serdes.deserialize(text, ctx)) as Article;
    expect(back).toBeInstanceOf(Article);
    expect(back.title).toBe("rich");
    expect(back.createdAt).toEqual(new Date(1));
    expect(back.meta.tags).toEqual(new Set(["a", "b"]));
    expect(back.meta.history).toEqual([new Date(2), new Date(3)]);
    expect(back.index).toBeInstanceOf(Map);
    expect(back.index?.get("second")?.at).toEqual(new Date(5));
  });

  it("revives listed paths through arrays and skips missing or falsy ones", async () => {
    class Log {
      entries: { at: Date | string | null }[] = [];
      missing?: { at?: Date };
    }
    const serdes = createClassSerdesWithDates(Log, ["entries.0.at", "entries.1.at", "missing.at", "nope.deeper.at"]);
    const back = (await serdes.deserialize('{"entries":[{"at":"2024-05-06T00:00:00.000Z"},{"at":null}]}', ctx)) as Log;
    expect(back.entries[0].at).toEqual(new Date("2024-05-06T00:00:00.000Z"));
    expect(back.entries[1].at).toBeNull();
    expect(back.missing).toBeUndefined();
  });

  it("does not revive a value found by wandering off a broken path", async () => {
    // "a.b.c" where a.b is a string: the reference would look up "c" on `a`; we stop instead.
    class Box {
      a: Record<string, unknown> = {};
    }
    const back = (await createClassSerdesWithDates(Box, ["a.b.c"]).deserialize('{"a":{"b":"x","c":"2020-01-01"}}', ctx)) as Box;
    expect(back.a.c).toBe("2020-01-01");
  });

  it("round-trips undefined and rejects bad arguments", async () => {
    const serdes = createClassSerdesWithDates(Article, []);
    expect(await serdes.serialize(undefined, ctx)).toBeUndefined();
    expect(await serdes.deserialize(undefined, ctx)).toBeUndefined();
    expect(() => createClassSerdesWithDates(Article, "createdAt" as never)).toThrow(DurableValidationError);
    expect(() => createClassSerdesWithDates(Article, [""])).toThrow(DurableValidationError);
  });
});
