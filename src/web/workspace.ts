// The story workspace (/stories/:name): the filtered live feed on the left; the roundup preview,
// exports, decision history, charts and article import on the right. It wires the parts
// together: filters → feed; card buttons, keys and drags → decisions → cards, history, preview;
// the event stream → new posts and other editors' decisions.

import type { Decision, DecisionInput, FeedPost, Story } from "../store/store.ts";
import { api, errorMessage } from "./api.ts";
import { reactionChart, timelineChart } from "./charts.ts";
import { Curator } from "./curation.ts";
import { announce, clear, debounce, field, h, openDialog, safeHref } from "./dom.ts";
import { Feed } from "./feed.ts";
import { filtersToParams, parseFilters, type Filters } from "./filters.ts";
import { filtersForm } from "./filters-form.ts";
import { commandFor, type Command } from "./shortcuts.ts";
import { showHelp } from "./help.ts";
import { REACTIONS, capitalize, plural, postKey, truncate } from "./text.ts";
import { landingIndex } from "./virtual-math.ts";

export interface View { el: HTMLElement; destroy(): void; title: string }

export async function workspaceView(name: string, search: string): Promise<View> {
  const story: Story = await api.getStory(name);
  let filters: Filters = parseFilters(search);
  let destroyed = false;

  // ---- header -----------------------------------------------------------------------------
  const countEl = h("span", { class: "story-count", "data-testid": "story-post-count" }, plural(story.postCount, "post"));
  const liveEl = h("span", { class: "live off", "data-testid": "live-status", title: "Live updates" }, "Connecting…");
  const header = h("div", { class: "ws-head" },
    h("nav", { "aria-label": "Breadcrumb" }, h("a", { href: "/", "data-route": "" }, "Stories"), h("span", { "aria-hidden": "true" }, " / ")),
    h("h1", null, story.title || story.name),
    h("span", { class: "story-name" }, story.name),
    countEl,
    story.subjects.length ? h("span", { class: "subjects" }, "Subject: ", story.subjects.map((s) => `@${s}`).join(", ")) : null,
    liveEl);

  // ---- decisions --------------------------------------------------------------------------
  const toast = h("div", { class: "toast", role: "alert", hidden: true, "data-testid": "toast" });
  let toastTimer = 0;
  const showError = (msg: string) => {
    toast.textContent = msg;
    toast.hidden = false;
    window.clearTimeout(toastTimer);
    toastTimer = window.setTimeout(() => { toast.hidden = true; }, 6000);
  };

  const who = (key: string): string | null => {
    const i = feed.indexOfKey(key);
    const p = i >= 0 ? feed.posts[i] : null;
    if (!p) return null;
    return p.author.handle ? `@${p.author.handle}` : p.author.name ?? null;
  };

  const undoBtn = h("button", { type: "button", class: "undo", "data-testid": "undo-button", disabled: true, title: "Undo the last decision (u, Ctrl/⌘+Z)" }, "Undo");
  const updateUndo = () => {
    const d = curator.latestUndoable();
    undoBtn.disabled = !d;
    undoBtn.textContent = "Undo";
    undoBtn.setAttribute("aria-label", d ? `Undo: ${describeShort(d, who)}` : "Undo (nothing to undo)");
    undoBtn.title = d ? `Undo: ${describeShort(d, who)} (u, Ctrl/⌘+Z)` : "Nothing to undo";
  };

  const curator = new Curator({
    story: name,
    who,
    onChange: (keys, d) => {
      feed.refresh(keys);
      updateUndo();
      if (d) schedulePreview();
    },
    onUndoRequest: (id) => void undo(id),
  });

  const decide = async (input: DecisionInput, message: string): Promise<Decision | null> => {
    try {
      const d = await curator.decide(input);
      announce(message);
      return d;
    } catch (e) {
      const msg = errorMessage(e);
      showError(msg);
      announce(`Not saved: ${msg}`);
      return null;
    }
  };

  const undo = async (id?: number) => {
    const target = id === undefined ? curator.latestUndoable() : curator.log.find((d) => d.id === id) ?? null;
    if (!target) { announce("Nothing to undo"); return; }
    try {
      await curator.undo(id);
      await curator.load(); // the server's log says exactly what is undone now
      announce(`Undone: ${describeShort(target, who)}`);
    } catch (e) {
      showError(errorMessage(e));
    }
  };

  // ---- feed -------------------------------------------------------------------------------
  const abuseBtn = h("button", { type: "button", class: "abuse-toggle", "data-testid": "filter-abuse-toggle", "aria-pressed": "false", hidden: true });
  const totalEl = h("span", { class: "feed-total", "data-testid": "feed-total", role: "status" });
  const newBtn = h("button", { type: "button", class: "new-posts primary", "data-testid": "new-posts-button", hidden: true });

  let lastMeta = { total: 0, abusiveHidden: 0, pending: 0, loaded: 0 };
  let metaLoading = true;
  const renderMeta = () => {
    const { total, abusiveHidden, pending } = lastMeta;
    totalEl.textContent = metaLoading ? "Loading…" : plural(total, "post");
    if (filters.abuse === "hide") {
      abuseBtn.hidden = abusiveHidden === 0 || metaLoading;
      abuseBtn.textContent = `${plural(abusiveHidden, "post")} hidden as abusive — show`;
      abuseBtn.setAttribute("aria-pressed", "false");
    } else {
      abuseBtn.hidden = false;
      abuseBtn.textContent = filters.abuse === "only" ? "Showing only abusive posts — hide them" : "Abusive posts shown — hide them";
      abuseBtn.setAttribute("aria-pressed", "true");
    }
    newBtn.hidden = pending === 0;
    newBtn.textContent = `${plural(pending, "new post")} — show`;
  };
  const feed: Feed = new Feed({
    story: name,
    curationOf: (p) => curator.curationOf(p),
    onAction: (action, i) => void act(action, i),
    onDrop: (from, to, place) => void moveTo(from, to, place),
    onMeta: (meta) => { lastMeta = meta; renderMeta(); },
    onError: showError,
  });

  const setFilters = (f: Filters, push = false) => {
    filters = f;
    form.set(f);
    const qs = filtersToParams(f).toString();
    const url = `/stories/${encodeURIComponent(name)}${qs ? `?${qs}` : ""}`;
    if (push) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
    void reloadFeed();
  };
  let reloadSeq = 0;
  const reloadFeed = async () => {
    const seq = ++reloadSeq;
    metaLoading = true;
    renderMeta();
    await feed.reload(filters);
    if (seq !== reloadSeq) return; // a newer reload is on its way
    metaLoading = false;
    renderMeta();
  };
  const form = filtersForm(filters, (f) => setFilters(f));
  abuseBtn.addEventListener("click", () => setFilters({ ...filters, abuse: filters.abuse === "hide" ? "show" : "hide" }));
  newBtn.addEventListener("click", () => void showNew());
  undoBtn.addEventListener("click", () => void undo());

  const showNew = async () => {
    const n = await feed.showPending();
    renderMeta();
    announce(n ? `${plural(n, "new post")} shown` : "The new posts are outside these filters (or hidden as abusive)");
  };

  const postAt = (i: number): FeedPost | null => feed.posts[i] ?? null;
  const label = (p: FeedPost) => (p.author.handle ? `@${p.author.handle}` : p.author.name ?? "the post");
  const ref = (p: FeedPost) => ({ platform: p.platform, id: p.id });

  const act = async (action: Command | "moveUp" | "moveDown", i: number) => {
    const p = postAt(i);
    if (!p) return;
    const cur = curator.curationOf(p);
    switch (action) {
      case "include":
        await decide({ action: cur.status === "included" ? "reset" : "include", post: ref(p) }, cur.status === "included" ? `${label(p)} back to undecided` : `Included ${label(p)}`);
        break;
      case "exclude":
        await decide({ action: cur.status === "excluded" ? "reset" : "exclude", post: ref(p) }, cur.status === "excluded" ? `${label(p)} back to undecided` : `Excluded ${label(p)}`);
        break;
      case "reset":
        await decide({ action: "reset", post: ref(p) }, `${label(p)} back to undecided`);
        break;
      case "pin":
        await decide({ action: cur.pinned ? "unpin" : "pin", post: ref(p) }, cur.pinned ? `Unpinned ${label(p)}` : `Pinned ${label(p)}`);
        break;
      case "note": {
        const text = await noteDialog(p, cur.note ?? "");
        if (text !== null) await decide({ action: "note", post: ref(p), value: { note: text } }, text ? `Note saved on ${label(p)}` : `Note cleared on ${label(p)}`);
        break;
      }
      case "section": {
        const section = await sectionDialog(p, cur.section, knownSections());
        if (section !== undefined) await decide({ action: "section", post: ref(p), value: { section } }, section ? `${label(p)} in section “${section}”` : `${label(p)} back to its reaction's section`);
        break;
      }
      case "moveUp":
        if (i > 0) await moveTo(i, i - 1, "before");
        break;
      case "moveDown":
        if (i < feed.posts.length - 1) await moveTo(i, i + 1, "after");
        break;
      case "open": {
        const href = safeHref(p.url ?? "", false);
        if (href) window.open(href, "_blank", "noopener,noreferrer");
        break;
      }
      default:
        break;
    }
  };

  const moveTo = async (from: number, to: number, place: "before" | "after") => {
    const p = postAt(from);
    const other = postAt(to);
    if (!p || !other) return;
    const d = await decide({ action: "move", post: ref(p), value: { [place]: ref(other) } }, `Moved ${label(p)} ${place} ${label(other)}`);
    if (!d) return;
    const at = landingIndex(from, to, place);
    // The list shows the move at once; in another sort order it shows in the roundup preview.
    feed.moveLocal(from, at);
    feed.setActive(at);
    if (filters.sort !== "curated") announce(`Moved ${label(p)} ${place} ${label(other)} in the roundup. Sort by roundup order to see the whole order.`);
  };

  const knownSections = (): string[] => {
    const out = new Set<string>(REACTIONS.map(capitalize));
    for (const d of curator.log) {
      const s = (d.value as { section?: unknown } | null)?.section;
      if (d.action === "section" && typeof s === "string" && s) out.add(s);
    }
    return [...out];
  };

  // ---- preview and exports ------------------------------------------------------------------
  const previewUrl = api.roundupUrl(name, "html", "static");
  const frame = h("iframe", { sandbox: "allow-popups allow-popups-to-escape-sandbox", src: previewUrl, title: "Roundup preview", "data-testid": "preview-frame", class: "preview-frame", "data-version": "0" });
  const previewStatus = h("span", { class: "muted small", "data-testid": "preview-status" }, "Loading…");
  let previewVersion = 0;
  let previewLoading = true; // the first load starts with the frame
  let previewDirty = false;
  let previewVisible = true;
  // A roundup of a big story takes the server a moment: one load at a time, none while the
  // frame is scrolled out of view, and the latest state once the current load ends.
  const refreshPreview = () => {
    if (previewLoading || !previewVisible) { previewDirty = true; return; }
    previewDirty = false;
    previewLoading = true;
    previewVersion += 1;
    previewStatus.textContent = "Updating…";
    // Re-setting src reloads the sandboxed frame (no script runs in it, so it cannot reload itself).
    frame.src = previewUrl;
    frame.dataset.version = String(previewVersion);
  };
  frame.addEventListener("load", () => {
    previewLoading = false;
    previewStatus.textContent = `Updated ${new Date().toLocaleTimeString()}`;
    frame.dataset.loaded = String(previewVersion);
    if (previewDirty) schedulePreview();
  });
  const previewObserver = new IntersectionObserver((entries) => {
    previewVisible = entries.some((e) => e.isIntersecting);
    if (previewVisible && previewDirty) schedulePreview();
  });
  previewObserver.observe(frame);
  const schedulePreview = debounce(refreshPreview, 600);
  const refreshBtn = h("button", { type: "button", class: "small", "data-testid": "preview-refresh" }, "Refresh");
  refreshBtn.addEventListener("click", refreshPreview);

  const dl = (href: string, text: string, testid: string, file: string | null) =>
    h("a", { href, class: "button", "data-testid": testid, download: file ?? true }, text);
  const exportsEl = h("div", { class: "exports", role: "group", "aria-label": "Exports" },
    dl(api.roundupUrl(name, "md"), "Markdown", "export-md", `${name}-roundup.md`),
    dl(api.roundupUrl(name, "html", "static"), "HTML", "export-html", `${name}-roundup.html`),
    dl(api.roundupUrl(name, "html", "official"), "HTML (official embeds)", "export-html-official", `${name}-roundup-embeds.html`),
    dl(api.exportUrl(name, "jsonfeed"), "JSON Feed", "export-jsonfeed", null),
    dl(api.exportUrl(name, "jsonl"), "JSONL", "export-jsonl", null),
    dl(api.exportUrl(name, "csv"), "CSV", "export-csv", null),
    dl(api.exportUrl(name, "parquet"), "Parquet", "export-parquet", null),
    dl(api.datasheetUrl(name), "Datasheet", "export-datasheet", `${name}-datasheet.md`));

  // ---- charts --------------------------------------------------------------------------------
  const chartsEl = h("div", { class: "charts" }, h("p", { class: "muted" }, "Loading charts…"));
  const loadStats = async () => {
    try {
      const stats = await api.stats(name);
      if (destroyed) return;
      clear(chartsEl);
      chartsEl.append(reactionChart(stats), timelineChart(stats));
    } catch (e) {
      clear(chartsEl);
      chartsEl.append(h("p", { class: "muted" }, `Charts unavailable: ${errorMessage(e)}`));
    }
  };
  const scheduleStats = debounce(() => void loadStats(), 2000);

  // ---- import ----------------------------------------------------------------------------------
  const importUrl = h("input", { type: "url", name: "url", placeholder: "https://news.example/article", "data-testid": "import-url", autocomplete: "off" });
  const importHtml = h("textarea", { name: "html", rows: 4, placeholder: "…or paste the article's HTML", "data-testid": "import-html" });
  const importResult = h("p", { class: "import-result", role: "status", "data-testid": "import-result" });
  const importSubmit = h("button", { type: "submit", class: "primary", "data-testid": "import-submit" }, "Import");
  const importForm = h("form", { class: "import-form", "data-testid": "import-form", "aria-label": "Import an article" },
    field("Article URL", importUrl),
    field("Article HTML", importHtml, "Paste the page source when the site cannot be fetched."),
    h("div", { class: "row" }, importSubmit),
    importResult);
  importForm.addEventListener("submit", (e) => {
    e.preventDefault();
    void (async () => {
      const url = importUrl.value.trim();
      const html = importHtml.value;
      if (!url && !html.trim()) { importResult.textContent = "Give a URL or paste HTML."; importUrl.focus(); return; }
      importSubmit.disabled = true;
      importResult.textContent = "Importing…";
      try {
        const r = await api.importArticle(name, html.trim() ? { html, ...(url ? { url } : {}) } : { url });
        importResult.textContent = `Imported ${plural(r.posts, "post")}${r.title ? ` from “${r.title}”` : ""}: ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged.`;
        announce(importResult.textContent);
        importHtml.value = "";
        // The server's count, not ours: the stream also announces the imported posts.
        story.postCount = (await api.getStory(name)).postCount;
        countEl.textContent = plural(story.postCount, "post");
        await reloadFeed();
        scheduleStats();
        schedulePreview();
      } catch (err) {
        importResult.textContent = `Import failed: ${errorMessage(err)}`;
      } finally {
        importSubmit.disabled = false;
      }
    })();
  });

  // ---- layout --------------------------------------------------------------------------------
  const section = (id: string, title: string, ...body: Array<HTMLElement | null>) =>
    h("section", { class: "panel", id, "aria-labelledby": `${id}-h` }, h("h2", { id: `${id}-h` }, title), ...body);
  const aside = h("aside", { class: "side", "aria-label": "Roundup and tools" },
    h("nav", { class: "side-nav", "aria-label": "Workspace sections" },
      ["preview", "exports", "history", "charts", "import"].map((id) => h("a", { href: `#ws-${id}` }, capitalize(id)))),
    section("ws-preview", "Roundup preview", h("div", { class: "row" }, refreshBtn, previewStatus), frame),
    section("ws-exports", "Export", exportsEl),
    section("ws-history", "Decision history", curator.historyElement),
    section("ws-charts", "Charts", chartsEl),
    section("ws-import", "Import an article", importForm));
  for (const a of aside.querySelectorAll<HTMLAnchorElement>(".side-nav a")) {
    a.addEventListener("click", (e) => {
      e.preventDefault();
      const target = aside.querySelector<HTMLElement>(a.getAttribute("href")!);
      target?.scrollIntoView({ block: "start" });
      target?.querySelector<HTMLElement>("h2")?.setAttribute("tabindex", "-1");
      target?.querySelector<HTMLElement>("h2")?.focus();
    });
  }
  const main = h("section", { class: "feed-col", "aria-label": "Feed" },
    form.el,
    h("div", { class: "feed-bar" }, totalEl, abuseBtn, newBtn, h("span", { class: "spacer" }), undoBtn,
      h("button", { type: "button", class: "small", "data-testid": "help-button", "aria-keyshortcuts": "?" , title: "Keyboard shortcuts (?)" }, "Shortcuts")),
    feed.el);
  main.querySelector("[data-testid=help-button]")!.addEventListener("click", () => void showHelp());
  const el = h("div", { class: "workspace" }, header, toast, h("div", { class: "ws-grid" }, main, aside));

  // ---- keyboard ----------------------------------------------------------------------------------
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || document.querySelector("dialog[open]")) return;
    const t = e.target as HTMLElement | null;
    const textual = !!t && (t.isContentEditable || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement ||
      (t instanceof HTMLInputElement && !["checkbox", "radio", "range", "button", "submit", "reset"].includes(t.type)));
    const cmd = commandFor({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, shiftKey: e.shiftKey, editable: textual });
    if (!cmd) return;
    // Arrows move between cards only from the feed (elsewhere they scroll, or change a control).
    if ((e.key === "ArrowDown" || e.key === "ArrowUp") && !feed.el.contains(t) && t !== document.body) return;
    e.preventDefault();
    void run(cmd);
  };
  const run = async (cmd: Command) => {
    const i = feed.active;
    switch (cmd) {
      case "next": feed.setActive(i < 0 ? 0 : i + 1); break;
      case "previous": feed.setActive(Math.max(0, i - 1)); break;
      case "undo": await undo(); break;
      case "search": form.search.focus(); form.search.select(); break;
      case "help": await showHelp(); break;
      case "toggleAbuse": setFilters({ ...filters, abuse: filters.abuse === "hide" ? "show" : "hide" }); break;
      case "showNew": await showNew(); break;
      case "escape": if (document.activeElement instanceof HTMLElement && document.activeElement !== document.body) feed.focusActive(); break;
      default: if (i >= 0) await act(cmd, i); break;
    }
  };
  document.addEventListener("keydown", onKey);

  // ---- live events -------------------------------------------------------------------------------
  let es: EventSource | null = null;
  const connect = () => {
    es = new EventSource(api.eventsUrl(name));
    es.addEventListener("open", () => { liveEl.textContent = "Live"; liveEl.className = "live on"; });
    es.addEventListener("error", () => {
      liveEl.textContent = es?.readyState === EventSource.CLOSED ? "Offline" : "Reconnecting…";
      liveEl.className = "live off";
    });
    es.addEventListener("post", (ev) => {
      const p = parseJson<FeedPost>((ev as MessageEvent).data);
      if (!p || typeof p.id !== "string" || !p.facets || !p.curation) return;
      feed.queueLive(p);
      // Positions count the story's posts from 1, so the highest seen is the count (an event
      // for a post the page already counted changes nothing).
      story.postCount = Math.max(story.postCount, typeof p.position === "number" ? p.position : story.postCount + 1);
      countEl.textContent = plural(story.postCount, "post");
      announceNew();
      scheduleStats();
    });
    es.addEventListener("decision", (ev) => {
      const d = parseJson<Decision>((ev as MessageEvent).data);
      if (d && typeof d.id === "number") curator.receive(d);
    });
  };
  const announceNew = debounce(() => feed.announceNew(), 1500);

  // ---- start ---------------------------------------------------------------------------------
  connect();
  void curator.load().catch((e) => showError(`Decision history unavailable: ${errorMessage(e)}`));
  void reloadFeed();
  void loadStats();
  updateUndo();

  return {
    el,
    title: `${story.title || story.name} — voxpop`,
    destroy() {
      destroyed = true;
      document.removeEventListener("keydown", onKey);
      es?.close();
      feed.destroy();
      curator.destroy();
      schedulePreview.cancel();
      previewObserver.disconnect();
      scheduleStats.cancel();
      announceNew.cancel();
      window.clearTimeout(toastTimer);
    },
  };
}

