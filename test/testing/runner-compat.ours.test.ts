/**
 * The reference-style test bodies (runner-compat.cases.ts) on our LocalDurableTestRunner, with
 * handlers built by our SDK and by the reference SDK.
 */
import * as referenceSdk from "@aws/durable-execution-sdk-js";
import { afterAll, beforeAll, describe, it } from "vitest";
import * as ourSdk from "../../src/index.js";
import * as testing from "../../src/testing.js";
import { compatCases } from "./runner-compat.cases.js";

beforeAll(() => testing.LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
afterAll(() => testing.LocalDurableTestRunner.teardownTestEnvironment());

describe("our runner, handlers from our SDK", () => {
  for (const testCase of compatCases(testing, ourSdk)) it(testCase.name, testCase.run);
});

describe("our runner, handlers from the reference SDK", () => {
  for (const testCase of compatCases(testing, referenceSdk)) it(testCase.name, testCase.run);
});
