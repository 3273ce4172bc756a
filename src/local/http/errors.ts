/**
 * Exceptions the HTTP front of the local service raises on top of the service's own (src/local/errors.ts):
 * request-level problems that never reach the service. Each maps to Lambda's error response
 * (`x-amzn-errortype` header, `{"Type":"User","message":…}` body) with its status code.
 */
import { exceptionClass } from "../errors.js";

/** 400: the body is not JSON, or not the JSON the operation takes. */
export class InvalidRequestContentException extends exceptionClass("InvalidRequestContentException", 400) {}

/** 413: the request body is larger than the operation allows. */
export class RequestTooLargeException extends exceptionClass("RequestTooLargeException", 413) {}

/** 404: no Lambda API operation has this path. */
export class UnknownOperationException extends exceptionClass("UnknownOperationException", 404) {}

/** 405: the path exists but takes another HTTP method (listed in `allow`). */
export class MethodNotAllowedException extends exceptionClass("MethodNotAllowedException", 405) {
  constructor(
    message: string,
    readonly allow: string[],
  ) {
    super(message);
  }
}

/** 403: the request came through a host name the server does not answer to, or from another web origin. */
export class AccessDeniedException extends exceptionClass("AccessDeniedException", 403) {}

/** 415: the request body has a content type the API does not take (e.g. a browser's text/plain form post). */
export class UnsupportedMediaTypeException extends exceptionClass("UnsupportedMediaTypeException", 415) {}