function parseJson<T>(data: unknown): T | null {
  if (typeof data !== "string") return null;
  try { return JSON.parse(data) as T; } catch { return null; }
}

function describeShort(d: Decision, who: (key: string) => string | null): string {
  const target = d.post ? who(postKey(d.post)) ?? "a post" : "";
  return `${d.action} ${target}`.trim();
}

async function noteDialog(p: FeedPost, current: string): Promise<string | null> {
  const input = h("textarea", { rows: 5, maxlength: 2000, "data-testid": "note-input" });
  input.value = current;
  const r = await openDialog({
    title: `Note on the post by ${p.author.name || p.author.handle || "unknown"}`,
    body: [h("blockquote", { class: "quoted" }, truncate(p.text ?? "", 280)), field("Note (for the team; not published)", input, "Up to 2000 characters. Empty clears the note.")],
    actions: [{ label: "Cancel", value: "cancel" }, { label: "Save note", value: "save", primary: true, testid: "note-save" }],
    testid: "note-dialog",
    onOpen: () => input.focus(),
  });
  return r === "save" ? input.value.trim() : null;
}

/** Resolves the section (null: back to the reaction), or undefined when cancelled. */
async function sectionDialog(p: FeedPost, current: string | null, known: string[]): Promise<string | null | undefined> {
  const listId = `sections-${Math.random().toString(36).slice(2)}`;
  const input = h("input", { type: "text", list: listId, maxlength: 200, "data-testid": "section-input", autocomplete: "off" });
  input.value = current ?? "";
  const datalist = h("datalist", { id: listId }, known.map((s) => h("option", { value: s })));
  const r = await openDialog({
    title: `Section for the post by ${p.author.name || p.author.handle || "unknown"}`,
    body: [field("Section", input, `Default: its reaction (${p.facets.reaction ?? "other"}). Type a custom title or pick one.`), datalist],
    actions: [{ label: "Cancel", value: "cancel" }, { label: "Use its reaction", value: "clear" }, { label: "Save section", value: "save", primary: true, testid: "section-save" }],
    testid: "section-dialog",
    onOpen: () => input.focus(),
  });
  if (r === "clear") return null;
  if (r === "save") return input.value.trim() || null;
  return undefined;
}
