/** Test bodies of the order saga (examples/order-workflow.ts), shared by vitest and node:test. */
import assert from "node:assert/strict";
import { withDurableExecution } from "../src/index.js";
import { LocalDurableTestRunner, OperationStatus, WaitingOperationStatus } from "../src/testing.js";
import { assertTook, type ExampleCase } from "./example-cases.js";
import { InMemoryOrderServices, createOrderSaga, type Order, type OrderOutcome } from "./order-workflow.js";

const order: Order = {
  id: "o-7",
  lines: [
    { sku: "book", quantity: 2 },
    { sku: "pen", quantity: 5 },
  ],
  amount: 120,
};

function sagaRunner(services: InMemoryOrderServices) {
  return new LocalDurableTestRunner<OrderOutcome>({ handlerFunction: withDurableExecution(createOrderSaga(services)) });
}

export const orderWorkflowCases: ExampleCase[] = [
  {
    name: "ships the order: stock reserved per line, card charged, packed, shipped; nothing compensated",
    run: async () => {
      const services = new InMemoryOrderServices({ cardLimit: 500 });
      const runner = sagaRunner(services);
      const result = await runner.run({ payload: order });

      assert.equal(result.getStatus(), "SUCCEEDED");
      assert.deepEqual(result.getResult(), { orderId: "o-7", status: "shipped", paymentId: "pay-o-7-1", trackingId: "trk-o-7" });
      assert.deepEqual(services.calls, ["reserve book", "reserve pen", "charge 120", "ship o-7"]);
      const reserve = runner.getOperation("reserve-stock");
      assert.deepEqual(
        reserve.getChildOperations()?.map((item) => item.getName()),
        ["reserve-book", "reserve-pen"],
      );
      assertTook(runner.getOperation("packing"), 30 * 60_000);
      assert.equal(result.getOperations({ status: OperationStatus.FAILED }).length, 0);
    },
  },
  {
    name: "a declined card is retried twice with backoff, then the reservations are released newest first",
    run: async () => {
      const services = new InMemoryOrderServices({ cardLimit: 100 });
      const runner = sagaRunner(services);
      const result = await runner.run({ payload: order });

      assert.deepEqual(result.getResult(), {
        orderId: "o-7",
        status: "compensated",
        failedStep: "charge-card",
        reason: "card declined: over the limit",
        compensations: ["release-o-7-pen", "release-o-7-book"],
      });
      const charge = runner.getOperation("charge-card");
      assert.equal(charge.getStatus(), "FAILED");
      assert.equal(charge.getStepDetails()?.attempt, 3);
      assert.equal(charge.getStepDetails()?.error?.errorMessage, "card declined: over the limit");
      // Backoff 5 s then 10 s (no jitter), on the virtual clock.
      assertTook(charge, 15_000);
      assert.deepEqual(services.calls, [
        "reserve book",
        "reserve pen",
        "charge 120",
        "charge 120",
        "charge 120",
        "release o-7-pen",
        "release o-7-book",
      ]);
      assert.equal(runner.getOperation("packing").getOperationData(), undefined);
    },
  },
  {
    name: "a sold-out line stops the saga before payment and releases the lines that were reserved",
    run: async () => {
      const services = new InMemoryOrderServices();
      const runner = sagaRunner(services);
      const result = await runner.run({ payload: { ...order, lines: [...order.lines, { sku: "sold-out-ink", quantity: 1 }] } });

      const outcome = result.getResult();
      assert.equal(outcome?.status, "compensated");
      assert.ok(outcome?.status === "compensated");
      assert.equal(outcome.failedStep, "reserve-stock");
      assert.match(outcome.reason, /sold-out-ink is out of stock/);
      assert.deepEqual([...outcome.compensations].sort(), ["release-o-7-book", "release-o-7-pen"]);
      assert.equal(runner.getOperation("reserve-sold-out-ink").getStatus(), "FAILED");
      assert.ok(!services.calls.some((call) => call.startsWith("charge")));
    },
  },
  {
    name: "a carrier outage after payment refunds the card before releasing stock",
    run: async () => {
      const services = new InMemoryOrderServices({ shippingDown: true });
      const runner = sagaRunner(services);
      const ship = runner.getOperation("ship-order");
      const execution = runner.run({ payload: order });
      await ship.waitForData(WaitingOperationStatus.COMPLETED);
      assert.equal(ship.getStatus(), "FAILED");
      assert.equal(ship.getStepDetails()?.attempt, 2);
      const result = await execution;

      assert.deepEqual(result.getResult(), {
        orderId: "o-7",
        status: "compensated",
        failedStep: "ship-order",
        reason: "carrier unavailable",
        compensations: ["refund-pay-o-7-1", "release-o-7-pen", "release-o-7-book"],
      });
      assert.deepEqual(services.calls.slice(-3), ["refund pay-o-7-1", "release o-7-pen", "release o-7-book"]);
    },
  },
];
