/**
 * Validation messages carry their fix in the schema (`fix:` on a message of an error in errors.yaml): the
 * generator emits `fix<Error><Name>` beside `message<Error><Name>`, each taking only the params it uses, so
 * the runtime's checks write neither the problem nor the fix themselves. A placeholder the params do not
 * declare, a param neither text uses, or a `fix:` where it means nothing fails generation.
 */
import { describe, expect, it } from "vitest";
import { emitErrors } from "../src/emit/errors";
import { copySchema, editYaml, expectLines, irOf, print, REAL_SCHEMA, schemaProblems } from "./helpers";

const ERRORS = "schema/errors.yaml";

function validationMessages(d: any): any[] {
  return d.errors.find((e: any) => e.name === "DurableValidationError").messages;
}
function errorIndex(d: any): number {
  return d.errors.findIndex((e: any) => e.name === "DurableValidationError");
}

function problemsAfter(edit: (data: any) => void) {
  const copy = copySchema(REAL_SCHEMA);
  editYaml(copy, "errors.yaml", edit);
  return schemaProblems(() => irOf(copy));
}

describe("validation messages with a fix", () => {
  it("emits the problem and the fix of the real schema's maxAttemptsInvalid, each with its own params", () => {
    const { ir, index } = irOf(copySchema(REAL_SCHEMA));
    const out = print(emitErrors(ir, index));
    expectLines(out, "export const messageDurableValidationErrorMaxAttemptsInvalid = (operation: string, got: string): string => `${operation}.maxAttempts must be a whole number of at least 1, got ${got}`;");
    expectLines(out, 'export const fixDurableValidationErrorMaxAttemptsInvalid = "Set maxAttempts to the total number of attempts including the first one (1 = never retry).";');
    // A param used by the fix only goes to the fix function.
    expectLines(out, "export const messageDurableValidationErrorPreviewMaskInvalid = (operation: string, got: string): string => `${operation}.config.maskString must be a string, got ${got}`;");
    expectLines(out, 'export const fixDurableValidationErrorPreviewMaskInvalid = (defaultMask: string): string => `Use the text masked values should show, e.g. "${defaultMask}" (the default).`;');
  });

  it("a fix placeholder that is not a param fails, naming the message's fix", () => {
    const problems = problemsAfter((d) => {
      validationMessages(d).find((m: any) => m.name === "maxAttemptsInvalid").fix = "Use at least ${minimum}.";
    });
    expect(problems).toEqual([{ file: ERRORS, path: expect.stringMatching(new RegExp(`^errors\\[\\d+\\]\\.messages\\[\\d+\\]\\.fix$`)), reason: "placeholder ${minimum} is not one of the params" }]);
  });

  it("a param that neither the template nor the fix uses fails", () => {
    const problems = problemsAfter((d) => {
      validationMessages(d)
        .find((m: any) => m.name === "previewMaskInvalid")
        .params.push({ name: "unused", type: "string", summary: "Not used." });
    });
    expect(problems).toEqual([{ file: ERRORS, path: expect.stringMatching(/\.params$/), reason: 'param "unused" is not used in the template or the fix' }]);
  });

  it("a template that restates its fix word for word fails (the fix is written once; the message composes it)", () => {
    const problems = problemsAfter((d) => {
      const m = validationMessages(d).find((x: any) => x.name === "loggerConfigNotObject");
      m.template = `${m.template}. ${m.fix}`;
    });
    expect(problems).toEqual([
      {
        file: ERRORS,
        path: expect.stringMatching(/\.template$/),
        reason: "the template restates the fix word for word: keep the problem in the template and compose the message with problemAndFix",
      },
    ]);
  });

  it("`fix:` is accepted on errors' messages only (a service exception's message rejects it)", () => {
    const problems = problemsAfter((d) => {
      d.serviceExceptions[0].messages[0].fix = "Do something else.";
    });
    expect(problems).toEqual([{ file: ERRORS, path: "serviceExceptions[0].messages[0]", reason: 'unknown key "fix"' }]);
    const typo = problemsAfter((d) => {
      const messages = validationMessages(d);
      messages[messages.length - 1].fixx = "x";
    });
    expect(typo).toEqual([{ file: ERRORS, path: expect.stringMatching(new RegExp(`^errors\\[${""}\\d+\\]\\.messages\\[\\d+\\]$`)), reason: 'unknown key "fixx"' }]);
  });
});
