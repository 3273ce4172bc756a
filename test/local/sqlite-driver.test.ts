/**
 * Loading the optional better-sqlite3 for `durable dev`: each way it can be unusable is refused with a
 * PersistenceUnavailableError that says which and how to fix it, and a build for a newer Node than this
 * one is refused before it is loaded (better-sqlite3 13 on Node 20 ends the process with a segmentation
 * fault instead of throwing). Each case is a scratch package tree with a stand-in better-sqlite3 whose
 * module records that it was loaded and fails the way the real one does.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { PersistenceUnavailableError, loadSqliteDriverFrom, nodeIsBelow } from "../../src/local/persistence/sqlite.js";

const scratch = mkdtempSync(join(tmpdir(), "sqlite-driver-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A project dir with a stand-in better-sqlite3 (or none); returns a file URL inside it to resolve from. */
function project(name: string, driver?: { manifest: object; constructorBody: string }): { base: URL; loaded: string } {
  const dir = join(scratch, name);
  const loaded = join(dir, "loaded");
  mkdirSync(dir, { recursive: true });
  if (driver) {
    const pkg = join(dir, "node_modules", "better-sqlite3");
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "better-sqlite3", main: "index.js", ...driver.manifest }));
    writeFileSync(
      join(pkg, "index.js"),
      `require("node:fs").writeFileSync(${JSON.stringify(loaded)}, "");\nmodule.exports = class Database { constructor() { ${driver.constructorBody} } close() {} };\n`,
    );
  }
  return { base: pathToFileURL(join(dir, "index.js")), loaded };
}

async function refusal(base: URL): Promise<string> {
  const error = await loadSqliteDriverFrom(base).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PersistenceUnavailableError);
  return (error as Error).message;
}

describe("loading better-sqlite3", () => {
  it("not installed: says so and how to install the supported major", async () => {
    const message = await refusal(project("none").base);
    expect(message).toMatch(/better-sqlite3, which is not installed\. Install it with `npm install better-sqlite3@12`/);
  });

  it("installed for a newer Node (engines >=99): refused without loading it, naming both versions", async () => {
    const { base, loaded } = project("newer", { manifest: { version: "99.1.0", engines: { node: ">=99" } }, constructorBody: "" });
    const message = await refusal(base);
    expect(message).toContain(`whose installed version 99.1.0 needs Node.js >=99 (this is ${process.version}; loading it here can crash the process)`);
    expect(message).toContain("`npm install better-sqlite3@12`");
    expect(existsSync(loaded)).toBe(false);
  });

  it("never built (the install script did not run): says so, and to approve and rebuild it", async () => {
    const { base, loaded } = project("unbuilt", {
      manifest: { version: "12.11.1", engines: { node: "20.x || 22.x || 23.x || 24.x" } },
      constructorBody: 'throw new Error("Could not locate the bindings file. Tried:\\n → /x/build/better_sqlite3.node");',
    });
    const message = await refusal(base);
    expect(existsSync(loaded)).toBe(true);
    expect(message).toContain("whose native module was never built: its install script did not run");
    expect(message).toContain("`npm install-scripts approve better-sqlite3`");
    expect(message).toContain("`npm rebuild better-sqlite3`");
  });

  it("built for another Node version: says so, with the loader's own text, and to rebuild it", async () => {
    const abi = "The module '/x/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 137.";
    const { base } = project("other-abi", { manifest: { version: "12.11.1" }, constructorBody: `throw new Error(${JSON.stringify(abi)});` });
    const message = await refusal(base);
    expect(message).toContain(`whose native module was built for another Node.js version (${abi})`);
    expect(message).toContain("Rebuild it for this one: `npm rebuild better-sqlite3`.");
  });

  it("any other failure: its message, and the install fix", async () => {
    const { base } = project("broken", { manifest: { version: "12.11.1" }, constructorBody: 'throw new Error("disk on fire");' });
    expect(await refusal(base)).toMatch(/which could not be loaded: disk on fire\. Install it with `npm install better-sqlite3@12`/);
  });

  it("a working one is returned (the constructor the module exports)", async () => {
    const { base, loaded } = project("working", { manifest: { version: "12.11.1", engines: { node: ">=1" } }, constructorBody: "" });
    const constructor = await loadSqliteDriverFrom(base);
    expect(typeof constructor).toBe("function");
    expect(existsSync(loaded)).toBe(true);
  });
});

describe("nodeIsBelow (engines.node made of lower bounds)", () => {
  it.each([
    [">=22", "20.20.2", true],
    [">=22", "22.0.0", false],
    [">=22.12.0", "22.11.9", true],
    [">= 22", "20.1.0", true],
    [">=20 || >=22", "20.1.0", false],
    [">=21 || >=22", "20.1.0", true],
    ["^20.16.0 || >=22", "18.0.0", false],
    ["20.x || 22.x", "18.0.0", false],
    ["", "18.0.0", false],
  ])("%j with Node %s: %s (other forms are not judged)", (range, node, below) => {
    expect(nodeIsBelow(range, node)).toBe(below);
  });
});
