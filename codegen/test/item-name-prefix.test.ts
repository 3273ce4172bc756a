/**
 * `itemNamePrefix` (map.yaml, parallel.yaml): what an unnamed item's child context is named is written
 * once, as schema data. It is generated into OPERATIONS (which the runtime reads), and the operation's
 * texts say `{itemNamePrefix}` where they mention it, filled in when generating.
 */
import { describe, expect, it } from "vitest";
import { OPERATIONS } from "../../src/generated/index.js";
import { copySchema, editYaml, irOf, REAL_SCHEMA, schemaProblems } from "./helpers";

const opFile = (name: string) => `operations/${name}.yaml`;

describe("itemNamePrefix", () => {
  it("is generated into OPERATIONS and filled into the description and the itemNamer default", () => {
    expect(OPERATIONS.map.itemNamePrefix).toBe("map-item-");
    expect(OPERATIONS.parallel.itemNamePrefix).toBe("parallel-branch-");
    const { ir } = irOf(copySchema(REAL_SCHEMA));
    const map = ir.operations.find((o) => o.name === "map")!;
    expect(map.description).toContain("Unnamed items are named `map-item-<index>`.");
    expect(map.config!.fields.find((f) => f.name === "itemNamer")!.default).toEqual({ kind: "unset", text: "map-item-<index>" });
    expect(ir.operations.find((o) => o.name === "parallel")!.description).toContain("Unnamed branches are named `parallel-branch-<index>`.");
    // Only batch operations have one.
    expect(ir.operations.filter((o) => o.itemNamePrefix !== undefined).map((o) => o.name).sort()).toEqual(["map", "parallel"]);
  });

  it("a prefix written out in a text instead of the placeholder is a problem", () => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, opFile("map"), (d) => {
      d.description = d.description.replace("{itemNamePrefix}", "map-item-");
      d.remarks = `${d.remarks} Item 3 is map-item-3.`;
    });
    const reason = 'writes the item name prefix "map-item-" out; use {itemNamePrefix}';
    expect(schemaProblems(() => irOf(copy))).toEqual([
      expect.objectContaining({ file: "schema/operations/map.yaml", path: "description", reason }),
      expect.objectContaining({ file: "schema/operations/map.yaml", path: "remarks", reason }),
    ]);
  });

  it("the placeholder in an operation without a prefix, and a prefix without itemSubType, are problems", () => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, opFile("step"), (d) => {
      d.description = `${d.description ?? ""} Named {itemNamePrefix}.`;
    });
    editYaml(copy, opFile("parallel"), (d) => {
      delete d.itemSubType;
    });
    const problems = schemaProblems(() => irOf(copy));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: "schema/operations/step.yaml", path: "description", reason: "uses {itemNamePrefix} but the operation has no itemNamePrefix" }),
        expect.objectContaining({ file: "schema/operations/parallel.yaml", path: "itemNamePrefix", reason: expect.stringContaining("itemSubType and itemNamePrefix go together") }),
      ]),
    );
    expect(problems).toHaveLength(2);
  });
});
