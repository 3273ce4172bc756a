/**
 * A fan-out with a completion policy: ask every supplier for a quote at once (map), but stop as
 * soon as three quotes are in (minSuccessful) and give up once more than two suppliers failed
 * (toleratedFailureCount). Slow suppliers answer after a durable wait; those still pending when
 * the batch completes are simply not used. The cheapest quote wins and is booked.
 */
import { JitterStrategy, createRetryStrategy, withDurableExecution, type DurableContext } from "../src/index.js";

export interface Supplier {
  name: string;
  /** How long the supplier takes to answer (a durable wait before asking). */
  responseMinutes?: number;
}

export interface QuoteRequest {
  requestId: string;
  item: string;
  quantity: number;
  suppliers: Supplier[];
}

export interface Quote {
  supplier: string;
  price: number;
}

export interface QuoteServices {
  requestQuote(supplier: string, item: string, quantity: number): Promise<number>;
  book(quote: Quote, requestId: string): Promise<{ orderNumber: string }>;
}

export type QuoteOutcome =
  | { requestId: string; status: "booked"; winner: Quote; considered: Quote[]; orderNumber: string; completionReason: string }
  | { requestId: string; status: "no-deal"; completionReason: string; failures: string[] };

/** Quotes needed before choosing, and failures tolerated before giving up. */
export const QUOTES_NEEDED = 3;
export const FAILURES_TOLERATED = 2;

export function createQuoteWorkflow(services: QuoteServices) {
  return async (request: QuoteRequest, context: DurableContext): Promise<QuoteOutcome> => {
    const quotes = await context.map(
      "collect-quotes",
      request.suppliers,
      async (item, supplier) => {
        if (supplier.responseMinutes) await item.wait("supplier-response", { minutes: supplier.responseMinutes });
        const price = await item.step("quote", async () => services.requestQuote(supplier.name, request.item, request.quantity), {
          retryStrategy: createRetryStrategy({ maxAttempts: 2, initialDelay: { seconds: 10 }, jitter: JitterStrategy.NONE }),
        });
        return { supplier: supplier.name, price } satisfies Quote;
      },
      {
        itemNamer: (supplier) => `quote-${supplier.name}`,
        completionConfig: { minSuccessful: QUOTES_NEEDED, toleratedFailureCount: FAILURES_TOLERATED },
      },
    );

    if (quotes.successCount < QUOTES_NEEDED) {
      return {
        requestId: request.requestId,
        status: "no-deal",
        completionReason: quotes.completionReason,
        failures: quotes.failed().map((item) => `${request.suppliers[item.index]!.name}: ${item.error.message}`),
      };
    }
    const considered = quotes.getResults();
    const winner = considered.reduce((best, quote) => (quote.price < best.price ? quote : best));
    const { orderNumber } = await context.step("book-cheapest", async () => services.book(winner, request.requestId));
    return { requestId: request.requestId, status: "booked", winner, considered, orderNumber, completionReason: quotes.completionReason };
  };
}

/** Suppliers with fixed prices; a supplier without a price fails every request. Records requests. */
export class FixedPriceSuppliers implements QuoteServices {
  readonly requests: string[] = [];

  constructor(private readonly prices: Record<string, number | undefined>) {}

  async requestQuote(supplier: string): Promise<number> {
    this.requests.push(supplier);
    const price = this.prices[supplier];
    if (price === undefined) throw new Error(`${supplier} did not quote`);
    return price;
  }

  async book(quote: Quote, requestId: string): Promise<{ orderNumber: string }> {
    return { orderNumber: `${requestId}-${quote.supplier}` };
  }
}

export const handler = withDurableExecution(createQuoteWorkflow(new FixedPriceSuppliers({ acme: 120, globex: 95, initech: 110, umbrella: 99 })));
