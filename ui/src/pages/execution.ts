/**
 * One execution: summary and actions (stop, re-run), the pending callbacks with their ids and
 * success/failure/heartbeat forms, input and result/error, and tabs with the timeline (Gantt), the
 * operation tree, the invocations and the history events. Refreshed live while it runs.
 */
import { RESOURCE_NOT_FOUND_EXCEPTION_NAME } from "../../../src/generated/service-errors.js";
import * as api from "../api.js";
import { copyButton, errorMessage, h, replace, statusBadge, statusLabel, toast } from "../dom.js";
import { formatDuration, formatTimestamp, functionNameOf, summarizeDetails } from "../format.js";
import { buildExecutionModel, detailsOf, flattenTree, labelOf, type ExecutionModel, type OperationView, type WireEvent, type WireExecution } from "../model.js";
import { confirmDialog, errorView, jsonField, openStartDialog, payloadView } from "../widgets.js";
import type { Page } from "./page.js";

type Tab = "timeline" | "operations" | "invocations" | "history";
const TABS: [Tab, string][] = [
  ["timeline", "Timeline"],
  ["operations", "Operations"],
  ["invocations", "Invocations"],
  ["history", "History"],
];
let lastTab: Tab = "timeline";

const TERMINAL = new Set(["SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED"]);

