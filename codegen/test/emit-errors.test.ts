/** emitErrors: error classes per family, the cross-copy brand, the ErrorType registry and the catalog. */
import { describe, expect, it } from "vitest";
import { emitErrors } from "../src/emit/errors";
import { editYaml, expectLines, minimalIr, print } from "./helpers";

describe("emitErrors", () => {
  const { ir, index } = minimalIr((copy) => {
    editYaml(copy, "enums.yaml", (file) =>
      file.enums.push({ name: "TerminationReason", summary: "Why.", values: [{ name: "SERDES_FAILED", summary: "Serdes." }] }),
    );
    editYaml(copy, "errors.yaml", (file) =>
      file.errors.push(
        {
          name: "CallbackError",
          family: "operation",
          extends: "DurableOperationError",
          errorType: "CallbackError",
          defaultMessage: "Callback failed",
          retryable: false,
          raisedBy: ["step"],
          summary: "Base of the callback failures.",
          cause: "Why it happens.",
          fix: "What to change.",
        },
        {
          name: "CallbackTimeoutError",
          family: "operation",
          extends: "CallbackError",
          errorType: "CallbackTimeout",
          defaultMessage: "Callback timed out",
          retryable: false,
          raisedBy: ["step"],
          summary: "The callback timed out.",
          cause: "Why it happens.",
          fix: "What to change.",
        },
        { name: "UnrecoverableError", family: "unrecoverable", abstract: true, extends: "Error", retryable: false, summary: "Base." },
        {
          name: "UnrecoverableInvocationError",
          family: "unrecoverable",
          abstract: true,
          extends: "UnrecoverableError",
          scope: "invocation",
          messagePrefix: "[Unrecoverable Invocation] ",
          retryable: true,
          summary: "Ends this invocation.",
        },
        {
          name: "SerdesFailedError",
          family: "unrecoverable",
          extends: "UnrecoverableInvocationError",
          terminationReason: "SERDES_FAILED",
          defaultMessage: "Serdes operation failed",
          retryable: true,
          summary: "A serdes threw.",
          cause: "Why it happens.",
          fix: "What to change.",
        },
      ),
    );
  });
  const out = print(emitErrors(ir, index));

  it("emits an operation error with its wire errorType and default message", () => {
    expectLines(
      out,
      `/**
 * The callback timed out.
 *
 * Classification: terminal. Raised by: step.
 *
 * @generated from schema/errors.yaml, error CallbackTimeoutError
 */
export class CallbackTimeoutError extends CallbackError {
  /** Stable wire name of the error (\`ErrorType\`). */
  override readonly errorType = "CallbackTimeout";
}`,
    );
    // Its default message is listed for messageOr, which the root's constructor (the nearest above it) applies.
    expectLines(out, `const DEFAULT_MESSAGES = new Map<Function, string>([\n  [StepError, "Step failed"],\n  [CallbackError, "Callback failed"],\n  [CallbackTimeoutError, "Callback timed out"],\n  [SerdesFailedError, "Serdes operation failed"],\n]);`);
    expectLines(out, `  public constructor(message?: string, cause?: Error, errorData?: string) {\n    super(messageOr(message, new.target));`);
  });

  it("messageOr takes the nearest listed default, only for an empty or missing message", () => {
    const body = /function messageOr\(message: string \| undefined, target: Function\): string \| undefined \{\n([\s\S]*?)\n\}/.exec(out);
    expect(body, "messageOr").not.toBeNull();
    class Base {}
    class Listed extends Base {}
    class Below extends Listed {}
    const defaults = new Map<Function, string>([[Listed, "listed"]]);
    const messageOr = new Function("DEFAULT_MESSAGES", "message", "target", body![1]!.replace(/ as Function/g, "").replace(/let c: unknown/, "let c")) as (
      d: Map<Function, string>,
      message: string | undefined,
      target: Function,
    ) => string | undefined;
    expect(messageOr(defaults, undefined, Below)).toBe("listed");
    expect(messageOr(defaults, "", Listed)).toBe("listed");
    expect(messageOr(defaults, "given", Below)).toBe("given");
    expect(messageOr(defaults, "", Base)).toBe("");
    expect(messageOr(defaults, undefined, Base)).toBeUndefined();
  });

  it("widens errorType on a concrete error that has subclasses", () => {
    expectLines(out, `export class CallbackError extends DurableOperationError {\n  /** Stable wire name of the error (\`ErrorType\`). */\n  readonly errorType: string = "CallbackError";`);
  });

  it("brands every class and rebuilds operation errors by ErrorType", () => {
    // One names string and one class list, in the same order: the i-th name brands the i-th class.
    const names = JSON.parse(/^const CLASS_NAMES = ("[^"]*")\.split\(" "\);$/m.exec(out)![1]!) as string;
    const classes = /^\[([\w, ]+)\]\.forEach\(\(cls, i\) => CLASS_IDS\.set\(cls, CLASS_NAMES\[i\]!\)\);$/m.exec(out)![1]!;
    expect(classes.split(", ")).toEqual(names.split(" "));
    expect(names.split(" ")).toContain("CallbackTimeoutError");
    // A class whose ErrorType is its name is keyed by its brand id (the name is written once); another is listed.
    expect(out).toMatch(/^  \.\.\.\[StepError(, \w+)*\]\.map\(\(cls\) => \[CLASS_IDS\.get\(cls\)!, cls\] as const\),$/m);
    expectLines(out, '  ["CallbackTimeout", CallbackTimeoutError]');
    // The abstract base alone carries the `instanceof` hook; subclasses inherit it.
    expect(out.match(/static override\[Symbol\.hasInstance\]/g)).toHaveLength(2);
  });

  it("falls back to StepError for an unknown ErrorType and says so", () => {
    expectLines(out, "  /** Rebuilds the error class named by `ErrorType` (StepError when unknown). */");
    expect(out).toContain('known ?? ERROR_FACTORIES.get("StepError")!;');
  });

  it("without a StepError, falls back to the first concrete operation error and says so", () => {
    const renamed = minimalIr((copy) => {
      editYaml(copy, "errors.yaml", (file) => Object.assign(file.errors[1], { name: "TaskError", errorType: "Task" }));
      editYaml(copy, "operations/step.yaml", (op) => (op.errors = ["TaskError"]));
    });
    const text = print(emitErrors(renamed.ir, renamed.index));
    expectLines(text, "  /** Rebuilds the error class named by `ErrorType` (TaskError when unknown). */");
    expect(text).toContain('known ?? ERROR_FACTORIES.get("Task")!;');
  });

  it("classifies an unrecoverable error by the scope it inherits", () => {
    expectLines(
      out,
      `export const ERROR_CATALOG = {
  DurableOperationError: { errorType: null, retryable: false, category: "terminal", scope: null },
  StepError: { errorType: "StepError", retryable: true, category: "retryable", scope: null },
  CallbackError: { errorType: "CallbackError", retryable: false, category: "terminal", scope: null },
  CallbackTimeoutError: { errorType: "CallbackTimeout", retryable: false, category: "terminal", scope: null },
  UnrecoverableError: { errorType: null, retryable: false, category: "unrecoverable (scope set by subclasses)", scope: null },
  UnrecoverableInvocationError: { errorType: null, retryable: true, category: "unrecoverable (invocation)", scope: "invocation" },
  SerdesFailedError: { errorType: null, retryable: true, category: "unrecoverable (invocation)", scope: "invocation" },
} as const;`,
    );
    expectLines(
      out,
      `export class SerdesFailedError extends UnrecoverableInvocationError {
  /** Why the invocation ends. */
  readonly terminationReason: TerminationReason = "SERDES_FAILED";
}`,
    );
  });
});

describe("emitErrors: messages with the same text", () => {
  it("emits the text once and the later message as the earlier one's function under its own name", () => {
    const { ir, index } = minimalIr((copy) =>
      editYaml(copy, "errors.yaml", (file) => {
        const list = { params: [{ name: "path", type: "string", summary: "The option's path." }], template: "${path} must be an array" };
        file.plainErrorMessages = [
          { name: "firstListNotArray", summary: "The first list is not an array.", ...list },
          { name: "otherText", summary: "Another text.", template: "${path} is fine", params: list.params },
          { name: "secondListNotArray", summary: "The second list is not an array.", ...list },
        ];
      }),
    );
    const out = print(emitErrors(ir, index));
    expect(out.match(/must be an array/g)).toHaveLength(1);
    expect(out).toContain("export const messagePlainErrorFirstListNotArray = (path: string): string => `${path} must be an array`;");
    expect(out).toContain("export const messagePlainErrorSecondListNotArray = messagePlainErrorFirstListNotArray;");
    expect(out).toContain("export const messagePlainErrorOtherText = (path: string): string => `${path} is fine`;");
  });
});
