/** The operations (schema/operations/*.yaml): their methods, arguments, configs, checkpoints and errors. */
import type { OperationFile } from "../meta-schema";
import type { IrConfig, IrOperation } from "../ir";
import type { BuildContext } from "./build-context";

/** Stands for an operation's `itemNamePrefix` in its description and config texts (see meta-schema.ts). */
const ITEM_NAME_PLACEHOLDER = "{itemNamePrefix}";

/**
 * The item name prefix of a batch operation, written once (`itemNamePrefix`): `{itemNamePrefix}` in the
 * operation's summary, description and remarks and in its config fields' `unset` texts stands for it. Problems: a prefix
 * without `itemSubType` (or the reverse), the placeholder in an operation without a prefix, and the
 * prefix written out literally in those texts (a restatement the placeholder replaces).
 */
export function itemNameTexts({ problem }: BuildContext, op: OperationFile, source: string, config: IrConfig | undefined): Pick<IrOperation, "summary" | "description" | "remarks"> {
  const prefix = op.itemNamePrefix;
  if ((prefix === undefined) !== (op.itemSubType === undefined))
    problem(source, prefix === undefined ? "itemSubType" : "itemNamePrefix", "itemSubType and itemNamePrefix go together: a batch operation's items have a subtype and a name for the unnamed ones");
  const fill = (text: string, path: string): string => {
    if (prefix !== undefined && text.includes(prefix)) problem(source, path, `writes the item name prefix "${prefix}" out; use {itemNamePrefix}`);
    if (!text.includes(ITEM_NAME_PLACEHOLDER)) return text;
    if (prefix === undefined) {
      problem(source, path, `uses ${ITEM_NAME_PLACEHOLDER} but the operation has no itemNamePrefix`);
      return text;
    }
    return text.split(ITEM_NAME_PLACEHOLDER).join(prefix);
  };
  for (const [i, f] of (config?.fields ?? []).entries())
    if (f.default?.kind === "unset") f.default = { kind: "unset", text: fill(f.default.text, `config.fields[${i}].default.unset`) };
  return {
    summary: fill(op.summary, "summary"),
    description: op.description === undefined ? undefined : fill(op.description, "description"),
    remarks: op.remarks === undefined ? undefined : fill(op.remarks, "remarks"),
  };
}
