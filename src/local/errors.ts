/**
 * Errors thrown by the local durable service, shaped like the AWS SDK's Lambda service exceptions
 * (`name`, `message`, `$fault`, `$metadata.httpStatusCode`) so that code classifying real service
 * errors (e.g. the SDK's checkpoint-error classification) treats them the same way.
 */

export abstract class LocalServiceException extends Error {
  abstract override readonly name: string;
  readonly $fault: "client" | "server";
  readonly $metadata: { httpStatusCode: number };
  /** Lambda's exception `Type` field. */
  readonly Type = "User";

  protected constructor(message: string, httpStatusCode: number, fault: "client" | "server" = "client") {
    super(message);
    this.$fault = fault;
    this.$metadata = { httpStatusCode };
  }
}

/** A concrete exception class with a fixed `name` and HTTP status. */
export function exceptionClass<N extends string>(name: N, httpStatusCode: number) {
  return class extends LocalServiceException {
    override readonly name: N = name;
    constructor(message: string) {
      super(message, httpStatusCode);
    }
  };
}

/** 400: the request broke a validation rule (each message names the rule). */
export class InvalidParameterValueException extends exceptionClass("InvalidParameterValueException", 400) {}

/** 404: unknown execution ARN, callback id or function. */
export class ResourceNotFoundException extends exceptionClass("ResourceNotFoundException", 404) {}

/** 409: an execution with this name already exists with a different input. */
export class DurableExecutionAlreadyStartedException extends exceptionClass("DurableExecutionAlreadyStartedException", 409) {}

/** 400: the callback has already been closed (completed, timed out or cancelled). */
export class CallbackTimeoutException extends exceptionClass("CallbackTimeoutException", 400) {}

/** 409: the request conflicts with the execution's current state (e.g. stopping a finished execution). */
export class ResourceConflictException extends exceptionClass("ResourceConflictException", 409) {}
