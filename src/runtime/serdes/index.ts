/**
 * Serialization of operation payloads.
 *
 * @module
 */
export { defaultSerdes } from "./default-serdes.js";
export { createFileSystemSerdes } from "./filesystem-serdes.js";
export { buildPreview } from "./preview.js";
export { createClassSerdes, createClassSerdesWithDates, type NoArgClass } from "./class-serdes.js";
export { decodeRichJson, encodeRichJson, ENVELOPE_KEY, ENVELOPE_VERSION, TAG_KEY } from "./rich-json.js";
export {
  safeDeserialize,
  safeSerialize,
  serdesFailureMessage,
  type SerdesDirection,
  type SerdesTarget,
} from "./safe-serdes.js";
