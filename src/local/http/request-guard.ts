/**
 * Who may talk to the local service over HTTP. The server listens on a loopback address, but a web
 * page the developer visits can still send requests to it: a cross-origin "simple" POST (text/plain,
 * form encodings or no content type need no CORS preflight) or, after DNS rebinding, a request whose
 * Host is the attacker's name. So every request must
 *  - name the server by a loopback host (localhost, *.localhost, 127.x.x.x, ::1) or a configured one
 *    (its listen address, `allowedHosts`) in its Host header — defeats DNS rebinding;
 *  - come with no Origin (CLI tools, the AWS SDK, the durable SDK) or the server's own origin (the
 *    web UI served by `durable dev`) — defeats cross-site requests;
 *  - carry a body, if any, as JSON or binary (`application/json`, `application/*+json`,
 *    `application/x-amz-json-*`, `application/octet-stream`: none is a type a browser may send
 *    cross-origin without a preflight), never as text/plain or a form.
 */
import type { IncomingHttpHeaders } from "node:http";
import { AccessDeniedException, SERVICE_MESSAGES, UnsupportedMediaTypeException } from "./errors.js";

const LOOPBACK_V4 = /^127(?:\.\d{1,3}){3}$/;

/** The host name of a Host header value (lower case, without port and IPv6 brackets); undefined when malformed. */
export function hostName(host: string): string | undefined {
  const value = host.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed) return bracketed[1];
  const plain = /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(value);
  return plain ? plain[1] : undefined;
}

/** Whether a host name always means this machine. */
export function isLoopbackName(name: string): boolean {
  return name === "localhost" || name.endsWith(".localhost") || LOOPBACK_V4.test(name) || name === "::1";
}

/** Body types a browser cannot send cross-origin without a CORS preflight (which this server never grants). */
function isAcceptedBodyType(contentType: string): boolean {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || type === "application/octet-stream" || /^application\/[a-z0-9.+-]*\+json$/.test(type) || type.startsWith("application/x-amz-json-");
}

export interface RequestGuardOptions {
  /** Host names (besides loopback names) the server answers to, e.g. its listen address or a name in /etc/hosts. */
  allowedHosts: readonly string[];
}

/** Throws AccessDeniedException (403) or UnsupportedMediaTypeException (415) for a request the server must refuse. */
export function guardRequest(method: string, headers: IncomingHttpHeaders, options: RequestGuardOptions): void {
  const host = headers.host;
  const name = typeof host === "string" ? hostName(host) : undefined;
  const allowed = name !== undefined && (isLoopbackName(name) || options.allowedHosts.some((h) => h.toLowerCase() === name));
  if (!allowed) {
    throw new AccessDeniedException(
      SERVICE_MESSAGES.AccessDeniedException.hostNotAllowed(options.allowedHosts.length > 0 ? options.allowedHosts.join(", ") : "no other names", JSON.stringify(host ?? "")),
    );
  }
  const origin = headers.origin;
  if (origin !== undefined) {
    let sameOrigin = false;
    try {
      const url = new URL(origin);
      sameOrigin = url.protocol === "http:" && url.host.toLowerCase() === host!.trim().toLowerCase();
    } catch {
      sameOrigin = false;
    }
    if (!sameOrigin) {
      throw new AccessDeniedException(SERVICE_MESSAGES.AccessDeniedException.crossOrigin(JSON.stringify(origin)));
    }
  }
  const hasBody = (headers["content-length"] !== undefined && headers["content-length"] !== "0") || headers["transfer-encoding"] !== undefined;
  if (hasBody && method !== "GET" && method !== "HEAD") {
    const type = headers["content-type"];
    if (typeof type !== "string" || !isAcceptedBodyType(type)) {
      throw new UnsupportedMediaTypeException(SERVICE_MESSAGES.UnsupportedMediaTypeException.contentTypeUnsupported(JSON.stringify(type ?? "(none)")));
    }
  }
}
