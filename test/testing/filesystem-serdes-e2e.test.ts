/**
 * createFileSystemSerdes end to end through the local durable service, on our LocalDurableTestRunner
 * (bodies in filesystem-serdes-e2e.cases.ts; the same bodies run on the reference runner in
 * filesystem-serdes-e2e.reference.test.ts).
 */
import * as referenceSdk from "@aws/durable-execution-sdk-js";
import { afterAll, beforeAll, describe, it } from "vitest";
import * as ourSdk from "../../src/index.js";
import * as testing from "../../src/testing.js";
import { fileSystemSerdesCases } from "./filesystem-serdes-e2e.cases.js";

beforeAll(() => testing.LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
afterAll(() => testing.LocalDurableTestRunner.teardownTestEnvironment());

describe("createFileSystemSerdes through our runner", () => {
  for (const testCase of fileSystemSerdesCases(testing, { ours: ourSdk, reference: referenceSdk })) {
    it(testCase.name, testCase.run, 60_000);
  }
});
