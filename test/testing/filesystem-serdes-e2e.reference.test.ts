/**
 * The createFileSystemSerdes end-to-end bodies (filesystem-serdes-e2e.cases.ts) on the reference
 * testing package's LocalDurableTestRunner (skipTime installs fake timers in this worker, hence its own
 * file): same invocation counts, same recorded envelopes, with handlers from either SDK.
 */
import * as referenceSdk from "@aws/durable-execution-sdk-js";
import * as reference from "@aws/durable-execution-sdk-js-testing";
import { afterAll, beforeAll, describe, it } from "vitest";
import * as ourSdk from "../../src/index.js";
import { fileSystemSerdesCases } from "./filesystem-serdes-e2e.cases.js";

beforeAll(() => reference.LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
afterAll(() => reference.LocalDurableTestRunner.teardownTestEnvironment());

describe("createFileSystemSerdes through the reference runner", () => {
  for (const testCase of fileSystemSerdesCases(reference, { ours: ourSdk, reference: referenceSdk })) {
    it(testCase.name, testCase.run, 60_000);
  }
});
