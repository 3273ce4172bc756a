/** The local durable service over HTTP, under the Lambda REST routes. */
export { LocalHttpServer, LOCAL_CREDENTIALS } from "./server.js";
export type { HandlerTransport, LocalHttpServerOptions, RequestInfo } from "./server.js";
export { InvalidRequestContentException, MethodNotAllowedException, RequestTooLargeException, UnknownOperationException } from "./errors.js";
