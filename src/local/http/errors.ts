/**
 * Exceptions the HTTP front of the local service raises on top of the service's own (src/local/errors.ts):
 * request-level problems that never reach the service, and the 500 of an unexpected internal failure. Each
 * maps to Lambda's error response (`x-amzn-errortype` header, `{"Type":"User"|"Service","message":…}` body)
 * with its status code; generated from `serviceExceptions:` in schema/errors.yaml.
 */
export {
  AccessDeniedException,
  InvalidRequestContentException,
  MethodNotAllowedException,
  RequestTooLargeException,
  ServiceException,
  UnknownOperationException,
  UnsupportedMediaTypeException,
  SERVICE_MESSAGES,
} from "../../generated/service-errors.js";
