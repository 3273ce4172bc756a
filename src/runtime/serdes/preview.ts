/**
 * Previews: a small, selected and masked copy of a value's fields, stored in a checkpoint next to a
 * file pointer (see {@link createFileSystemSerdes}) so consoles and APIs show something useful without
 * reading the file.
 *
 * @module
 */
import {
  describeReceived,
  fixDurableValidationErrorPreviewConfigNotObject,
  fixDurableValidationErrorPreviewFieldsNotArray,
  fixDurableValidationErrorPreviewMaskInvalid,
  fixDurableValidationErrorPreviewMatchInvalid,
  fixDurableValidationErrorPreviewMaxBytesInvalid,
  fixDurableValidationErrorPreviewModeInvalid,
  fixDurableValidationErrorPreviewSelectorInvalid,
  messageDurableValidationErrorPreviewConfigNotObject,
  messageDurableValidationErrorPreviewFieldsNotArray,
  messageDurableValidationErrorPreviewMaskInvalid,
  messageDurableValidationErrorPreviewMatchInvalid,
  messageDurableValidationErrorPreviewMaxBytesInvalid,
  messageDurableValidationErrorPreviewModeInvalid,
  messageDurableValidationErrorPreviewSelectorInvalid,
  PREVIEW_DEFAULTS,
  PREVIEW_FIELD_DEFAULTS,
  FieldMatchMode,
  PreviewMode,
  type PreviewConfig,
  type PreviewField,
} from "../../generated/index.js";
import { invalidInput } from "../duration.js";

/** Keys never read or written, so a preview can neither read nor pollute prototypes. */
const SKIPPED_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
// Marked pure, so a bundle of the published build (one module) drops them when nothing builds a
// preview, as a bundle of src/ drops the whole file (package.json: "sideEffects": false).
const MODES: ReadonlySet<string> = /* @__PURE__ */ new Set(/* @__PURE__ */ Object.values(PreviewMode));
const MATCHES: ReadonlySet<string> = /* @__PURE__ */ new Set(/* @__PURE__ */ Object.values(FieldMatchMode));
const OP = "buildPreview";

function checkFields(list: unknown, option: "include" | "exclude" | "mask"): PreviewField[] | undefined {
  if (list === undefined) return undefined;
  const field = `${OP}.config.${option}`;
  if (!Array.isArray(list)) {
    throw invalidInput({
      operation: OP,
      field,
      problem: messageDurableValidationErrorPreviewFieldsNotArray(field, describeReceived(list)),
      fix: fixDurableValidationErrorPreviewFieldsNotArray(option),
      received: list,
    });
  }
  list.forEach((entry: unknown, index) => {
    const at = `${field}[${index}]`;
    if (typeof entry !== "object" || entry === null || typeof (entry as PreviewField).name !== "string") {
      throw invalidInput({
        operation: OP,
        field: `${at}.name`,
        problem: messageDurableValidationErrorPreviewSelectorInvalid(at, describeReceived(entry)),
        fix: fixDurableValidationErrorPreviewSelectorInvalid,
        received: entry,
      });
    }
    const match = (entry as PreviewField).match;
    if (match !== undefined && !MATCHES.has(match as string)) {
      throw invalidInput({
        operation: OP,
        field: `${at}.match`,
        problem: messageDurableValidationErrorPreviewMatchInvalid(at, [...MATCHES].join(", "), describeReceived(match)),
        fix: fixDurableValidationErrorPreviewMatchInvalid,
        received: match,
      });
    }
  });
  return list as PreviewField[];
}

interface Rules {
  includeAll: boolean;
  include: PreviewField[] | undefined;
  exclude: PreviewField[] | undefined;
  mask: PreviewField[] | undefined;
  maskString: string;
  maxBytes: number;
}

function checkConfig(config: unknown): Rules {
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw invalidInput({
      operation: OP,
      field: `${OP}.config`,
      problem: messageDurableValidationErrorPreviewConfigNotObject(OP, describeReceived(config)),
      fix: fixDurableValidationErrorPreviewConfigNotObject,
      received: config,
    });
  }
  const c = config as Record<string, unknown>;
  if (!MODES.has(c.mode as string)) {
    throw invalidInput({
      operation: OP,
      field: `${OP}.config.mode`,
      problem: messageDurableValidationErrorPreviewModeInvalid(OP, [...MODES].join(", "), describeReceived(c.mode)),
      fix: fixDurableValidationErrorPreviewModeInvalid,
      received: c.mode,
    });
  }
  if (c.maskString !== undefined && typeof c.maskString !== "string") {
    throw invalidInput({
      operation: OP,
      field: `${OP}.config.maskString`,
      problem: messageDurableValidationErrorPreviewMaskInvalid(OP, describeReceived(c.maskString)),
      fix: fixDurableValidationErrorPreviewMaskInvalid(PREVIEW_DEFAULTS.maskString),
      received: c.maskString,
    });
  }
  const max = c.maxPreviewBytes;
  if (max !== undefined && (typeof max !== "number" || Number.isNaN(max) || max < 0)) {
    throw invalidInput({
      operation: OP,
      field: `${OP}.config.maxPreviewBytes`,
      problem: messageDurableValidationErrorPreviewMaxBytesInvalid(OP, describeReceived(max)),
      fix: fixDurableValidationErrorPreviewMaxBytesInvalid(PREVIEW_DEFAULTS.maxPreviewBytes),
      received: max,
    });
  }
  return {
    includeAll: c.mode === PreviewMode.INCLUDE_ALL,
    include: checkFields(c.include, "include"),
    exclude: checkFields(c.exclude, "exclude"),
    mask: checkFields(c.mask, "mask"),
    maskString: (c.maskString as string | undefined) ?? PREVIEW_DEFAULTS.maskString,
    maxBytes: (max as number | undefined) ?? PREVIEW_DEFAULTS.maxPreviewBytes,
  };
}

