/** Node's built-ins through process.getBuiltinModule (src/runtime/builtins.ts). */
import * as asyncHooks from "node:async_hooks";
import * as crypto from "node:crypto";
import * as util from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { builtin } from "../../src/runtime/builtins.js";
import { formatSingleLine } from "../../src/runtime/logger/format-record.js";

describe("builtin", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("returns Node's own module object", () => {
    expect(builtin("node:util").formatWithOptions).toBe(util.formatWithOptions);
    expect(typeof builtin("node:module").createRequire).toBe("function");
    expect(builtin("node:crypto").createHash).toBe(crypto.createHash);
    expect(builtin("node:async_hooks").AsyncLocalStorage).toBe(asyncHooks.AsyncLocalStorage);
  });

  it("formats a log line with node:util on one line", () => {
    expect(formatSingleLine("n=%d %o", 7, { a: [1] })).toBe(util.formatWithOptions({ breakLength: Infinity }, "n=%d %o", 7, { a: [1] }));
    expect(formatSingleLine({ deep: { nested: { list: Array.from({ length: 30 }, (_, i) => i) } } })).not.toContain("\n");
  });

  it("names the Node versions it needs where process.getBuiltinModule is missing", () => {
    vi.stubGlobal("process", { ...process, getBuiltinModule: undefined, version: "v20.15.1" });
    expect(() => builtin("node:util")).toThrow("node:util needs process.getBuiltinModule: Node.js 20.16, 22.3 or later (this is v20.15.1)");
  });
});
