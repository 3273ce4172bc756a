/**
 * `handlerModule` with a TypeScript module, in real worker threads: tsx is registered in each
 * worker when the module is TypeScript and nothing is preloaded (or the preload names tsx); a
 * worker that still cannot import the module, or a preload, makes run() reject at once with a
 * usage error naming the fix instead of failing the execution after its retries.
 */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { LocalDurableTestRunner, TestRunnerUsageError } from "../../src/testing.js";

const MODULE = new URL("./fixtures/typescript-handler.ts", import.meta.url);
const NO_OP_PRELOAD = new URL("./fixtures/no-op-preload.mjs", import.meta.url);

beforeEach(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

const run = (preload?: (string | URL)[]) =>
  new LocalDurableTestRunner<string>({ handlerModule: { module: MODULE, ...(preload ? { preload } : {}) } }).run({ payload: { name: "Ada" } });

describe("handlerModule with a .ts module", () => {
  it("loads through tsx with no preload, as the TSDoc example shows", async () => {
    const result = await run();
    expect(result.getStatus()).toBe("SUCCEEDED");
    expect(result.getResult()).toBe("hello Ada");
    expect(result.getInvocations()).toHaveLength(1);
  }, 60_000);

  it.each([["tsx/esm"], ["tsx"]])("preload %j registers tsx in the worker", async (entry) => {
    const result = await run([entry]);
    expect(result.getStatus()).toBe("SUCCEEDED");
    expect(result.getResult()).toBe("hello Ada");
  }, 60_000);

  it("a preload path relative to the current directory without ./ stays a path", async () => {
    const result = await run(["test/support/register-tsx.mjs"]);
    expect(result.getResult()).toBe("hello Ada");
  }, 60_000);

  // Node 22.18 and later strip types themselves (process.features.typescript): there the worker imports a
  // .ts module without any loader, so there is no failure to report (this fixture then fails on its own
  // import of the repository's .ts sources by their .js names, which an installed package never does).
  const nodeStripsTypes = Boolean((process.features as { typescript?: unknown }).typescript);

  it.skipIf(nodeStripsTypes)("a preload that registers no loader: run() rejects with a usage error naming the fix", async () => {
    const error = await run([NO_OP_PRELOAD]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TestRunnerUsageError);
    expect((error as Error).message).toMatch(/cannot import file:\/\/\S+typescript-handler\.ts \(Unknown file extension "\.ts"/);
    expect((error as Error).message).toMatch(/install tsx .*register\(\) from "tsx\/esm\/api"/);
  }, 60_000);

  it("a preload package that is not installed: run() rejects with a usage error naming it", async () => {
    const error = await run(["no-such-preload-package"]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TestRunnerUsageError);
    expect((error as Error).message).toMatch(/cannot import preload no-such-preload-package \(Cannot find package 'no-such-preload-package'/);
  }, 60_000);
});
