// One post as a card in the feed. Everything from the post (text, names, handles, notes) goes
// in as text nodes; links only through extLink (http(s), noopener noreferrer). Buttons carry
// `data-action`: the feed handles clicks for all cards with one delegated listener.

import type { Curation, FeedPost } from "../store/store.ts";
import { append, clear, extLink, h } from "./dom.ts";
import { capitalize, formatDate, networkLabel, relativeTime, splitLinks } from "./text.ts";

export type CardAction = "include" | "exclude" | "pin" | "note" | "section" | "moveUp" | "moveDown" | "drag";

export interface CardContext {
  index: number;
  setSize: number;
  active: boolean;
  now: number;
  canMove: boolean;
}

function textWithLinks(text: string): HTMLElement {
  const p = h("p", { class: "post-text" });
  for (const seg of splitLinks(text)) {
    if (seg.kind === "text") append(p, seg.text);
    else append(p, extLink(seg.href, seg.text));
  }
  return p;
}

function notabilityBadge(n: number): HTMLElement {
  const pct = Math.round(Math.max(0, Math.min(1, n)) * 100);
  const tier = pct >= 70 ? "high" : pct >= 40 ? "mid" : "low";
  return h("span", { class: `badge notability notability-${tier}`, title: "Notability: how widely the author is followed and the post shared", "data-testid": "notability-badge" },
    `Notability ${pct}`);
}

function stateBadges(c: Curation): HTMLElement[] {
  const out = [h("span", { class: `badge state state-${c.status}`, "data-testid": "curation-state" }, capitalize(c.status))];
  if (c.pinned) out.push(h("span", { class: "badge state state-pinned" }, "Pinned"));
  if (c.section) out.push(h("span", { class: "badge section" }, `Section: ${c.section}`));
  return out;
}

function actionButton(action: CardAction, label: string, opts: { pressed?: boolean; testid: string; title: string; disabled?: boolean }): HTMLElement {
  return h("button", {
    type: "button", class: `act act-${action}`, "data-action": action, "data-testid": opts.testid, title: opts.title,
    "aria-pressed": opts.pressed === undefined ? null : String(opts.pressed), disabled: opts.disabled ?? false, tabindex: "-1",
  }, label);
}

