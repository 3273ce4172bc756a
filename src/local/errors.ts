/**
 * Errors thrown by the local durable service, shaped like the AWS SDK's Lambda service exceptions
 * (`name`, `message`, `$fault`, `$metadata.httpStatusCode`). Names, status codes and messages are
 * generated from `serviceExceptions:` in schema/errors.yaml; this module re-exports the ones the
 * service itself throws (the HTTP front's own are in ./http/errors.ts).
 */
export {
  CallbackTimeoutException,
  DurableExecutionAlreadyStartedException,
  InvalidParameterValueException,
  LocalServiceException,
  ResourceConflictException,
  ResourceNotFoundException,
  RUNTIME_EXIT_ERROR_TYPE,
  RUNTIME_INVALID_RESPONSE_ERROR_TYPE,
  RUNTIME_OUT_OF_MEMORY_ERROR_TYPE,
  SANDBOX_TIMEDOUT_ERROR_TYPE,
  SERVICE_ERROR_OBJECTS,
  SERVICE_MESSAGES,
} from "../generated/service-errors.js";
