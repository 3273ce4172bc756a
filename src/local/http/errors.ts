/**
 * Exceptions the HTTP front of the local service raises on top of the service's own (src/local/errors.ts):
 * request-level problems that never reach the service. Each maps to Lambda's error response
 * (`x-amzn-errortype` header, `{"Type":"User","message":…}` body) with its status code.
 */
import { LocalServiceException } from "../errors.js";

/** 400: the body is not JSON, or not the JSON the operation takes. */
export class InvalidRequestContentException extends LocalServiceException {
  override readonly name = "InvalidRequestContentException";
  constructor(message: string) {
    super(message, 400);
  }
}

/** 413: the request body is larger than the operation allows. */
export class RequestTooLargeException extends LocalServiceException {
  override readonly name = "RequestTooLargeException";
  constructor(message: string) {
    super(message, 413);
  }
}

/** 404: no Lambda API operation has this path. */
export class UnknownOperationException extends LocalServiceException {
  override readonly name = "UnknownOperationException";
  constructor(message: string) {
    super(message, 404);
  }
}

/** 405: the path exists but takes another HTTP method. */
export class MethodNotAllowedException extends LocalServiceException {
  override readonly name = "MethodNotAllowedException";
  readonly allow: string[];
  constructor(message: string, allow: string[]) {
    super(message, 405);
    this.allow = allow;
  }
}