export function executionPage(arn: string): Page {
  let execution: WireExecution | undefined;
  let events: WireEvent[] = [];
  let model: ExecutionModel | undefined;
  let signature = "";
  let callbackKey = "";
  let tab: Tab = lastTab;
  const expanded = new Set<string>();

  const header = h("div", { class: "page-header" });
  const summary = h("div", { class: "summary card" });
  const callbacks = h("div", { class: "callbacks" });
  const payloads = h("div", { class: "grid-2" });
  const tabBar = h("div", { class: "tabs", role: "tablist" });
  const tabBody = h("div", { class: "card tab-body" });
  const problem = h("div", { class: "banner banner-error hidden", role: "alert" });
  const element = h(
    "section",
    { class: "page page-execution", "data-testid": "execution-page" },
    h("nav", { class: "crumbs" }, h("a", { href: "#/" }, "← Executions")),
    problem,
    header,
    summary,
    callbacks,
    payloads,
    tabBar,
    tabBody,
  );

  const byId = () => new Map((model?.operations ?? []).map((op) => [op.id, op]));
  const functionName = () => (execution ? functionNameOf(execution.FunctionArn) : "");

  function renderHeader(): void {
    if (!execution || !model) return;
    const running = execution.Status === "RUNNING";
    const stop = h("button", { class: "btn btn-danger", type: "button", "data-testid": "stop-execution", title: "Stop this execution (StopDurableExecution)" }, "Stop");
    stop.addEventListener("click", async () => {
      const sure = await confirmDialog("Stop this execution?", `${execution!.DurableExecutionName} stops now with status STOPPED; its pending operations never complete.`, "Stop execution", true);
      if (!sure) return;
      try {
        await api.stopExecution(arn, { ErrorType: "StoppedFromDevUi", ErrorMessage: "Stopped from the durable dev web UI" });
        toast("Execution stopped");
        await page.refresh();
      } catch (error) {
        toast(errorMessage(error), "error");
      }
    });
    const rerun = h(
      "button",
      { class: "btn", type: "button", "data-testid": "rerun-execution", title: "Start a new execution of the same function with the same input" },
      "Re-run",
    );
    rerun.addEventListener("click", async () => {
      try {
        openStartDialog(await api.listFunctions(), { functionName: functionName(), input: execution!.InputPayload ?? "" });
      } catch (error) {
        toast(errorMessage(error), "error");
      }
    });
    replace(
      header,
      h(
        "div",
        { class: "title-block" },
        h("div", { class: "title-row" }, h("h1", { "data-testid": "execution-name" }, execution.DurableExecutionName), h("span", { "data-testid": "execution-status" }, statusBadge(execution.Status))),
        h("p", { class: "subtitle" }, "Function ", h("span", { class: "fn" }, functionName())),
      ),
      h("div", { class: "actions" }, rerun, running ? stop : null),
    );
  }

  function renderSummary(): void {
    if (!execution || !model) return;
    const start = execution.StartTimestamp * 1000;
    const end = execution.EndTimestamp !== undefined ? execution.EndTimestamp * 1000 : undefined;
    const item = (label: string, value: Node | string, testId?: string) => h("div", { class: "summary-item", "data-testid": testId }, h("div", { class: "label" }, label), h("div", { class: "value" }, value));
    replace(
      summary,
      h("div", { class: "summary-arn" }, h("div", { class: "label" }, "Execution ARN"), h("div", { class: "arn-row" }, h("code", { class: "arn" }, execution.DurableExecutionArn), copyButton(execution.DurableExecutionArn))),
      h(
        "div",
        { class: "summary-grid" },
        item("Started", formatTimestamp(start)),
        item("Ended", end !== undefined ? formatTimestamp(end) : "—"),
        item("Duration", end !== undefined ? formatDuration(end - start) : `${formatDuration(Date.now() - start)} so far`, "execution-duration"),
        item("Invocations", String(model.invocations.length)),
        item("Operations", String(model.operations.length)),
      ),
    );
  }

  function callbackCard(op: OperationView): HTMLElement {
    const id = op.callbackId!;
    const result = jsonField('{ "approved": true }', '{ "approved": true }', "callback-result", 4);
    const errorType = h("input", { class: "input", type: "text", placeholder: "ErrorType, e.g. Rejected", "data-testid": "callback-error-type" });
    const errorMessageInput = h("input", { class: "input", type: "text", placeholder: "ErrorMessage", "data-testid": "callback-error-message" });
    const busy = (on: boolean) => card.querySelectorAll("button").forEach((b) => ((b as HTMLButtonElement).disabled = on));
    const act = (label: string, work: () => Promise<void>) => async () => {
      busy(true);
      try {
        await work();
        toast(label);
        await page.refresh();
      } catch (error) {
        toast(errorMessage(error), "error");
      } finally {
        busy(false);
      }
    };
    const succeed = h("button", { class: "btn btn-primary", type: "button", "data-testid": "callback-succeed" }, "Send success");
    succeed.addEventListener("click", () => {
      if (!result.check()) return;
      void act("Callback success sent", () => api.sendCallbackSuccess(id, result.area.value.trim()))();
    });
    const fail = h(
      "button",
      { class: "btn btn-danger-outline", type: "button", "data-testid": "callback-fail" },
      "Send failure",
    );
    fail.addEventListener(
      "click",
      act("Callback failure sent", () =>
        api.sendCallbackFailure(id, { ErrorType: errorType.value.trim() || undefined, ErrorMessage: errorMessageInput.value.trim() || "Failed from the durable dev web UI" }),
      ),
    );
    // Only a callback with a heartbeat timeout has one to reset: the service accepts a heartbeat for
    // any open callback but does nothing with it when there is none, so the button would do nothing.
    const heartbeatSeconds = op.heartbeatTimeoutSeconds;
    let heartbeat: HTMLElement | undefined;
    if (heartbeatSeconds !== undefined) {
      heartbeat = h("button", { class: "btn", type: "button", "data-testid": "callback-heartbeat", title: `Resets its ${formatDuration(heartbeatSeconds * 1000)} heartbeat timeout` }, "Heartbeat");
      heartbeat.addEventListener("click", act("Heartbeat sent", () => api.sendCallbackHeartbeat(id)));
    }
    const timeouts = [
      op.callbackTimeoutSeconds !== undefined ? `times out ${formatTimestamp(op.startMs + op.callbackTimeoutSeconds * 1000)}` : "no timeout",
      heartbeatSeconds !== undefined ? `heartbeat every ${formatDuration(heartbeatSeconds * 1000)}` : undefined,
    ].filter(Boolean);
    const card = h(
      "div",
      { class: "card callback-card", "data-testid": "pending-callback", "data-callback-id": id },
      h(
        "div",
        { class: "callback-head" },
        h("div", {}, h("span", { class: "pulse" }), h("strong", {}, labelOf(op, byId())), h("span", { class: "meta" }, ` waiting for an answer since ${formatTimestamp(op.startMs)} · ${timeouts.join(" · ")}`)),
      ),
      h("div", { class: "label" }, "Callback id"),
      h("div", { class: "arn-row" }, h("code", { class: "arn", "data-testid": "callback-id" }, id), copyButton(id, "Copy id")),
      h(
        "div",
        { class: "callback-forms" },
        h("div", { class: "callback-form" }, h("div", { class: "label" }, "Result (JSON)"), result.element, h("div", { class: "form-actions" }, succeed, heartbeat)),
        h("div", { class: "callback-form" }, h("div", { class: "label" }, "Failure"), errorType, errorMessageInput, h("div", { class: "form-actions" }, fail)),
      ),
    );
    return card;
  }

  function renderCallbacks(): void {
    const pending = model?.pendingCallbacks ?? [];
    const running = execution?.Status === "RUNNING";
    const key = running ? pending.map((op) => op.callbackId).join("\n") : "";
    if (key === callbackKey) return; // keep what the user typed
    callbackKey = key;
    if (!running || pending.length === 0) return replace(callbacks);
    replace(callbacks, h("h2", { class: "section-title" }, `Pending callback${pending.length === 1 ? "" : "s"}`), ...pending.map(callbackCard));
  }

  function renderPayloads(): void {
    if (!execution || !model) return;
    const outcome =
      execution.Status === "SUCCEEDED"
        ? h("div", { class: "card", "data-testid": "execution-result" }, h("h2", { class: "card-title" }, "Result"), payloadView(execution.Result ?? model.result?.Payload, { empty: "The handler returned nothing" }))
        : TERMINAL.has(execution.Status)
          ? h("div", { class: "card", "data-testid": "execution-error" }, h("h2", { class: "card-title" }, statusLabel(execution.Status), " — error"), errorView(execution.Error ?? model.error))
          : h("div", { class: "card" }, h("h2", { class: "card-title" }, "Result"), h("div", { class: "payload payload-empty" }, "Still running"));
    replace(payloads, h("div", { class: "card", "data-testid": "execution-input" }, h("h2", { class: "card-title" }, "Input"), payloadView(execution.InputPayload ?? model.input?.Payload, { empty: "No input" })), outcome);
  }

  function renderTabs(): void {
    replace(
      tabBar,
      ...TABS.map(([id, label]) => {
        const count = id === "operations" ? model?.operations.length : id === "invocations" ? model?.invocations.length : id === "history" ? events.length : undefined;
        return h(
          "button",
          {
            class: `tab${tab === id ? " active" : ""}`,
            type: "button",
            role: "tab",
            "aria-selected": String(tab === id),
            "data-testid": `tab-${id}`,
            onclick: () => {
              tab = lastTab = id;
              renderTabs();
              renderTabBody();
            },
          },
          label,
          count !== undefined ? h("span", { class: "tab-count" }, count) : null,
        );
      }),
    );
  }

  function renderTabBody(): void {
    if (!model || !execution) return;
    if (tab === "timeline") replace(tabBody, timeline(model, execution));
    else if (tab === "operations") replace(tabBody, operationsTable(model));
    else if (tab === "invocations") replace(tabBody, invocationsTable(model));
    else replace(tabBody, historyTable(events, model));
  }

  function operationsTable(m: ExecutionModel): HTMLElement {
    if (m.operations.length === 0) return h("div", { class: "empty" }, "No operations yet");
    const ids = byId();
    const rows: HTMLElement[] = [];
    for (const { op, depth } of flattenTree(m.roots)) {
      const open = expanded.has(op.id);
      const attempts = op.type === "Step" ? op.attempts.length : undefined;
      const end = op.endMs;
      const row = h(
        "tr",
        { class: `row-link${open ? " open" : ""}`, "data-testid": "operation-row", "data-name": labelOf(op, ids), "data-status": op.status },
        h(
          "td",
          {},
          h(
            "div",
            { class: "tree-cell", "data-depth": depth },
            h("span", { class: "indent", "data-depth": depth }),
            h("span", { class: `caret${open ? " open" : ""}` }, "▸"),
            h("span", { class: "strong" }, labelOf(op, ids)),
          ),
        ),
        h("td", {}, h("span", { class: "type" }, op.type), op.subType && op.subType !== op.type ? h("span", { class: "meta" }, ` ${op.subType}`) : null),
        h("td", {}, statusBadge(op.status)),
        h("td", { class: "num" }, attempts !== undefined ? String(attempts) : h("span", { class: "meta" }, "—")),
        h("td", {}, formatTimestamp(op.startMs).slice(11)),
        h("td", { class: "num" }, end !== undefined ? formatDuration(end - op.startMs) : h("span", { class: "meta" }, "—")),
      );
      row.querySelector(".indent")!.setAttribute("aria-hidden", "true");
      (row.querySelector(".indent") as HTMLElement).style.width = `${depth * 20}px`;
      row.addEventListener("click", (event) => {
        if ((event.target as HTMLElement).closest("button, a, details")) return;
        if (expanded.has(op.id)) expanded.delete(op.id);
        else expanded.add(op.id);
        renderTabBody();
      });
      rows.push(row);
      if (open) rows.push(h("tr", { class: "detail-row" }, h("td", { colspan: 6 }, operationDetails(op))));
    }
    return h(
      "table",
      { class: "table", "data-testid": "operations-table" },
      h("thead", {}, h("tr", {}, h("th", {}, "Operation"), h("th", {}, "Type"), h("th", {}, "Status"), h("th", { class: "num" }, "Attempts"), h("th", {}, "Started"), h("th", { class: "num" }, "Duration"))),
      h("tbody", {}, ...rows),
    );
  }

  function operationDetails(op: OperationView): HTMLElement {
    const facts: [string, Node | string][] = [["Operation id", h("span", { class: "arn-row" }, h("code", {}, op.id), copyButton(op.id))]];
    if (op.parentId) facts.push(["Parent id", h("code", {}, op.parentId)]);
    if (op.callbackId) facts.push(["Callback id", h("span", { class: "arn-row" }, h("code", { class: "arn" }, op.callbackId), copyButton(op.callbackId, "Copy id"))]);
    if (op.waitSeconds !== undefined) facts.push(["Wait", `${formatDuration(op.waitSeconds * 1000)}, until ${formatTimestamp(op.scheduledEndMs)}`]);
    if (op.functionName) facts.push(["Invoked function", op.functionName]);
    const attempts =
      op.attempts.length > 0
        ? h(
            "table",
            { class: "table table-compact" },
            h("thead", {}, h("tr", {}, h("th", {}, "Attempt"), h("th", {}, "Outcome"), h("th", {}, "Started"), h("th", { class: "num" }, "Duration"), h("th", {}, "Error / next"))),
            h(
              "tbody",
              {},
              ...op.attempts.map((a) =>
                h(
                  "tr",
                  {},
                  h("td", {}, `#${a.number}`),
                  h("td", {}, statusBadge(a.outcome === "succeeded" ? "SUCCEEDED" : a.outcome === "failed" ? "FAILED" : "STARTED")),
                  h("td", {}, formatTimestamp(a.startMs).slice(11)),
                  h("td", { class: "num" }, a.endMs !== undefined ? formatDuration(a.endMs - a.startMs) : "—"),
                  h(
                    "td",
                    {},
                    a.error ? `${a.error.ErrorType ?? "Error"}: ${a.error.ErrorMessage ?? ""}` : "",
                    a.nextAttemptDelaySeconds !== undefined ? h("span", { class: "meta" }, ` · next attempt after ${formatDuration(a.nextAttemptDelaySeconds * 1000)}`) : "",
                  ),
                ),
              ),
            ),
          )
        : null;
    return h(
      "div",
      { class: "op-details" },
      h("dl", { class: "facts" }, ...facts.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
      attempts,
      op.result ? h("div", {}, h("div", { class: "label" }, "Result"), payloadView(op.result.Payload, { empty: "No result (undefined)", truncated: op.result.Truncated })) : null,
      op.error ? h("div", {}, h("div", { class: "label" }, "Error"), errorView(op.error)) : null,
    );
  }

  function invocationsTable(m: ExecutionModel): HTMLElement {
    if (m.invocations.length === 0) return h("div", { class: "empty" }, "No invocation has completed yet");
    const outcome = (o: string) =>
      o === "pending"
        ? h("span", { class: "badge badge-pending" }, "Suspended")
        : o === "error"
          ? h("span", { class: "badge badge-bad" }, "Error")
          : statusBadge(o.toUpperCase());
    return h(
      "table",
      { class: "table", "data-testid": "invocations-table" },
      h("thead", {}, h("tr", {}, h("th", {}, "#"), h("th", {}, "Outcome"), h("th", {}, "Started"), h("th", {}, "Ended"), h("th", { class: "num" }, "Duration"), h("th", {}, "Request id"))),
      h(
        "tbody",
        {},
        ...m.invocations.map((inv) => [
          h(
            "tr",
            {},
            h("td", {}, String(inv.number)),
            h("td", {}, outcome(inv.outcome)),
            h("td", {}, formatTimestamp(inv.startMs).slice(11)),
            h("td", {}, formatTimestamp(inv.endMs).slice(11)),
            h("td", { class: "num" }, formatDuration(inv.endMs - inv.startMs)),
            h("td", {}, inv.requestId ? h("code", { class: "small" }, inv.requestId) : "—"),
          ),
          inv.error ? h("tr", { class: "detail-row" }, h("td", { colspan: 6 }, errorView(inv.error))) : null,
        ]).flat().filter((row): row is HTMLTableRowElement => row !== null),
      ),
    );
  }

  function historyTable(list: readonly WireEvent[], m: ExecutionModel): HTMLElement {
    if (list.length === 0) return h("div", { class: "empty" }, "No events");
    const ids = byId();
    const t0 = m.startMs ?? list[0]!.EventTimestamp * 1000;
    return h(
      "table",
      { class: "table table-events", "data-testid": "history-table" },
      h("thead", {}, h("tr", {}, h("th", { class: "num" }, "#"), h("th", {}, "Time"), h("th", { class: "num" }, "+"), h("th", {}, "Event"), h("th", {}, "Operation"), h("th", {}, "Details"))),
      h(
        "tbody",
        {},
        ...list.map((event) => {
          const op = event.Id !== undefined ? ids.get(event.Id) : undefined;
          const details = detailsOf(event);
          const kind = /Failed|TimedOut|Stopped/.test(event.EventType) ? "bad" : /Succeeded/.test(event.EventType) ? "ok" : /Invocation/.test(event.EventType) ? "muted" : "running";
          return h(
            "tr",
            { "data-testid": "history-event", "data-type": event.EventType },
            h("td", { class: "num meta" }, String(event.EventId)),
            h("td", {}, formatTimestamp(event.EventTimestamp * 1000).slice(11)),
            h("td", { class: "num meta" }, formatDuration(event.EventTimestamp * 1000 - t0)),
            h("td", {}, h("span", { class: `event-type event-${kind}` }, event.EventType)),
            h("td", {}, op ? labelOf(op, ids) : (event.Name ?? h("span", { class: "meta" }, "—"))),
            h(
              "td",
              {},
              Object.keys(details).length === 0
                ? h("span", { class: "meta" }, "—")
                : h("details", { class: "event-details" }, h("summary", {}, summarizeDetails(details)), h("pre", { class: "code" }, JSON.stringify(details, null, 2))),
            ),
          );
        }),
      ),
    );
  }

  const page: Page = {
    get title() {
      return execution?.DurableExecutionName ?? "Execution";
    },
    element,
    async refresh() {
      const [described, history] = await Promise.all([api.getExecution(arn), api.getHistory(arn)]);
      problem.classList.add("hidden");
      const next = `${described.Status}|${history.length}|${history[history.length - 1]?.EventId ?? 0}`;
      execution = described;
      if (next === signature) {
        if (execution.Status === "RUNNING") renderSummary();
        return;
      }
      signature = next;
      events = history;
      model = buildExecutionModel(history);
      document.title = `${execution.DurableExecutionName} · durable dev`;
      renderHeader();
      renderSummary();
      renderCallbacks();
      renderPayloads();
      renderTabs();
      renderTabBody();
    },
    showError(error) {
      if (error instanceof api.ApiError && error.type === RESOURCE_NOT_FOUND_EXCEPTION_NAME) {
        showNotFound();
        return "stop";
      }
      problem.textContent = errorMessage(error);
      problem.classList.remove("hidden");
      return "retry";
    },
  };

  /**
   * The server has no such execution: a wrong or truncated ARN, or one evicted after the retention
   * period. Says so instead of a page that keeps loading; polling stops (it cannot come back).
   */
  function showNotFound(): void {
    document.title = "Execution not found · durable dev";
    problem.classList.add("hidden");
    for (const part of [summary, callbacks, payloads, tabBar, tabBody]) part.remove();
    replace(
      header,
      h(
        "div",
        { class: "card not-found", "data-testid": "execution-not-found" },
        h("h1", {}, "Execution not found"),
        h("p", {}, "This dev server has no execution with the ARN"),
        h("code", { class: "arn" }, arn),
        h(
          "p",
          { class: "meta" },
          "Check that the link holds the whole ARN (durable list prints them). A finished execution is also removed once its retention period is over (14 days, or what durable dev --retention says).",
        ),
        h("p", {}, h("a", { href: "#/" }, "Back to the executions")),
      ),
    );
  }
  replace(header, h("h1", {}, "Loading…"));
  return page;
}

/** The Gantt chart: one row per operation (tree order) on a shared time axis, invocations as bands behind. */
function timeline(m: ExecutionModel, execution: WireExecution): HTMLElement {
  const now = Date.now();
  const t0 = m.startMs ?? execution.StartTimestamp * 1000;
  const t1 = Math.max(m.endMs ?? (execution.EndTimestamp !== undefined ? execution.EndTimestamp * 1000 : now), t0 + 1);
  const span = t1 - t0;
  const pct = (t: number) => `${Math.min(100, Math.max(0, ((t - t0) / span) * 100))}%`;
  const width = (a: number, b: number) => `${Math.max(0, ((Math.min(b, t1) - Math.max(a, t0)) / span) * 100)}%`;
  const ids = new Map(m.operations.map((op) => [op.id, op]));
  const place = (bar: HTMLElement, from: number, to: number) => {
    bar.style.left = pct(from);
    bar.style.width = width(from, to);
    return bar;
  };
  const bands = () => {
    const layer = h("div", { class: "gantt-bands", "aria-hidden": "true" });
    for (const inv of m.invocations) layer.append(place(h("div", { class: "gantt-band" }), inv.startMs, inv.endMs));
    return layer;
  };
  const axis = h("div", { class: "gantt-axis" });
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    const tick = h("span", { class: "gantt-tick" }, formatDuration(span * f));
    tick.style.left = `${f * 100}%`;
    axis.append(tick);
  }
  const rows: HTMLElement[] = [];
  const invocationTrack = h("div", { class: "gantt-track" }, bands());
  for (const inv of m.invocations) {
    invocationTrack.append(
      place(h("div", { class: `gantt-bar bar-invocation${inv.error ? " bar-bad" : ""}`, title: `Invocation ${inv.number}: ${formatDuration(inv.endMs - inv.startMs)}` }), inv.startMs, inv.endMs),
    );
  }
  rows.push(h("div", { class: "gantt-row gantt-row-invocations" }, h("div", { class: "gantt-label" }, h("span", { class: "strong" }, "Invocations"), h("span", { class: "meta" }, ` ${m.invocations.length}`)), invocationTrack));
  for (const { op, depth } of flattenTree(m.roots)) {
    const end = op.endMs ?? (TERMINAL.has(execution.Status) ? t1 : now);
    const track = h("div", { class: "gantt-track" }, bands());
    const cls = op.status === "SUCCEEDED" ? "bar-ok" : op.status === "STARTED" || op.status === "PENDING" ? "bar-running" : op.status === "FAILED" || op.status === "TIMED_OUT" ? "bar-bad" : "bar-muted";
    const duration = op.endMs !== undefined ? formatDuration(op.endMs - op.startMs) : "running";
    if (op.type === "Wait" && op.scheduledEndMs !== undefined && op.endMs === undefined) {
      track.append(place(h("div", { class: "gantt-bar bar-planned", title: `Wait until ${formatTimestamp(op.scheduledEndMs)}` }), op.startMs, op.scheduledEndMs));
    }
    const bar = place(h("div", { class: `gantt-bar ${cls}`, title: `${labelOf(op, ids)} · ${op.type} · ${statusLabel(op.status)} · ${duration}` }), op.startMs, end);
    track.append(bar);
    for (const attempt of op.attempts.slice(0, -1)) {
      if (attempt.endMs !== undefined) track.append(place(h("div", { class: "gantt-attempt", title: `Attempt ${attempt.number} failed` }), attempt.endMs, attempt.endMs));
    }
    const label = h("div", { class: "gantt-label", title: labelOf(op, ids) }, h("span", { class: "strong" }, labelOf(op, ids)), h("span", { class: "meta" }, ` ${op.type}`));
    label.style.paddingLeft = `${12 + depth * 16}px`;
    const time = h("span", { class: "gantt-duration" }, duration);
    track.append(time);
    time.style.left = pct(end);
    rows.push(h("div", { class: "gantt-row", "data-testid": "timeline-row" }, label, track));
  }
  return h(
    "div",
    { class: "gantt", "data-testid": "timeline" },
    h("div", { class: "gantt-row gantt-header" }, h("div", { class: "gantt-label meta" }, `From ${formatTimestamp(t0).slice(11)}`), axis),
    ...rows,
    h(
      "div",
      { class: "gantt-legend meta" },
      h("span", { class: "legend legend-ok" }, "succeeded"),
      h("span", { class: "legend legend-running" }, "running / waiting"),
      h("span", { class: "legend legend-bad" }, "failed"),
      h("span", { class: "legend legend-band" }, "invocation"),
    ),
  );
}
