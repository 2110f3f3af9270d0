// Safe DOM helpers: every piece of text goes in through `textContent` (never `innerHTML`), every
// link through `safeHref`, so hostile post text, names and notes render as the literal characters
// they are. The page's CSP (`default-src 'self'`) forbids inline scripts, handlers and style
// attributes: listeners are attached here with addEventListener, styles set through the CSSOM.

import { safeHref } from "./text.ts";

export { safeHref };

export type Child = Node | string | number | null | undefined | false | Child[];

export interface Attrs {
  [name: string]: string | number | boolean | null | undefined | EventListener | undefined;
}

/** Appends children; strings become text nodes (never parsed as HTML). */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, ...child);
    else if (typeof child === "string" || typeof child === "number") parent.appendChild(document.createTextNode(String(child)));
    else parent.appendChild(child);
  }
}

function setAttrs(el: Element, attrs: Attrs | null | undefined): void {
  if (!attrs) return;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) {
      // Handlers only as functions: an "on…" attribute string would be inline script.
      if (typeof value !== "function") throw new Error(`${name} must be a function`);
      el.addEventListener(name.slice(2).toLowerCase(), value as EventListener);
    } else if (name === "href" || name === "src") {
      // Only http(s) and same-origin paths: a hostile "javascript:" URL becomes no link at all.
      const href = safeHref(String(value), true);
      if (href) el.setAttribute(name, href);
    } else if (name === "style") {
      throw new Error("style attributes are blocked by the CSP: set el.style from code");
    } else {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
}

/** `h("button", { class: "x", onclick: fn }, "Label")` */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, ...children);
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Record<string, string | number | null | undefined>, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value !== null && value !== undefined) el.setAttribute(name, String(value));
  }
  append(el, ...children);
  return el;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** An external link: http(s) only, opened in a new tab without an opener or referrer. */
export function extLink(url: string | null | undefined, ...children: Child[]): HTMLElement {
  const href = safeHref(url ?? "", false);
  if (!href) return h("span", null, ...children);
  return h("a", { href, target: "_blank", rel: "noopener noreferrer" }, ...children);
}

/** Screen-reader announcements (one polite live region for the whole app). */
export function announce(message: string): void {
  const region = document.getElementById("announcer");
  if (!region) return;
  // Clearing first makes the same message announced twice in a row.
  region.textContent = "";
  window.setTimeout(() => { region.textContent = message; }, 30);
}

let idCounter = 0;
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** A labelled form control: `<label for>` + control, wrapped in a div.field. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  if (!control.id) control.id = uid("f");
  const wrap = h("div", { class: "field" }, h("label", { for: control.id }, label), control);
  if (hint) {
    const hintEl = h("small", { id: `${control.id}-hint`, class: "hint" }, hint);
    control.setAttribute("aria-describedby", hintEl.id);
    wrap.appendChild(hintEl);
  }
  return wrap;
}

export interface DialogAction { label: string; value: string; primary?: boolean; testid?: string }

/**
 * A modal `<dialog>` (focus trapped and restored by the browser); resolves with the value of the
 * button pressed, or null when dismissed with Escape.
 */
export function openDialog(opts: { title: string; body: Child; actions: DialogAction[]; testid?: string; onOpen?: () => void; form?: boolean }): Promise<string | null> {
  return new Promise((resolve) => {
    const titleId = uid("dlg");
    const previous = document.activeElement as HTMLElement | null;
    const buttons = opts.actions.map((a) =>
      h("button", { type: a.primary ? "submit" : "button", value: a.value, class: a.primary ? "primary" : null, "data-testid": a.testid ?? null }, a.label));
    const form = h("form", { method: "dialog", class: "dialog-form" },
      h("h2", { id: titleId }, opts.title),
      h("div", { class: "dialog-body" }, opts.body),
      h("div", { class: "dialog-actions" }, buttons));
    const dialog = h("dialog", { "aria-labelledby": titleId, "data-testid": opts.testid ?? null }, form);
    let result: string | null = null;
    for (const b of buttons) {
      b.addEventListener("click", (e) => {
        if (b.type === "submit") {
          // Let constraint validation (required, maxlength) run first.
          if (!form.reportValidity()) { e.preventDefault(); return; }
        }
        e.preventDefault();
        result = b.value;
        dialog.close();
      });
    }
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const primary = opts.actions.find((a) => a.primary);
      result = primary ? primary.value : null;
      dialog.close();
    });
    dialog.addEventListener("close", () => {
      dialog.remove();
      if (previous && document.contains(previous)) previous.focus();
      resolve(result);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    opts.onOpen?.();
  });
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): ((...args: A) => void) & { cancel(): void; flush(): void } {
  let timer: number | undefined;
  let lastArgs: A | null = null;
  const wrapped = (...args: A) => {
    lastArgs = args;
    if (timer !== undefined) window.clearTimeout(timer);
    timer = window.setTimeout(() => { timer = undefined; const a = lastArgs; lastArgs = null; if (a) fn(...a); }, ms);
  };
  wrapped.cancel = () => { if (timer !== undefined) window.clearTimeout(timer); timer = undefined; lastArgs = null; };
  wrapped.flush = () => { if (timer !== undefined) { window.clearTimeout(timer); timer = undefined; const a = lastArgs; lastArgs = null; if (a) fn(...a); } };
  return wrapped;
}
