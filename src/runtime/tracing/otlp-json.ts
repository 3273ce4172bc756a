/**
 * OTLP/HTTP JSON encoding of spans (the `ExportTraceServiceRequest` of opentelemetry-proto, in its JSON
 * mapping: ids as hex strings, times as decimal strings of Unix nanoseconds, enums as numbers) and the
 * POST that sends it. Written here rather than taken from `@opentelemetry/exporter-trace-otlp-http`,
 * which needs a newer Node.js than this package supports. Not imported by the SDK entry.
 */
import { messagePlainErrorOtlpEndpointNotHttp, messagePlainErrorOtlpEndpointNotUrl, messagePlainErrorOtlpExportFailed, messagePlainErrorOtlpExportRefused } from "../../generated/errors.js";

/** An attribute value as OTLP carries it. */
export type OtlpAttributeValue = string | number | boolean;

/** One span, already in plain form (ids hex, times in milliseconds since the epoch). */
export interface PlainSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP span kind: 1 INTERNAL (default), 2 SERVER, 3 CLIENT, 4 PRODUCER, 5 CONSUMER. */
  kind?: number;
  startTimeMs: number;
  endTimeMs: number;
  attributes: Record<string, OtlpAttributeValue>;
  /** 0 UNSET, 1 OK, 2 ERROR. */
  status: { code: 0 | 1 | 2; message?: string };
  events?: { name: string; timeMs: number; attributes: Record<string, OtlpAttributeValue> }[];
  links?: { traceId: string; spanId: string }[];
}

const anyValue = (value: OtlpAttributeValue) =>
  typeof value === "boolean"
    ? { boolValue: value }
    : typeof value === "number"
      ? Number.isInteger(value)
        ? { intValue: String(value) }
        : { doubleValue: value }
      : { stringValue: value };

const keyValues = (attributes: Record<string, OtlpAttributeValue>) =>
  Object.entries(attributes).map(([key, value]) => ({ key, value: anyValue(value) }));

/** Milliseconds (fractional allowed) to a decimal string of nanoseconds, without float rounding of large values. */
export function msToUnixNano(ms: number): string {
  const whole = Math.floor(ms);
  const fractionNs = Math.round((ms - whole) * 1e6);
  return (BigInt(whole) * 1_000_000n + BigInt(fractionNs)).toString();
}

/** The JSON body of an OTLP/HTTP traces export request. */
export function encodeOtlpTraces(spans: PlainSpan[], resource: { serviceName: string; scopeName: string; scopeVersion?: string }): unknown {
  return {
    resourceSpans: [
      {
        resource: { attributes: keyValues({ "service.name": resource.serviceName }) },
        scopeSpans: [
          {
            scope: { name: resource.scopeName, ...(resource.scopeVersion ? { version: resource.scopeVersion } : {}) },
            spans: spans.map((span) => ({
              traceId: span.traceId,
              spanId: span.spanId,
              ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
              name: span.name,
              kind: span.kind ?? 1,
              startTimeUnixNano: msToUnixNano(span.startTimeMs),
              endTimeUnixNano: msToUnixNano(Math.max(span.endTimeMs, span.startTimeMs)),
              attributes: keyValues(span.attributes),
              events: (span.events ?? []).map((event) => ({
                name: event.name,
                timeUnixNano: msToUnixNano(event.timeMs),
                attributes: keyValues(event.attributes),
              })),
              links: (span.links ?? []).map((link) => ({ traceId: link.traceId, spanId: link.spanId })),
              status: { code: span.status.code, ...(span.status.message ? { message: span.status.message } : {}) },
            })),
          },
        ],
      },
    ],
  };
}

/** Thrown when the OTLP endpoint does not accept an export. */
export class OtlpExportError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "OtlpExportError";
  }
}

/** POSTs an encoded request to an OTLP/HTTP traces URL (e.g. `http://localhost:4318/v1/traces`). */
export async function postOtlpTraces(url: string, body: unknown, headers: Record<string, string> = {}, timeoutMs = 10_000): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new OtlpExportError(messagePlainErrorOtlpExportFailed(url, (error as Error).message));
  }
  if (!response.ok) {
    const text = await response.text().catch(() => "");
    throw new OtlpExportError(messagePlainErrorOtlpExportRefused(url, response.status, text ? ` ${text.slice(0, 200)}` : ""), response.status);
  }
  await response.arrayBuffer().catch(() => undefined);
}

/**
 * Where OTLP traces go, from an explicit URL (`--otlp`) or the standard environment: an explicit URL or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is used as given when it has a path, `OTEL_EXPORTER_OTLP_ENDPOINT`
 * (and a bare `--otlp http://host:4318`) get `/v1/traces` appended. Headers come from
 * `OTEL_EXPORTER_OTLP_HEADERS` and `OTEL_EXPORTER_OTLP_TRACES_HEADERS` (`key=value,key2=value2`, values
 * URL-decoded). Undefined when nothing is configured.
 */
export function resolveOtlpTarget(
  explicitUrl: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): { url: string; headers: Record<string, string> } | undefined {
  const tracesEndpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const baseEndpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  let url: string | undefined;
  let source: string;
  if (explicitUrl !== undefined) {
    url = withTracesPath(explicitUrl.trim(), true);
    source = "--otlp";
  } else if (tracesEndpoint) {
    url = tracesEndpoint;
    source = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
  } else if (baseEndpoint) {
    url = `${baseEndpoint.replace(/\/+$/, "")}/v1/traces`;
    source = "OTEL_EXPORTER_OTLP_ENDPOINT";
  } else {
    return undefined;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(messagePlainErrorOtlpEndpointNotUrl(source, url));
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new TypeError(messagePlainErrorOtlpEndpointNotHttp(source, url));
  }
  return { url: parsed.toString(), headers: { ...parseHeaders(env.OTEL_EXPORTER_OTLP_HEADERS), ...parseHeaders(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS) } };
}

function withTracesPath(url: string, appendWhenBare: boolean): string {
  try {
    const parsed = new URL(url);
    if (appendWhenBare && (parsed.pathname === "/" || parsed.pathname === "")) parsed.pathname = "/v1/traces";
    return parsed.toString();
  } catch {
    return url;
  }
}

function parseHeaders(value: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const part of (value ?? "").split(",")) {
    const at = part.indexOf("=");
    if (at <= 0) continue;
    const key = part.slice(0, at).trim();
    const raw = part.slice(at + 1).trim();
    let decoded = raw;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      // keep the raw value
    }
    if (key) headers[key] = decoded;
  }
  return headers;
}
