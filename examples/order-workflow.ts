/**
 * An order saga: reserve stock for every line (map), charge the card (retried with backoff), wait
 * for packing, ship. When a step fails for good, the steps that already succeeded are compensated
 * in reverse order (refund the payment, release the reservations) and the order ends "compensated".
 * Every action and every compensation is a durable step, so a crash in the middle of compensating
 * resumes where it stopped and never refunds twice.
 */
import { JitterStrategy, createRetryStrategy, withDurableExecution, type DurableContext } from "../src/index.js";

export interface OrderLine {
  sku: string;
  quantity: number;
}

export interface Order {
  id: string;
  lines: OrderLine[];
  amount: number;
}

/** The systems the saga talks to. */
export interface OrderServices {
  reserveStock(orderId: string, line: OrderLine): Promise<{ reservationId: string }>;
  releaseStock(reservationId: string): Promise<void>;
  chargeCard(orderId: string, amount: number): Promise<{ paymentId: string }>;
  refundPayment(paymentId: string): Promise<void>;
  shipOrder(orderId: string): Promise<{ trackingId: string }>;
}

export type OrderOutcome =
  | { orderId: string; status: "shipped"; paymentId: string; trackingId: string }
  | { orderId: string; status: "compensated"; failedStep: string; reason: string; compensations: string[] };

/** A failed saga step: which one, and why. */
class SagaStepFailed extends Error {
  constructor(
    readonly step: string,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

export function createOrderSaga(services: OrderServices) {
  return async (order: Order, context: DurableContext): Promise<OrderOutcome> => {
    /** Undo actions for what succeeded so far, newest last. */
    const undo: { name: string; run: () => Promise<void> }[] = [];
    try {
      const reservations = await context.map(
        "reserve-stock",
        order.lines,
        async (item, line) =>
          item.step("reserve", async () => services.reserveStock(order.id, line), {
            retryStrategy: createRetryStrategy({ maxAttempts: 2, initialDelay: { seconds: 1 }, jitter: JitterStrategy.NONE }),
          }),
        { maxConcurrency: 4, itemNamer: (line) => `reserve-${line.sku}`, completionConfig: { toleratedFailureCount: order.lines.length } },
      );
      for (const { result } of reservations.succeeded()) {
        undo.push({ name: `release-${result.reservationId}`, run: () => services.releaseStock(result.reservationId) });
      }
      if (reservations.hasFailure) throw new SagaStepFailed("reserve-stock", reservations.getErrors()[0]?.message ?? "a reservation failed");

      const payment = await context
        .step("charge-card", async () => services.chargeCard(order.id, order.amount), {
          retryStrategy: createRetryStrategy({ maxAttempts: 3, initialDelay: { seconds: 5 }, backoffRate: 2, jitter: JitterStrategy.NONE }),
        })
        .catch((error: unknown) => {
          throw new SagaStepFailed("charge-card", error);
        });
      undo.push({ name: `refund-${payment.paymentId}`, run: () => services.refundPayment(payment.paymentId) });

      await context.wait("packing", { minutes: 30 });

      const shipment = await context
        .step("ship-order", async () => services.shipOrder(order.id), {
          retryStrategy: createRetryStrategy({ maxAttempts: 2, initialDelay: { minutes: 1 }, jitter: JitterStrategy.NONE }),
        })
        .catch((error: unknown) => {
          throw new SagaStepFailed("ship-order", error);
        });
      return { orderId: order.id, status: "shipped", paymentId: payment.paymentId, trackingId: shipment.trackingId };
    } catch (error) {
      if (!(error instanceof SagaStepFailed)) throw error;
      const compensations: string[] = [];
      for (const action of [...undo].reverse()) {
        await context.step(action.name, async () => action.run(), { retryStrategy: createRetryStrategy({ maxAttempts: 5 }) });
        compensations.push(action.name);
      }
      return { orderId: order.id, status: "compensated", failedStep: error.step, reason: error.message, compensations };
    }
  };
}

/**
 * In-memory stand-ins for the order's systems (what the demo runs against): SKUs starting with
 * "sold-out" cannot be reserved, amounts over `cardLimit` are declined, and `shippingDown` makes
 * the carrier refuse every shipment. It records every call.
 */
export class InMemoryOrderServices implements OrderServices {
  readonly calls: string[] = [];
  private next = 0;

  constructor(private readonly options: { cardLimit?: number; shippingDown?: boolean } = {}) {}

  async reserveStock(orderId: string, line: OrderLine): Promise<{ reservationId: string }> {
    this.calls.push(`reserve ${line.sku}`);
    if (line.sku.startsWith("sold-out")) throw new Error(`${line.sku} is out of stock`);
    return { reservationId: `${orderId}-${line.sku}` };
  }

  async releaseStock(reservationId: string): Promise<void> {
    this.calls.push(`release ${reservationId}`);
  }

  async chargeCard(orderId: string, amount: number): Promise<{ paymentId: string }> {
    this.calls.push(`charge ${amount}`);
    if (amount > (this.options.cardLimit ?? Infinity)) throw new Error("card declined: over the limit");
    return { paymentId: `pay-${orderId}-${++this.next}` };
  }

  async refundPayment(paymentId: string): Promise<void> {
    this.calls.push(`refund ${paymentId}`);
  }

  async shipOrder(orderId: string): Promise<{ trackingId: string }> {
    this.calls.push(`ship ${orderId}`);
    if (this.options.shippingDown) throw new Error("carrier unavailable");
    return { trackingId: `trk-${orderId}` };
  }
}

/** The saga against the in-memory services (card limit 500). */
export const handler = withDurableExecution(createOrderSaga(new InMemoryOrderServices({ cardLimit: 500 })));
