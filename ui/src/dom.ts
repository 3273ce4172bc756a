/** A small element builder and the widgets every page uses (copy button, status badge, toasts). */

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** Creates an element: attributes (on* keys become listeners, `class` the class name) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === "class") element.className = String(value);
    else if (value === true) element.setAttribute(key, "");
    else element.setAttribute(key, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of `parent`. */
export function replace(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren();
  append(parent, children);
}

const STATUS_CLASS: Record<string, string> = {
  RUNNING: "running",
  STARTED: "running",
  PENDING: "pending",
  SUCCEEDED: "ok",
  FAILED: "bad",
  TIMED_OUT: "bad",
  STOPPED: "muted",
  CANCELLED: "muted",
};

const STATUS_LABEL: Record<string, string> = { TIMED_OUT: "Timed out" };

export function statusLabel(status: string): string {
  return STATUS_LABEL[status] ?? status.charAt(0) + status.slice(1).toLowerCase();
}

/** A coloured status pill; RUNNING pulses. */
export function statusBadge(status: string): HTMLElement {
  return h("span", { class: `badge badge-${STATUS_CLASS[status] ?? "muted"}`, "data-status": status }, statusLabel(status));
}

/** A button that copies `text` and says so. */
export function copyButton(text: string, label = "Copy"): HTMLButtonElement {
  const button = h("button", { class: "btn btn-ghost btn-small copy", type: "button", title: "Copy to the clipboard" }, label);
  button.addEventListener("click", async (event) => {
    event.stopPropagation();
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Clipboard API refused (e.g. no focus): fall back to a selection copy.
      const area = h("textarea", { class: "offscreen" });
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    button.textContent = "Copied";
    button.classList.add("copied");
    setTimeout(() => {
      button.textContent = label;
      button.classList.remove("copied");
    }, 1500);
  });
  return button;
}

/** A short message at the bottom of the window. */
export function toast(message: string, kind: "ok" | "error" = "ok"): void {
  let tray = document.querySelector<HTMLElement>(".toasts");
  if (!tray) {
    tray = h("div", { class: "toasts", role: "status", "aria-live": "polite" });
    document.body.append(tray);
  }
  const item = h("div", { class: `toast toast-${kind}` }, message);
  tray.append(item);
  setTimeout(() => item.classList.add("leaving"), kind === "error" ? 6000 : 3000);
  setTimeout(() => item.remove(), kind === "error" ? 6400 : 3400);
}

/** The message of an error for the user. */
export function errorMessage(error: unknown): string {
  const e = error as { type?: string; message?: string };
  return e?.type && e.type !== "NetworkError" ? `${e.type}: ${e.message}` : (e?.message ?? String(error));
}
