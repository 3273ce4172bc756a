/**
 * The web UI of `durable dev`, used the way a person uses it: `durable dev examples/approval-workflow.ts`
 * runs as a child process, the system Chromium (playwright-core) opens the URL it prints, and:
 * an execution started by another client appears in the list without a reload, pending on its
 * callback; its callback id is shown; "Send success" completes it and the page shows it succeeded;
 * "Re-run" starts a new execution with the same input, and "Stop" stops it; "Start execution"
 * starts one with a typed JSON input, whose callback "Send failure" answers; of two pending callbacks
 * only the one with a heartbeat timeout offers "Heartbeat". Every outcome is checked
 * against the Lambda API too. No console error (a CSP violation included) may occur. Screenshots of
 * the list and the execution page (light and dark), and of the two callbacks, land in test-artifacts/ui/.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollFor } from "../local/http-support.js";

const root = join(import.meta.dirname, "../..");
const artifacts = join(root, "test-artifacts/ui");
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const CLAIM = { id: "exp-7", employee: "ana", amount: 120, description: "Team lunch" };

interface Described {
  Status: string;
  InputPayload?: string;
  Result?: string;
  DurableExecutionName: string;
}

describe("the durable dev web UI in Chromium", { timeout: 120_000 }, () => {
  let dev: ChildProcess | undefined;
  let output = "";
  let uiUrl = "";
  let endpoint = "";
  let browser: Browser | undefined;
  let page: Page;
  let userDataDir = "";
  const problems: string[] = [];

  const api = async <T>(path: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: T }> => {
    const response = await fetch(endpoint + path, init);
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const describeExecution = async (arn: string) => (await api<Described>(`/2025-12-01/durable-executions/${encodeURIComponent(arn)}`)).body;
  const arnOfPage = () => decodeURIComponent(new URL(page.url()).hash.replace(/^#\/execution\//, ""));

  beforeAll(async () => {
    // Port 0: the server binds a free port itself and prints its URL (a port picked beforehand and freed
    // could be taken by another process before the child binds it).
    dev = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", "dev", "examples/approval-workflow.ts", "test/ui/fixtures/heartbeat-callbacks.ts", "--port", "0", "--in-memory"], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    dev.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    dev.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    uiUrl = await pollFor(
      "durable dev to print the web UI's URL",
      () => {
        if (dev!.exitCode !== null) throw new Error(`durable dev exited with ${dev!.exitCode}:\n${output}`);
        return /^Web UI: (http:\/\/\S+)$/m.exec(output)?.[1];
      },
      30_000,
      25,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\noutput so far:\n${output}`);
    });
    endpoint = new URL(uiUrl).origin;
    userDataDir = mkdtempSync(join(tmpdir(), "durable-ui-chromium-"));
    browser = await chromium.launch({ headless: true, executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    mkdirSync(artifacts, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dev && dev.exitCode === null) {
      const exited = new Promise((resolve) => dev!.once("exit", resolve));
      dev.kill("SIGTERM");
      await exited;
    }
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it("prints the UI's URL; / redirects to it; the Lambda routes still answer", async () => {
    expect(uiUrl).toBe(`${endpoint}/ui/`);
    const root = await fetch(`${endpoint}/`, { redirect: "manual" });
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/ui/");
    const index = await fetch(uiUrl);
    expect(index.headers.get("content-type")).toContain("text/html");
    expect(index.headers.get("content-security-policy")).toContain("script-src 'self'");
    const functions = await api<{ Functions: { FunctionName: string }[] }>("/2015-03-31/functions/");
    expect(functions.body.Functions.map((fn) => fn.FunctionName).sort()).toEqual(["approval-workflow", "heartbeat-callbacks"]);
    // An encoded "../" never leaves the UI's files.
    expect((await fetch(`${endpoint}/ui/..%2fpackage.json`)).status).toBe(404);
  });

  it("shows an execution started elsewhere live, pending on its callback; Send success completes it", async () => {
    await page.goto(uiUrl);
    await page.getByTestId("executions-page").waitFor();
    await expect.poll(() => page.locator("#live").textContent(), { timeout: 10_000 }).toBe("Live");
    expect(await page.getByTestId("execution-row").count()).toBe(0);

    // Another client starts the execution; the open page shows it without a reload.
    const started = await api("/2015-03-31/functions/approval-workflow/invocations", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Amz-Invocation-Type": "Event", "X-Amz-Durable-Execution-Name": "claim-exp-7" },
      body: JSON.stringify(CLAIM),
    });
    expect(started.status).toBe(202);
    const arn = started.headers.get("x-amz-durable-execution-arn")!;
    const row = page.locator(`[data-testid=execution-row][data-arn="${arn}"]`);
    await row.waitFor({ timeout: 10_000 });
    await expect.poll(() => row.getAttribute("data-status"), { timeout: 10_000 }).toBe("RUNNING");

    await row.getByRole("link").click();
    await page.getByTestId("execution-page").waitFor();
    expect(arnOfPage()).toBe(arn);
    expect(await page.getByTestId("execution-name").textContent()).toBe("claim-exp-7");
    const callback = page.getByTestId("pending-callback");
    await callback.waitFor({ timeout: 10_000 });
    const callbackId = (await callback.getByTestId("callback-id").textContent())!;
    // The id shown is the one the history holds.
    const history = await api<{ Events: { EventType: string; CallbackStartedDetails?: { CallbackId: string } }[] }>(`/2025-12-01/durable-executions/${encodeURIComponent(arn)}/history`);
    expect(history.body.Events.find((e) => e.EventType === "CallbackStarted")?.CallbackStartedDetails?.CallbackId).toBe(callbackId);
    expect(await page.getByTestId("execution-status").locator("[data-status]").getAttribute("data-status")).toBe("RUNNING");
    await page.getByTestId("timeline").waitFor();
    expect(await page.getByTestId("timeline-row").count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(artifacts, "execution-pending.png"), fullPage: true });

    await callback.getByTestId("callback-result").fill('{ "approved": true, "approver": "maria" }');
    await callback.getByTestId("callback-succeed").click();
    await page.locator("[data-testid=execution-status] [data-status=SUCCEEDED]").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("pending-callback").count()).toBe(0);
    expect(await page.getByTestId("execution-result").textContent()).toContain('"transferId": "tr-exp-7"');
    const described = await describeExecution(arn);
    expect(described.Status).toBe("SUCCEEDED");
    expect(JSON.parse(described.Result!)).toEqual({ claimId: "exp-7", status: "paid", approver: "maria", transferId: "tr-exp-7" });

    // The operation tree, the invocations and the history events of the finished execution.
    await page.getByTestId("tab-operations").click();
    const names = await page.locator("[data-testid=operation-row]").evaluateAll((rows) => rows.map((r) => `${r.getAttribute("data-name")}=${r.getAttribute("data-status")}`));
    expect(names).toEqual(expect.arrayContaining(["manager-approval=SUCCEEDED", "manager-approval (callback)=SUCCEEDED", "pay-out=SUCCEEDED", "notify-approval=SUCCEEDED"]));
    await page.getByTestId("tab-invocations").click();
    const outcomes = await page.locator("[data-testid=invocations-table] tbody tr").count();
    expect(outcomes).toBe(2);
    await page.getByTestId("tab-history").click();
    const types = await page.locator("[data-testid=history-event]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-type")));
    expect(types[0]).toBe("ExecutionStarted");
    expect(types).toContain("CallbackSucceeded");
    expect(types[types.length - 1]).toBe("ExecutionSucceeded");
    await page.getByTestId("tab-timeline").click();
    await page.screenshot({ path: join(artifacts, "execution-succeeded.png"), fullPage: true });
    const dark = await browser!.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: "dark" });
    await dark.goto(page.url());
    await dark.locator("[data-testid=execution-status] [data-status=SUCCEEDED]").waitFor({ timeout: 10_000 });
    await dark.screenshot({ path: join(artifacts, "execution-succeeded-dark.png"), fullPage: true });
    await dark.close();
  });

  it("re-runs an execution with the same input, and stops the new one", async () => {
    const original = arnOfPage();
    await page.getByTestId("rerun-execution").click();
    const dialog = page.getByTestId("start-dialog");
    await dialog.waitFor();
    expect(JSON.parse(await dialog.getByTestId("start-input").inputValue())).toEqual(CLAIM);
    await dialog.getByTestId("start-submit").click();
    await page.waitForURL((url) => url.hash.startsWith("#/execution/") && decodeURIComponent(url.hash.slice("#/execution/".length)) !== original);
    const rerun = arnOfPage();
    await page.getByTestId("pending-callback").waitFor({ timeout: 10_000 });
    const described = await describeExecution(rerun);
    expect(described.Status).toBe("RUNNING");
    expect(JSON.parse(described.InputPayload!)).toEqual(CLAIM);

    await page.getByTestId("stop-execution").click();
    await page.getByTestId("confirm-dialog").getByTestId("confirm").click();
    await page.locator("[data-testid=execution-status] [data-status=STOPPED]").waitFor({ timeout: 10_000 });
    expect((await describeExecution(rerun)).Status).toBe("STOPPED");
    expect(await page.getByTestId("stop-execution").count()).toBe(0); // only a running execution can be stopped
  });

  it("starts an execution with a typed JSON input, refuses bad JSON, and answers its callback with a failure", async () => {
    await page.goto(uiUrl);
    await page.getByTestId("start-execution").click();
    const dialog = page.getByTestId("start-dialog");
    await dialog.getByTestId("start-input").fill("{ not json");
    await dialog.getByTestId("start-submit").click();
    expect(await dialog.locator(".hint-bad").textContent()).toMatch(/^Not valid JSON/);
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByTestId("start-name").fill("from-the-ui");
    await dialog.getByTestId("start-input").fill(JSON.stringify({ ...CLAIM, id: "exp-8" }));
    await dialog.getByTestId("start-submit").click();
    await page.getByTestId("execution-page").waitFor();
    expect(await page.getByTestId("execution-name").textContent()).toBe("from-the-ui");
    const callback = page.getByTestId("pending-callback");
    await callback.waitFor({ timeout: 10_000 });
    await callback.getByTestId("callback-error-type").fill("Rejected");
    await callback.getByTestId("callback-error-message").fill("over budget");
    await callback.getByTestId("callback-fail").click();
    await page.locator("[data-testid=execution-status] [data-status=SUCCEEDED]").waitFor({ timeout: 15_000 });
    const described = await describeExecution(arnOfPage());
    expect(JSON.parse(described.Result!)).toMatchObject({ claimId: "exp-8", status: "rejected" });
    expect(JSON.parse(described.Result!).reason).toContain("over budget");
  });

  it("lists every execution with its status; the status filter narrows the list", async () => {
    await page.goto(uiUrl);
    const rows = page.getByTestId("execution-row");
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3);
    const statuses = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-status")).sort());
    expect(statuses).toEqual(["STOPPED", "SUCCEEDED", "SUCCEEDED"]);
    await page.screenshot({ path: join(artifacts, "executions-list.png"), fullPage: true });
    await page.getByTestId("filter-status-STOPPED").click();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    expect(await rows.first().getAttribute("data-status")).toBe("STOPPED");
    await page.getByTestId("filter-status-ALL").click();
    await page.getByTestId("filter-search").fill("from-the-ui");
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    const dark = await browser!.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: "dark" });
    await dark.goto(uiUrl);
    await expect.poll(() => dark.getByTestId("execution-row").count(), { timeout: 10_000 }).toBe(3);
    await dark.screenshot({ path: join(artifacts, "executions-list-dark.png"), fullPage: true });
    await dark.close();
  });

  it("offers Heartbeat only on a pending callback with a heartbeat timeout; a heartbeat to one without is accepted and changes nothing", async () => {
    const started = await api("/2015-03-31/functions/heartbeat-callbacks/invocations", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Amz-Invocation-Type": "Event", "X-Amz-Durable-Execution-Name": "two-callbacks" },
      body: "{}",
    });
    expect(started.status).toBe(202);
    const arn = started.headers.get("x-amz-durable-execution-arn")!;
    type History = { Events: { EventType: string; Name?: string; CallbackStartedDetails?: { CallbackId: string; HeartbeatTimeout?: number } }[] };
    const history = async () => (await api<History>(`/2025-12-01/durable-executions/${encodeURIComponent(arn)}/history`)).body.Events;
    const ids = await pollFor("both callbacks to start", async () => {
      const callbacks = (await history()).filter((e) => e.EventType === "CallbackStarted");
      return callbacks.length === 2 ? new Map(callbacks.map((e) => [e.Name!, e.CallbackStartedDetails!])) : undefined;
    });
    expect(ids.get("with-heartbeat")?.HeartbeatTimeout).toBe(300);
    expect(ids.get("without-heartbeat")?.HeartbeatTimeout).toBeUndefined();

    await page.goto(`${uiUrl}#/execution/${encodeURIComponent(arn)}`);
    await page.getByTestId("execution-page").waitFor();
    await expect.poll(() => page.getByTestId("pending-callback").count(), { timeout: 10_000 }).toBe(2);
    const withCard = page.locator(`[data-testid=pending-callback][data-callback-id="${ids.get("with-heartbeat")!.CallbackId}"]`);
    const withoutCard = page.locator(`[data-testid=pending-callback][data-callback-id="${ids.get("without-heartbeat")!.CallbackId}"]`);
    expect(await withCard.locator("strong").textContent()).toBe("with-heartbeat");
    expect(await withoutCard.locator("strong").textContent()).toBe("without-heartbeat");
    expect(await withoutCard.getByTestId("callback-heartbeat").count()).toBe(0);
    expect(await withCard.getByTestId("callback-heartbeat").count()).toBe(1);
    expect(await withCard.getByTestId("callback-heartbeat").getAttribute("title")).toBe("Resets its 5 min 00 s heartbeat timeout");
    expect(await withCard.locator(".meta").textContent()).toContain("heartbeat every 5 min 00 s");
    expect(await withoutCard.locator(".meta").textContent()).not.toContain("heartbeat");
    // Both still answer with success and failure.
    for (const card of [withCard, withoutCard]) {
      expect(await card.getByTestId("callback-succeed").isVisible()).toBe(true);
      expect(await card.getByTestId("callback-fail").isVisible()).toBe(true);
    }
    await page.screenshot({ path: join(artifacts, "execution-callbacks-heartbeat.png"), fullPage: true });

    await withCard.getByTestId("callback-heartbeat").click();
    await page.locator(".toast-ok", { hasText: "Heartbeat sent" }).waitFor({ timeout: 10_000 });
    // What the button no longer offers: the service takes a heartbeat for a callback without a
    // heartbeat timeout (200) and does nothing with it (no event; the callback stays open).
    const before = await history();
    const heartbeat = await api(`/2025-12-01/durable-execution-callbacks/${encodeURIComponent(ids.get("without-heartbeat")!.CallbackId)}/heartbeat`, { method: "POST" });
    expect(heartbeat.status).toBe(200);
    expect(await history()).toEqual(before);
    expect((await describeExecution(arn)).Status).toBe("RUNNING");

    await withCard.getByTestId("callback-result").fill('"beat"');
    await withCard.getByTestId("callback-succeed").click();
    await expect.poll(() => page.getByTestId("pending-callback").count(), { timeout: 10_000 }).toBe(1);
    await withoutCard.getByTestId("callback-result").fill('"quiet"');
    await withoutCard.getByTestId("callback-succeed").click();
    await page.locator("[data-testid=execution-status] [data-status=SUCCEEDED]").waitFor({ timeout: 15_000 });
    // createCallback without a serdes hands the answer over as sent: the JSON text.
    expect(JSON.parse((await describeExecution(arn)).Result!)).toEqual({ withHeartbeat: '"beat"', withoutHeartbeat: '"quiet"' });
  });

  it("an unknown execution ARN says it is not found, keeps the server shown as Live and stops polling", async () => {
    // Its own page: the two 404 answers are expected here, and must not count as problems below.
    const other = await browser!.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
    const notFound: string[] = [];
    other.on("response", (response) => {
      if (response.status() === 404) notFound.push(response.url());
    });
    const unknown = "arn:aws:lambda:us-east-1:123456789012:function:approval-workflow:$LATEST/durable-execution/no-such/execution";
    await other.goto(`${uiUrl}#/execution/${encodeURIComponent(unknown)}`);
    const card = other.getByTestId("execution-not-found");
    await card.waitFor({ timeout: 10_000 });
    expect(await card.locator("h1").textContent()).toBe("Execution not found");
    expect(await card.locator("code").textContent()).toBe(unknown);
    expect(await other.locator("#live").textContent()).toBe("Live");
    expect(await other.locator(".banner-error:not(.hidden)").count()).toBe(0);
    expect(await other.getByText("Loading…").count()).toBe(0);
    expect(await other.title()).toBe("Execution not found · durable dev");
    // The page asks for the execution and its history together: the card shows on the first 404, and
    // the second may still be on its way. Count once nothing is in flight.
    await other.waitForLoadState("networkidle");
    const afterFirst = notFound.length;
    expect(afterFirst).toBeGreaterThan(0);
    await other.waitForTimeout(3000); // three polling periods
    expect(notFound.length).toBe(afterFirst);
    await card.getByRole("link", { name: "Back to the executions" }).click();
    await other.getByTestId("executions-page").waitFor();
    await other.close();
  });

  it("raised no console error, page error or CSP violation", () => {
    expect(problems).toEqual([]);
  });
});
