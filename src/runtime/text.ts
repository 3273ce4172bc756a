/**
 * The text of a value the SDK did not make, for a message or an error object.
 *
 * Two jobs, two functions, used everywhere the SDK writes such a value:
 * - a bad input in a validation message ("(received number -1)", "got an array of 2"): the generated
 *   `describeReceived` (src/generated/validators.ts), which every validation message uses;
 * - a thrown value's own text (an error's name or message, something thrown that is not an Error):
 *   {@link thrownText} here. It must be the value's own text, as `String()` writes it, because it is
 *   what the reference SDK writes too (a failed step's ErrorMessage, the Error given to a retry
 *   strategy): "boom" for `throw "boom"`, not `"boom"` described.
 *
 * @module
 */
import { describeReceived } from "../generated/index.js";

/**
 * A thrown value's own text: `String(value)` (as the reference SDK writes it), or, when String()
 * throws (an object without a prototype, one whose toString throws), the value described as
 * validation messages describe it ("an empty object"). Never throws, so a message or an error object
 * built from it cannot itself end in a TypeError.
 */
export function thrownText(value: unknown): string {
  try {
    return String(value);
  } catch {
    return describeReceived(value);
  }
}
