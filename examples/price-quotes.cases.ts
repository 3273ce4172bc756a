/** Test bodies of the quote fan-out (examples/price-quotes.ts), shared by vitest and node:test. */
import assert from "node:assert/strict";
import { withDurableExecution } from "../src/index.js";
import { LocalDurableTestRunner, WaitingOperationStatus } from "../src/testing.js";
import { assertTook, type ExampleCase } from "./example-cases.js";
import { FixedPriceSuppliers, createQuoteWorkflow, type QuoteOutcome, type QuoteRequest, type Supplier } from "./price-quotes.js";

const MINUTE = 60_000;

function quoteRunner(services: FixedPriceSuppliers) {
  return new LocalDurableTestRunner<QuoteOutcome>({ handlerFunction: withDurableExecution(createQuoteWorkflow(services)) });
}

const request = (suppliers: Supplier[]): QuoteRequest => ({ requestId: "rq-9", item: "steel beams", quantity: 40, suppliers });

export const priceQuotesCases: ExampleCase[] = [
  {
    name: "stops at three quotes: slow suppliers are never asked, the cheapest of the three is booked",
    run: async () => {
      const services = new FixedPriceSuppliers({ acme: 120, globex: 95, umbrella: 99, initech: 80, hooli: 70 });
      const runner = quoteRunner(services);
      const result = await runner.run({
        payload: request([{ name: "acme" }, { name: "globex" }, { name: "initech", responseMinutes: 60 }, { name: "umbrella" }, { name: "hooli", responseMinutes: 5 }]),
      });

      assert.deepEqual(result.getResult(), {
        requestId: "rq-9",
        status: "booked",
        winner: { supplier: "globex", price: 95 },
        considered: [
          { supplier: "acme", price: 120 },
          { supplier: "globex", price: 95 },
          { supplier: "umbrella", price: 99 },
        ],
        orderNumber: "rq-9-globex",
        completionReason: "MIN_SUCCESSFUL_REACHED",
      });
      assert.deepEqual(services.requests.sort(), ["acme", "globex", "umbrella"]);
      // The slow items were still waiting when the batch completed.
      assert.equal(runner.getOperation("quote-initech").getStatus(), "STARTED");
      assert.equal(runner.getOperation("quote-hooli").getStatus(), "STARTED");
      assert.equal(runner.getOperation("collect-quotes").getStatus(), "SUCCEEDED");
    },
  },
  {
    name: "gives up after a third failure (each failing supplier is retried once)",
    run: async () => {
      const services = new FixedPriceSuppliers({ umbrella: 99 });
      const runner = quoteRunner(services);
      const result = await runner.run({
        payload: request([{ name: "acme" }, { name: "globex" }, { name: "initech" }, { name: "umbrella", responseMinutes: 30 }]),
      });

      const outcome = result.getResult();
      assert.equal(outcome?.status, "no-deal");
      assert.ok(outcome?.status === "no-deal");
      assert.equal(outcome.completionReason, "FAILURE_TOLERANCE_EXCEEDED");
      assert.equal(outcome.failures.length, 3);
      assert.match(outcome.failures[0]!, /^acme: .*acme did not quote/);
      assert.deepEqual(services.requests.sort(), ["acme", "acme", "globex", "globex", "initech", "initech"]);
      assert.equal(runner.getOperation("book-cheapest").getOperationData(), undefined);
      const failedQuote = runner.getOperation("quote-acme").getChildOperations()!.find((child) => child.getType() === "STEP")!;
      assert.equal(failedQuote.getStepDetails()?.attempt, 2);
    },
  },
  {
    name: "tolerates two failures and waits for slow suppliers until three quotes are in",
    run: async () => {
      const services = new FixedPriceSuppliers({ umbrella: 99, initech: 80, hooli: 70 });
      const runner = quoteRunner(services);
      const hooli = runner.getOperation("quote-hooli");
      const execution = runner.run({
        payload: request([{ name: "acme" }, { name: "globex" }, { name: "umbrella" }, { name: "initech", responseMinutes: 60 }, { name: "hooli", responseMinutes: 5 }]),
      });
      await hooli.waitForData(WaitingOperationStatus.COMPLETED);
      assert.deepEqual(hooli.getContextDetails()?.result, { supplier: "hooli", price: 70 });
      const result = await execution;

      const outcome = result.getResult();
      assert.ok(outcome?.status === "booked");
      assert.deepEqual(outcome.winner, { supplier: "hooli", price: 70 });
      assert.equal(outcome.considered.length, 3);
      const initech = runner.getOperation("quote-initech");
      assert.equal(initech.getStatus(), "SUCCEEDED");
      assertTook(initech, 60 * MINUTE);
      assert.equal(result.getOperations({ status: "FAILED" }).filter((op) => op.getSubType() === "MapIteration").length, 2);
    },
  },
];
