/** The executions list: every function's executions, newest first, filtered by status and function, refreshed live. */
import * as api from "../api.js";
import { errorMessage, h, replace, statusBadge, statusLabel } from "../dom.js";
import { formatDuration, formatRelative, formatTimestamp, functionNameOf } from "../format.js";
import type { WireExecution } from "../model.js";
import { openStartDialog } from "../widgets.js";
import type { Page } from "./page.js";

const STATUSES = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED"] as const;

/** Filters survive navigation to an execution and back. */
const filters = { status: "" as string, functionName: "" as string, search: "" as string };

export function listPage(): Page {
  let functions: string[] = [];
  let executions: WireExecution[] = [];
  let loaded = false;
  let counts = new Map<string, number>();

  const functionSelect = h("select", { class: "input input-inline", "data-testid": "filter-function", "aria-label": "Function" });
  functionSelect.addEventListener("change", () => {
    filters.functionName = functionSelect.value;
    void page.refresh();
  });
  const search = h("input", { class: "input input-inline search", type: "search", placeholder: "Filter by name or ARN", "aria-label": "Filter by name", "data-testid": "filter-search" });
  search.value = filters.search;
  search.addEventListener("input", () => {
    filters.search = search.value;
    renderRows();
  });
  const chips = h("div", { class: "chips", role: "tablist", "aria-label": "Status" });
  const tbody = h("tbody", {});
  const footer = h("div", { class: "table-footer meta" });
  const startButton = h("button", { class: "btn btn-primary", type: "button", "data-testid": "start-execution", onclick: () => openStartDialog(functions, { functionName: filters.functionName || undefined }) }, "Start execution");

  const element = h(
    "section",
    { class: "page page-list", "data-testid": "executions-page" },
    h("div", { class: "page-header" }, h("div", {}, h("h1", {}, "Executions"), h("p", { class: "subtitle" }, "Every durable execution of this dev server, updated live.")), startButton),
    h("div", { class: "toolbar" }, chips, h("div", { class: "toolbar-right" }, functionSelect, search)),
    h(
      "div",
      { class: "card table-card" },
      h(
        "table",
        { class: "table", "data-testid": "executions-table" },
        h("thead", {}, h("tr", {}, h("th", {}, "Status"), h("th", {}, "Name"), h("th", {}, "Function"), h("th", {}, "Started"), h("th", {}, "Ended"), h("th", { class: "num" }, "Duration"))),
        tbody,
      ),
      footer,
    ),
  );

  function renderChips(): void {
    const chip = (value: string, label: string) =>
      h(
        "button",
        {
          class: `chip${filters.status === value ? " active" : ""}`,
          type: "button",
          role: "tab",
          "aria-selected": String(filters.status === value),
          "data-testid": `filter-status-${value || "ALL"}`,
          onclick: () => {
            filters.status = value;
            renderChips();
            void page.refresh();
          },
        },
        label,
        value && counts.has(value) ? h("span", { class: "chip-count" }, counts.get(value)!) : null,
      );
    replace(chips, chip("", "All"), ...STATUSES.map((status) => chip(status, statusLabel(status))));
  }

  function renderFunctions(): void {
    const current = filters.functionName;
    replace(functionSelect, h("option", { value: "" }, "All functions"), ...functions.map((name) => h("option", { value: name }, name)));
    functionSelect.value = functions.includes(current) ? current : "";
  }

  function renderRows(): void {
    const now = Date.now();
    const needle = filters.search.trim().toLowerCase();
    const shown = needle ? executions.filter((e) => e.DurableExecutionName.toLowerCase().includes(needle) || e.DurableExecutionArn.toLowerCase().includes(needle)) : executions;
    if (!loaded) {
      replace(tbody, h("tr", {}, h("td", { colspan: 6, class: "empty" }, "Loading…")));
      return;
    }
    if (shown.length === 0) {
      const anything = executions.length > 0 || filters.status !== "" || filters.functionName !== "";
      replace(
        tbody,
        h(
          "tr",
          {},
          h(
            "td",
            { colspan: 6, class: "empty" },
            h("div", { class: "empty-title" }, anything ? "No execution matches the filters" : "No executions yet"),
            h("div", { class: "meta" }, anything ? "Change the filters above." : "Start one with the button above, or invoke a function with any Lambda client."),
          ),
        ),
      );
    } else {
      replace(
        tbody,
        ...shown.map((execution) => {
          const start = execution.StartTimestamp * 1000;
          const end = execution.EndTimestamp !== undefined ? execution.EndTimestamp * 1000 : undefined;
          const href = `#/execution/${encodeURIComponent(execution.DurableExecutionArn)}`;
          const row = h(
            "tr",
            { class: "row-link", "data-testid": "execution-row", "data-arn": execution.DurableExecutionArn, "data-status": execution.Status },
            h("td", {}, statusBadge(execution.Status)),
            h("td", { class: "name-cell" }, h("a", { href, class: "strong" }, execution.DurableExecutionName)),
            h("td", {}, h("span", { class: "fn" }, functionNameOf(execution.FunctionArn))),
            h("td", { title: formatTimestamp(start) }, formatRelative(start, now)),
            h("td", { title: end !== undefined ? formatTimestamp(end) : "" }, end !== undefined ? formatRelative(end, now) : h("span", { class: "meta" }, "—")),
            h("td", { class: "num" }, end !== undefined ? formatDuration(end - start) : h("span", { class: "meta" }, `${formatDuration(now - start)} so far`)),
          );
          row.addEventListener("click", (event) => {
            if ((event.target as HTMLElement).closest("a, button")) return;
            window.location.hash = href;
          });
          return row;
        }),
      );
    }
    footer.textContent = `${shown.length} of ${executions.length} execution${executions.length === 1 ? "" : "s"} shown`;
  }

  const page: Page = {
    title: "Executions",
    element,
    async refresh() {
      const names = await api.listFunctions();
      if (names.join("\n") !== functions.join("\n")) {
        functions = names;
        renderFunctions();
      }
      const wanted = filters.functionName && functions.includes(filters.functionName) ? [filters.functionName] : functions;
      const lists = await Promise.all(wanted.map((name) => api.listExecutions(name)));
      const all = lists.flat();
      counts = new Map();
      for (const execution of all) counts.set(execution.Status, (counts.get(execution.Status) ?? 0) + 1);
      executions = (filters.status ? all.filter((e) => e.Status === filters.status) : all).sort((a, b) => b.StartTimestamp - a.StartTimestamp);
      loaded = true;
      renderChips();
      renderRows();
    },
    showError(error) {
      footer.textContent = errorMessage(error);
      return "retry";
    },
  };
  renderChips();
  renderFunctions();
  renderRows();
  return page;
}
