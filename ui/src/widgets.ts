/** Payload viewer, modal dialogs and the start-execution form. */
import * as api from "./api.js";
import { append, copyButton, errorMessage, h, toast } from "./dom.js";
import { checkJson, formatBytes, isLarge, prettyPayload, previewOf } from "./format.js";
import type { WireErrorObject, WirePayload } from "./model.js";

/** A payload as pretty JSON; a large one starts collapsed behind a one-line preview. */
export function payloadView(payload: string | undefined, options: { empty?: string; truncated?: boolean } = {}): HTMLElement {
  if (payload === undefined) {
    return h("div", { class: "payload payload-empty" }, options.truncated ? "Truncated by the service" : (options.empty ?? "No payload"));
  }
  const pretty = prettyPayload(payload);
  const pre = h("pre", { class: `code${pretty.isJson ? " json" : ""}` }, pretty.text);
  const tools = h("div", { class: "payload-tools" }, h("span", { class: "meta" }, `${pretty.isJson ? "JSON" : "text"} · ${formatBytes(pretty.bytes)}`), copyButton(payload));
  if (!isLarge(pretty)) return h("div", { class: "payload" }, tools, pre);
  const details = h(
    "details",
    { class: "payload payload-large" },
    h("summary", {}, h("span", { class: "preview" }, previewOf(payload)), h("span", { class: "meta" }, `show all · ${pretty.lines} lines · ${formatBytes(pretty.bytes)}`)),
    tools,
    pre,
  );
  return details;
}

export function payloadOf(envelope: WirePayload | undefined): string | undefined {
  return envelope?.Payload;
}

/** An ErrorObject: type and message, then data and stack trace. */
export function errorView(error: WireErrorObject | undefined): HTMLElement {
  if (!error) return h("div", { class: "payload payload-empty" }, "No error");
  return h(
    "div",
    { class: "error-box" },
    h("div", { class: "error-title" }, h("strong", {}, error.ErrorType ?? "Error"), error.ErrorMessage ? `: ${error.ErrorMessage}` : ""),
    error.ErrorData !== undefined ? h("div", { class: "error-section" }, h("div", { class: "label" }, "Data"), payloadView(error.ErrorData)) : null,
    error.StackTrace?.length ? h("details", { class: "stack" }, h("summary", {}, `Stack trace (${error.StackTrace.length} lines)`), h("pre", { class: "code" }, error.StackTrace.join("\n"))) : null,
  );
}

/** Opens a modal <dialog>; `build` fills it and gets a `close`. The dialog is removed when closed. */
export function openDialog(title: string, build: (body: HTMLElement, close: () => void) => void, testId?: string): HTMLDialogElement {
  const body = h("div", { class: "dialog-body" });
  const dialog = h("dialog", { class: "dialog", "data-testid": testId }, h("header", { class: "dialog-header" }, h("h2", {}, title)), body);
  const close = () => dialog.close();
  const x = h("button", { class: "btn btn-ghost btn-icon", type: "button", "aria-label": "Close", onclick: close }, "×");
  dialog.querySelector("header")!.append(x);
  dialog.addEventListener("close", () => dialog.remove());
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) close();
  });
  build(body, close);
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

/** Asks to confirm; resolves true when the user confirms. */
export function confirmDialog(title: string, message: string, confirmLabel: string, danger = false): Promise<boolean> {
  return new Promise((resolve) => {
    let answered = false;
    const dialog = openDialog(
      title,
      (body, close) => {
        append(body, [
          h("p", {}, message),
          h(
            "div",
            { class: "dialog-actions" },
            h("button", { class: "btn", type: "button", onclick: close }, "Cancel"),
            h(
              "button",
              {
                class: `btn ${danger ? "btn-danger" : "btn-primary"}`,
                type: "button",
                "data-testid": "confirm",
                onclick: () => {
                  answered = true;
                  close();
                },
              },
              confirmLabel,
            ),
          ),
        ]);
      },
      "confirm-dialog",
    );
    dialog.addEventListener("close", () => resolve(answered));
  });
}

/** A textarea for JSON that says whether its text parses. */
export function jsonField(initial: string, placeholder: string, testId: string, rows = 8): { element: HTMLElement; area: HTMLTextAreaElement; check(): boolean } {
  const area = h("textarea", { class: "input code-input", spellcheck: "false", rows, placeholder, "data-testid": testId });
  area.value = initial;
  const hint = h("div", { class: "field-hint" });
  const check = (): boolean => {
    const checked = checkJson(area.value);
    hint.textContent = checked.ok ? (area.value.trim() === "" ? "Empty: no payload" : "Valid JSON") : checked.message;
    hint.className = `field-hint ${checked.ok ? "hint-ok" : "hint-bad"}`;
    area.classList.toggle("invalid", !checked.ok);
    return checked.ok;
  };
  area.addEventListener("input", check);
  check();
  return { element: h("div", { class: "field" }, area, hint), area, check };
}

/** The "Start execution" form: function, optional name, JSON input; navigates to the new execution. */
export function openStartDialog(functions: readonly string[], preset: { functionName?: string; input?: string } = {}): void {
  openDialog(
    preset.input !== undefined ? "Re-run execution" : "Start execution",
    (body, close) => {
      const select = h("select", { class: "input", "data-testid": "start-function" }, ...functions.map((name) => h("option", { value: name }, name)));
      if (preset.functionName) select.value = preset.functionName;
      const name = h("input", { class: "input", type: "text", placeholder: "generated when empty", "data-testid": "start-name", autocomplete: "off" });
      const input = jsonField(preset.input !== undefined ? prettyPayload(preset.input).text : "{}", '{ "orderId": "o-1" }', "start-input");
      const error = h("div", { class: "form-error", role: "alert" });
      const submit = h("button", { class: "btn btn-primary", type: "submit", "data-testid": "start-submit" }, "Start");
      const form = h(
        "form",
        { class: "form" },
        h("label", { class: "field" }, h("span", { class: "label" }, "Function"), select),
        h("label", { class: "field" }, h("span", { class: "label" }, "Execution name ", h("span", { class: "meta" }, "(optional; the same name and input start it only once)")), name),
        h("div", { class: "field" }, h("span", { class: "label" }, "Input (JSON)"), input.element),
        error,
        h("div", { class: "dialog-actions" }, h("button", { class: "btn", type: "button", onclick: close }, "Cancel"), submit),
      );
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        if (!input.check()) return;
        submit.disabled = true;
        error.textContent = "";
        try {
          const arn = await api.startExecution(select.value, input.area.value.trim(), name.value.trim() || undefined);
          close();
          toast(`Started ${select.value}`);
          window.location.hash = `#/execution/${encodeURIComponent(arn)}`;
        } catch (failure) {
          error.textContent = errorMessage(failure);
          submit.disabled = false;
        }
      });
      body.append(form);
      if (functions.length === 0) {
        error.textContent = "The server runs no functions.";
        submit.disabled = true;
      }
    },
    "start-dialog",
  );
}
