/**
 * createFileSystemSerdes' directory layout (URI path encoding) for a table of ARNs: where each
 * execution's files go, next to where the reference's createFileSystemSerdes puts them. The layout
 * follows the generated ARN grammar (schema/wire.yaml lambdaApi.grammar, parseDurableExecutionArn):
 * a qualified durable execution ARN gives `<function>/<execution name>/<execution id>/`, anything
 * else one directory named by the encoded ARN. The reference matches a looser grammar of its own, so
 * the two differ only on ARNs no Lambda service mints (the "stricter grammar" rows).
 */
import { createFileSystemSerdes as refCreateFileSystemSerdes } from "@aws/durable-execution-sdk-js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createFileSystemSerdes, FileSystemSerdesMode, type AnySerdes } from "../../src/index.js";

const base = mkdtempSync(join(tmpdir(), "fs-serdes-layout-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const UUID = "0b6f5c1e-7a1e-4c59-9f54-0c8c1b2b3d4e";
const name64 = "n".repeat(64);
const fn64 = "f".repeat(64);
const one = (arn: string) => [encodeURIComponent(arn)];

/** [label, ARN, the directory (segments under the base path) the files go to, the reference's when it differs]. */
const TABLE: Array<[string, string, string[], string[]?]> = [
  // Qualified durable execution ARNs, as the service and the local service mint them.
  ["$LATEST", `arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST/durable-execution/exec-1/${UUID}`, ["orders", "exec-1", UUID]],
  ["a version", `arn:aws:lambda:eu-west-1:123456789012:function:orders:7/durable-execution/exec-1/${UUID}`, ["orders", "exec-1", UUID]],
  ["an alias", `arn:aws:lambda:us-east-1:123456789012:function:orders:live/durable-execution/Order_2-b/${UUID}`, ["orders", "Order_2-b", UUID]],
  ["aws-cn partition", `arn:aws-cn:lambda:cn-north-1:123456789012:function:My_fn-1:prod/durable-execution/x/${UUID}`, ["My_fn-1", "x", UUID]],
  ["aws-us-gov partition", `arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f:1/durable-execution/x/y`, ["f", "x", "y"]],
  ["64-character names", `arn:aws:lambda:us-east-1:123456789012:function:${fn64}:$LATEST/durable-execution/${name64}/${UUID}`, [fn64, name64, UUID]],
  ["an execution id with odd characters", "arn:aws:lambda:us-east-1:123456789012:function:f:1/durable-execution/x/a b%c:d", ["f", "x", "a b%c:d"]],
  // Not durable execution ARNs in either grammar: one directory named by the encoded ARN.
  ["a bare execution id (the reference's local runner)", UUID, one(UUID)],
  ["a local ARN", "arn:aws:lambda:local:000000000000:durable-execution:run/7f3e", one("arn:aws:lambda:local:000000000000:durable-execution:run/7f3e")],
  ["an odd string", "not an arn / with spaces?&", one("not an arn / with spaces?&")],
  ["a function ARN", "arn:aws:lambda:us-east-1:123456789012:function:orders:7", one("arn:aws:lambda:us-east-1:123456789012:function:orders:7")],
  ["no execution name", "arn:aws:lambda:us-east-1:000000000000:function:replay/durable-execution/x", one("arn:aws:lambda:us-east-1:000000000000:function:replay/durable-execution/x")],
  [
    "an extra segment",
    `arn:aws:lambda:us-east-1:123456789012:function:f:1/durable-execution/x/${UUID}/more`,
    one(`arn:aws:lambda:us-east-1:123456789012:function:f:1/durable-execution/x/${UUID}/more`),
  ],
  // Stricter grammar: ARNs the generated grammar refuses (no Lambda service mints them) get one
  // directory; the reference's looser grammar of its own gives them <function>/<execution>/<id>.
  ["a short account id", "arn:aws:lambda:us-east-1:123:function:f:1/durable-execution/x/y", one("arn:aws:lambda:us-east-1:123:function:f:1/durable-execution/x/y"), ["f", "x", "y"]],
  ["a partition other than aws*", "arn:other:lambda:us-east-1:123456789012:function:f:1/durable-execution/x/y", one("arn:other:lambda:us-east-1:123456789012:function:f:1/durable-execution/x/y"), ["f", "x", "y"]],
  ["an upper-case region", "arn:aws:lambda:US-EAST-1:123456789012:function:f:1/durable-execution/x/y", one("arn:aws:lambda:US-EAST-1:123456789012:function:f:1/durable-execution/x/y"), ["f", "x", "y"]],
  ["a dot in the function name", "arn:aws:lambda:us-east-1:123456789012:function:my.fn:1/durable-execution/x/y", one("arn:aws:lambda:us-east-1:123456789012:function:my.fn:1/durable-execution/x/y"), ["my.fn", "x", "y"]],
  ["a dot in the execution name", "arn:aws:lambda:us-east-1:123456789012:function:f:1/durable-execution/x.y/z", one("arn:aws:lambda:us-east-1:123456789012:function:f:1/durable-execution/x.y/z"), ["f", "x.y", "z"]],
  ["a 65-character execution name", `arn:aws:lambda:us-east-1:123456789012:function:f:1/durable-execution/${name64}n/z`, one(`arn:aws:lambda:us-east-1:123456789012:function:f:1/durable-execution/${name64}n/z`), ["f", `${name64}n`, "z"]],
  // Unqualified: the generated grammar reads it as a durable execution ARN; the layout stays one
  // directory, as the reference lays it out (both SDKs write an execution's files in the same place).
  [
    "unqualified",
    `arn:aws:lambda:us-east-1:123456789012:function:orders/durable-execution/exec-1/${UUID}`,
    one(`arn:aws:lambda:us-east-1:123456789012:function:orders/durable-execution/exec-1/${UUID}`),
  ],
];

/** The directory `serdes` writes an execution's file to, as segments under the base path. */
async function dirOf(make: (basePath: string) => AnySerdes, arn: string): Promise<string[]> {
  const text = await make(base).serialize({ a: 1 }, { entityId: "1", durableExecutionArn: arn });
  return relative(base, dirname((JSON.parse(text!) as { file: string }).file)).split(sep);
}

describe("createFileSystemSerdes lays out an execution's files by its ARN (URI encoding)", () => {
  const ours = (basePath: string) => createFileSystemSerdes(basePath, { storageMode: FileSystemSerdesMode.ALWAYS });
  const theirs = (basePath: string) => refCreateFileSystemSerdes(basePath, { storageMode: FileSystemSerdesMode.ALWAYS } as never);
  for (const [label, arn, expected, reference] of TABLE) {
    it(`${label}: ${arn}`, async () => {
      expect(await dirOf(ours, arn)).toEqual(expected);
      expect(await dirOf(theirs, arn)).toEqual(reference ?? expected);
    });
  }
});
