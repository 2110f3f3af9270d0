// Entry point of the curation web app: a tiny history-API router over two views (the stories
// list at "/", a story workspace at "/stories/:name"), and the API token dialog that writes
// ask for once (kept in localStorage, asked again after a 401).

import { ApiError, errorMessage, getToken, setToken, setTokenPrompt } from "./api.ts";
import { clear, field, h, openDialog } from "./dom.ts";
import { storiesView } from "./stories.ts";
import { workspaceView, type View } from "./workspace.ts";

const root = document.getElementById("app")!;
let current: View | null = null;
let navSeq = 0;

async function tokenDialog(retry: boolean): Promise<string | null> {
  const input = h("input", { type: "password", autocomplete: "off", spellcheck: "false", "data-testid": "token-input", required: true });
  const r = await openDialog({
    title: retry ? "The API token was refused" : "API token needed",
    body: [
      h("p", null, "Changes need the API token that ", h("code", null, "voxpop serve"), " printed when it first started (also in ",
        h("code", null, "~/.config/voxpop/api-token"), "). It is kept in this browser."),
      field("API token", input),
    ],
    actions: [{ label: "Cancel", value: "cancel" }, { label: "Save token", value: "save", primary: true, testid: "token-save" }],
    testid: "token-dialog",
    onOpen: () => input.focus(),
  });
  return r === "save" ? input.value.trim() || null : null;
}

setTokenPrompt(tokenDialog);

function route(path: string): { view: "stories" } | { view: "story"; name: string } | { view: "missing" } {
  if (path === "/" || path === "") return { view: "stories" };
  const m = /^\/stories\/([^/]+)\/?$/.exec(path);
  if (m) {
    try { return { view: "story", name: decodeURIComponent(m[1]!) }; } catch { return { view: "missing" }; }
  }
  return { view: "missing" };
}

export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  void render();
}

async function render(): Promise<void> {
  const seq = ++navSeq;
  current?.destroy();
  current = null;
  const r = route(location.pathname);
  clear(root);
  root.setAttribute("aria-busy", "true");
  root.append(h("p", { class: "loading" }, "Loading…"));
  let view: View;
  try {
    if (r.view === "stories") view = await storiesView(navigate);
    else if (r.view === "story") view = await workspaceView(r.name, location.search);
    else view = message("Page not found", "There is nothing at this address.");
  } catch (e) {
    view = e instanceof ApiError && e.status === 404
      ? message("Story not found", errorMessage(e))
      : message("Something went wrong", errorMessage(e));
  }
  if (seq !== navSeq) { view.destroy(); return; }
  current = view;
  clear(root);
  root.append(view.el);
  root.setAttribute("aria-busy", "false");
  document.title = view.title;
  // Move focus to the new page's heading so screen readers announce it.
  const heading = root.querySelector<HTMLElement>("h1");
  if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
}

function message(title: string, text: string): View {
  return {
    el: h("div", { class: "message-page" }, h("h1", null, title), h("p", null, text), h("p", null, h("a", { href: "/", "data-route": "" }, "Back to the stories"))),
    title: `${title} — voxpop`,
    destroy() {},
  };
}

// Same-origin links marked data-route navigate without a reload.
document.addEventListener("click", (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element).closest?.("a[data-route]") as HTMLAnchorElement | null;
  if (!a || a.origin !== location.origin) return;
  e.preventDefault();
  navigate(a.pathname + a.search);
});
window.addEventListener("popstate", () => void render());

document.getElementById("token-button")?.addEventListener("click", () => {
  void (async () => {
    const t = await tokenDialog(false);
    if (t) setToken(t);
  })();
});
const tokenState = () => {
  const b = document.getElementById("token-button");
  if (b) b.textContent = getToken() ? "API token ✓" : "API token";
};
window.addEventListener("storage", tokenState);
document.addEventListener("voxpop:token", tokenState);
tokenState();

void render();
