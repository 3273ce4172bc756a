/**
 * An order workflow: reserve stock for every line (map), charge the card with retries, wait for a
 * human approval (callback with a timeout), then ship — compensating the reservation when the
 * approval is refused.
 */
import { createRetryStrategy, withDurableExecution, type DurableContext } from "../src/index.js";

export interface Order {
  id: string;
  lines: { sku: string; quantity: number }[];
  amount: number;
}

export const orderWorkflow = async (order: Order, context: DurableContext) => {
  const reservations = await context.map(
    "reserve",
    order.lines,
    async (item, line) => item.step("reserve-line", async () => ({ sku: line.sku, reserved: line.quantity })),
    { maxConcurrency: 2, itemNamer: (line) => `reserve-${line.sku}` },
  );
  reservations.throwIfError();

  const payment = await context.step(
    "charge",
    async ({ attempt }) => ({ paymentId: `pay-${order.id}`, amount: order.amount, attempt }),
    { retryStrategy: createRetryStrategy({ maxAttempts: 3 }) },
  );

  const approval = await context.waitForCallback<string>(
    "approval",
    async (callbackId, { logger }) => {
      logger.info(`approval requested for ${order.id}; complete callback ${callbackId}`);
    },
    { timeout: { hours: 24 } },
  );
  const approved = JSON.parse(approval) as { approved: boolean };
  if (!approved.approved) {
    await context.step("release-stock", async () => reservations.getResults().map((r) => r.sku));
    return { orderId: order.id, status: "rejected" as const };
  }

  await context.wait("packing", { minutes: 30 });
  const shipment = await context.step("ship", async () => ({ trackingId: `trk-${order.id}` }));
  return { orderId: order.id, status: "shipped" as const, paymentId: payment.paymentId, trackingId: shipment.trackingId };
};

export const handler = withDurableExecution(orderWorkflow);
