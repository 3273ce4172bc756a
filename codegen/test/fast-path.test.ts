/**
 * The generated methods skip the generated validator for common calls (simple arguments, no config). That
 * shortcut must never accept anything the validator would reject: for every operation, every
 * combination of sample arguments the fast test accepts must pass the real validator too (a leading name
 * slot only ever holds a string or undefined: the method resolves it by type first).
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadSchema } from "../src/load";
import { buildIr } from "../src/ir";
import { fastAcceptTest } from "../src/emit/context";
import * as generated from "../../src/generated/index";

const root = join(import.meta.dirname, "../..");
const ir = buildIr(loadSchema(join(root, "schema"), root));

const SAMPLES: unknown[] = [undefined, null, "", "name", 0, 5, -1, 1.5, true, () => 1, async () => 1, [], [1, 2], [() => 1], {}, { seconds: 1 }, { retry: 1 }];

function* combinations(count: number): Generator<unknown[]> {
  if (count === 0) {
    yield [];
    return;
  }
  for (const rest of combinations(count - 1)) for (const sample of SAMPLES) yield [...rest, sample];
}

describe("fast path of the generated methods", () => {
  for (const op of ir.operations) {
    const test = fastAcceptTest(op);
    it(`${op.name}: ${test === undefined ? "always validated" : "fast test implies the validator accepts"}`, () => {
      if (test === undefined) return;
      const names = op.args.map((a) => a.name);
      const accepts = new Function(...names, `return ${test};`) as (...args: unknown[]) => boolean;
      const validate = (generated as unknown as Record<string, (input: unknown) => unknown>)[op.argsValidatorName]!;
      let accepted = 0;
      for (const values of combinations(names.length)) {
        // A leading name is resolved by its type before the test runs: in that slot only a string or
        // undefined can arrive (anything else is taken as the next argument, the name left out).
        if (op.discriminator === "leading-string" && names[0] === "name" && values[0] !== undefined && typeof values[0] !== "string") continue;
        if (!accepts(...values)) continue;
        accepted++;
        const args = Object.fromEntries(names.map((n, i) => [n, values[i]]));
        expect(validate(args), `${op.name}(${JSON.stringify(args)})`).toBeUndefined();
      }
      expect(accepted).toBeGreaterThan(0);
    });
  }
});