/** Whether any selector in `fields` selects the field at `path` (segments joined by dots). */
function selects(fields: PreviewField[] | undefined, path: string, segments: readonly string[]): boolean {
  if (fields === undefined) return false;
  for (const f of fields) {
    const match = f.match ?? PREVIEW_FIELD_DEFAULTS.match;
    if (match === FieldMatchMode.PATH ? f.name === path : segments.includes(f.name)) return true;
  }
  return false;
}

/** Walks `node` and appends the shown leaves (path, value) in traversal order. */
function gather(node: unknown, prefix: string, rules: Rules, out: Array<[string, unknown]>): void {
  if (typeof node !== "object" || node === null) return;
  if (Array.isArray(node)) {
    // Elements share their array's path: their fields merge into one object.
    for (const element of node) gather(element, prefix, rules, out);
    return;
  }
  const record = node as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (SKIPPED_KEYS.has(key) || key.includes(".")) continue;
    // An empty prefix (the root, or a field named "") adds no segment: `{"": {"id": 1}}` has the path "id".
    const path = prefix === "" ? key : `${prefix}.${key}`;
    const segments = path.split(".");
    if (selects(rules.exclude, path, segments)) continue;
    const child = record[key];
    const masked = selects(rules.mask, path, segments);
    if (masked) {
      out.push([path, rules.maskString]);
    } else if (!rules.includeAll && !selects(rules.include, path, segments)) {
      // Hidden itself, but something below may be included or masked.
      gather(child, path, rules, out);
    } else if (typeof child === "object" && child !== null) {
      gather(child, path, rules, out);
    } else {
      out.push([path, child]);
    }
  }
}

/** Writes `value` at the dot-separated `path` of `root`, replacing non-objects on the way. */
function place(root: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split(".");
  const last = segments.pop() as string;
  let node = root;
  for (const segment of segments) {
    const next = node[segment];
    if (typeof next === "object" && next !== null) {
      node = next as Record<string, unknown>;
    } else {
      const created: Record<string, unknown> = {};
      node[segment] = created;
      node = created;
    }
  }
  node[last] = value;
}

/**
 * Builds a preview of `value`: the fields that `config` shows, with masked values replaced, nested as
 * in `value`, within `config.maxPreviewBytes`.
 *
 * Rules, for each field (visited depth-first in key order):
 * - `exclude` wins: an excluded field is not shown, masked or searched further.
 * - `mask` shows the field (in either mode) with its whole value replaced by `maskString`.
 * - Otherwise the field is shown if the mode is `INCLUDE_ALL` or it is in `include`; a shown object is
 *   expanded into its fields, and a hidden one is still searched for included or masked fields below.
 *
 * Array elements are merged into one object at the array's path (arrays are not kept as arrays; a later
 * element's field replaces an earlier one's). Keys containing a dot and the keys `__proto__`,
 * `constructor` and `prototype` are skipped. Fields are added in traversal order until the next one
 * would take the JSON size over `maxPreviewBytes` (its default is stated on {@link PreviewConfig}).
 *
 * @param value - Any value; only objects and arrays have fields to preview.
 * @param config - Which fields to show and mask; see {@link PreviewConfig}.
 * @returns The preview, or `undefined` when `value` is not an object or nothing is shown.
 * @throws DurableValidationError when `config` is malformed (the error's `field` names the option).
 *
 * @example
 * ```typescript
 * const preview = buildPreview(
 *   { id: "order-123", status: "pending", total: 42, user: { email: "a@b.c", name: "Ann" } },
 *   { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: "id" }, { name: "status" }], mask: [{ name: "email" }] },
 * );
 * // { id: "order-123", status: "pending", user: { email: "***" } }
 * ```
 *
 * @public
 */
// `any` as in the reference's signature, so existing callers type-check unchanged.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function buildPreview(value: any, config: PreviewConfig): Record<string, unknown> | undefined {
  const rules = checkConfig(config);
  if (typeof value !== "object" || value === null) return undefined;
  const leaves: Array<[string, unknown]> = [];
  gather(value, "", rules, leaves);
  const preview: Record<string, unknown> = {};
  let bytes = 2; // the braces
  let placed = 0;
  for (const [path, leaf] of leaves) {
    // Size of `"path":<json>,` — the separator is counted for every entry, as a close upper bound.
    const cost = Buffer.byteLength(`"${path}":${JSON.stringify(leaf)},`, "utf8");
    if (bytes + cost > rules.maxBytes) break;
    bytes += cost;
    place(preview, path, leaf);
    placed += 1;
  }
  return placed > 0 && Object.keys(preview).length > 0 ? preview : undefined;
}
