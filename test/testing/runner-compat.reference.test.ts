/**
 * The same test bodies (runner-compat.cases.ts) on the reference testing package's
 * LocalDurableTestRunner (skipTime: it installs fake timers in this worker, hence its own file),
 * with handlers from the reference SDK and from ours.
 */
import * as referenceSdk from "@aws/durable-execution-sdk-js";
import * as reference from "@aws/durable-execution-sdk-js-testing";
import { afterAll, beforeAll, describe, it } from "vitest";
import * as ourSdk from "../../src/index.js";
import { compatCases, type RunnerModule } from "./runner-compat.cases.js";

const testing = reference as unknown as RunnerModule;

beforeAll(() => reference.LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
afterAll(() => reference.LocalDurableTestRunner.teardownTestEnvironment());

describe("reference runner, handlers from the reference SDK", () => {
  for (const testCase of compatCases(testing, referenceSdk)) it(testCase.name, testCase.run);
});

describe("reference runner, handlers from our SDK", () => {
  for (const testCase of compatCases(testing, ourSdk)) it(testCase.name, testCase.run);
});
