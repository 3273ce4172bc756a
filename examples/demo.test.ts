/**
 * README's first command, `npm ci && npm run demo`: the demo script (examples/demo.ts) run the way the
 * README runs it, through npm in a child process, on the local durable service. It must exit 0 and
 * end each of its three executions the way its text says (the saga ships, the saga over the card
 * limit compensates, the expense claim is paid after the callback).
 */
import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(npm, ["run", "--silent", "demo"], { cwd: root, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : child.exitCode ?? 0, stdout, stderr }),
    );
  });
}

describe("npm run demo (README's first command)", () => {
  it("runs the three example executions to their described outcomes and exits 0", async () => {
    const { code, stdout, stderr } = await runDemo();
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const outcomes = stdout.split("\n").filter((line) => line.trimStart().startsWith("→ "));
    expect(outcomes).toHaveLength(3);
    expect(outcomes.every((line) => line.includes("→ SUCCEEDED: "))).toBe(true);
    const [shipped, compensated, paid] = outcomes.map((line) => JSON.parse(line.slice(line.indexOf("{"))) as Record<string, unknown>);
    expect(shipped).toMatchObject({ orderId: "o-1001", status: "shipped" });
    // The saga over the card limit failed its charge and released the reserved stock in reverse.
    expect(compensated).toMatchObject({ orderId: "o-1002", status: "compensated", failedStep: "charge-card", compensations: ["release-o-1002-lamp", "release-o-1002-desk"] });
    expect(paid).toMatchObject({ claimId: "exp-7", status: "paid", approver: "maria" });
  }, 150_000);
});
