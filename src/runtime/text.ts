/**
 * Text of a value the SDK did not make (a thrown value, an error's name or message) for a message.
 *
 * @module
 */
import { describeReceived } from "../generated/index.js";

/**
 * `String(value)` as before for every value it can write; when String() throws (an object without a
 * prototype, a toString that throws, a symbol reached through a template) the value as the validators
 * describe it ("an empty object"), and its type when even that throws (a Proxy whose traps throw). A
 * message built from it can then not itself throw a TypeError.
 */
export function safeText(value: unknown): string {
  try {
    return String(value);
  } catch {
    try {
      return describeReceived(value);
    } catch {
      return typeof value;
    }
  }
}