/** Fills (or creates) the card element for a post. */
export function renderCard(existing: HTMLElement | null, post: FeedPost, cur: Curation, ctx: CardContext): HTMLElement {
  const el = existing && existing.classList.contains("post-card") ? existing : h("article", { class: "card post-card" });
  // Keep focus on the same control when a card is refilled in place after a decision.
  const focusedAction = el.contains(document.activeElement) && document.activeElement !== el
    ? (document.activeElement as HTMLElement).dataset.action ?? null : null;
  clear(el);
  el.className = `card post-card status-${cur.status}${cur.pinned ? " pinned" : ""}${post.role === "subject" ? " subject" : ""}${ctx.active ? " active" : ""}`;
  el.setAttribute("data-testid", "post-card");
  el.setAttribute("data-key", `${post.platform}:${post.id}`);
  el.setAttribute("aria-posinset", String(ctx.index + 1));
  el.setAttribute("aria-setsize", String(ctx.setSize));
  el.tabIndex = ctx.active ? 0 : -1;
  const author = post.author.name || post.author.handle || "Unknown author";
  const labelId = `author-${post.platform}-${post.id}`.replace(/\s/g, "_");
  el.setAttribute("aria-labelledby", labelId);

  const time = post.createdAt
    ? h("time", { datetime: post.createdAt, title: formatDate(post.createdAt) }, relativeTime(post.createdAt, ctx.now))
    : post.dateText ? h("span", null, post.dateText) : null;

  const header = h("header", { class: "card-head" },
    ctx.canMove ? h("span", { class: "drag-handle", "data-action": "drag", "data-testid": "drag-handle", title: "Drag to reorder the roundup", "aria-hidden": "true" }, "⠿") : null,
    h("span", { class: "who" },
      h("strong", { class: "author-name", id: labelId }, author),
      post.author.handle ? h("span", { class: "handle" }, `@${post.author.handle}`) : null,
      post.author.verified ? h("span", { class: "verified", title: "Verified" }, "✓") : null),
    h("span", { class: "meta" },
      h("span", { class: `network net-${post.platform}` }, networkLabel(post.platform)),
      time ? (post.url ? extLink(post.url, time) : time) : null),
  );

  const badges = h("div", { class: "badges" },
    post.role === "subject" ? h("span", { class: "badge role-subject" }, "Subject's own post") : null,
    stateBadges(cur),
    notabilityBadge(post.facets.notability));

  const chips = h("ul", { class: "chips", "aria-label": "Labels" });
  if (post.facets.reaction) chips.appendChild(h("li", { class: `chip reaction r-${post.facets.reaction}` }, capitalize(post.facets.reaction)));
  for (const e of post.facets.emotions.slice(0, 3)) chips.appendChild(h("li", { class: "chip emotion" }, e));
  if (post.facets.lang) chips.appendChild(h("li", { class: "chip lang", title: "Language" }, post.facets.lang.toUpperCase()));
  if (post.facets.offensive) chips.appendChild(h("li", { class: "chip abuse" }, "Offensive"));
  if (post.facets.hate) chips.appendChild(h("li", { class: "chip abuse" }, "Hateful"));

  const body = post.text ? textWithLinks(post.text) : h("p", { class: "post-text empty" }, "(no text)");
  const note = cur.note ? h("p", { class: "note" }, h("span", { class: "note-label" }, "Note: "), cur.note) : null;

  const included = cur.status === "included";
  const excluded = cur.status === "excluded";
  const actions = h("div", { class: "actions", role: "group", "aria-label": `Curate the post by ${author}` },
    actionButton("include", included ? "Included" : "Include", { pressed: included, testid: "include-button", title: "Include in the roundup (i)" }),
    actionButton("exclude", excluded ? "Excluded" : "Exclude", { pressed: excluded, testid: "exclude-button", title: "Leave out of the roundup (x)" }),
    actionButton("pin", cur.pinned ? "Pinned" : "Pin", { pressed: cur.pinned, testid: "pin-button", title: "Pin to the top of the roundup (p)" }),
    actionButton("note", cur.note ? "Edit note" : "Note", { testid: "note-button", title: "Add a note for the team (n)" }),
    actionButton("section", "Section", { testid: "section-button", title: "Assign to a section (s)" }),
    actionButton("moveUp", "↑", { testid: "move-up-button", title: "Move up in the roundup (Shift+K)", disabled: !ctx.canMove || ctx.index === 0 }),
    actionButton("moveDown", "↓", { testid: "move-down-button", title: "Move down in the roundup (Shift+J)", disabled: !ctx.canMove || ctx.index >= ctx.setSize - 1 }),
  );
  for (const b of actions.querySelectorAll<HTMLElement>("[data-action=moveUp],[data-action=moveDown]")) {
    b.setAttribute("aria-label", b.dataset.action === "moveUp" ? "Move up" : "Move down");
  }
  // Buttons join the Tab order only on the active card (one tab stop per card otherwise).
  if (ctx.active) for (const b of actions.querySelectorAll("button")) b.removeAttribute("tabindex");

  append(el, header, badges, body, chips.childElementCount ? chips : null, note, actions);
  if (focusedAction) (el.querySelector<HTMLElement>(`[data-action="${focusedAction}"]`) ?? el).focus({ preventScroll: true });
  return el;
}

export function renderPlaceholder(existing: HTMLElement | null): HTMLElement {
  if (existing && existing.classList.contains("placeholder")) return existing;
  return h("div", { class: "card placeholder", "aria-hidden": "true" }, h("span", { class: "skeleton" }), h("span", { class: "skeleton short" }));
}

/** Makes `index` the card in the Tab order, on an already rendered element. */
export function markActive(el: HTMLElement | null, active: boolean): void {
  if (!el || !el.classList.contains("post-card")) return;
  el.classList.toggle("active", active);
  el.tabIndex = active ? 0 : -1;
  for (const b of el.querySelectorAll<HTMLButtonElement>(".actions button")) {
    if (active) b.removeAttribute("tabindex");
    else b.tabIndex = -1;
  }
}
