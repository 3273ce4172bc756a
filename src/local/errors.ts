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

/** 400: the request broke a validation rule (each message names the rule). */
export class InvalidParameterValueException extends LocalServiceException {
  override readonly name = "InvalidParameterValueException" as const;
  constructor(message: string) {
    super(message, 400);
  }
}

/** 404: unknown execution ARN, callback id or function. */
export class ResourceNotFoundException extends LocalServiceException {
  override readonly name = "ResourceNotFoundException" as const;
  constructor(message: string) {
    super(message, 404);
  }
}

/** 409: an execution with this name already exists with a different input. */
export class DurableExecutionAlreadyStartedException extends LocalServiceException {
  override readonly name = "DurableExecutionAlreadyStartedException" as const;
  constructor(message: string) {
    super(message, 409);
  }
}

/** 400: the callback has already been closed (completed, timed out or cancelled). */
export class CallbackTimeoutException extends LocalServiceException {
  override readonly name = "CallbackTimeoutException" as const;
  constructor(message: string) {
    super(message, 400);
  }
}

/** 409: the request conflicts with the execution's current state (e.g. stopping a finished execution). */
export class ResourceConflictException extends LocalServiceException {
  override readonly name = "ResourceConflictException" as const;
  constructor(message: string) {
    super(message, 409);
  }
}
