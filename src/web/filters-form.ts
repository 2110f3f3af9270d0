// The filter bar above the feed: search box and sort always in view, the other filters in a
// disclosure. It reads and writes a Filters value; the workspace reloads the feed on change.

import { debounce, field, h } from "./dom.ts";
import { DEFAULT_FILTERS, SORTS, SORT_LABELS, activeFilterCount, type Filters, type Sort } from "./filters.ts";
import { EMOTIONS, PLATFORM_OPTIONS, REACTIONS, capitalize, networkLabel } from "./text.ts";

export interface FiltersForm {
  el: HTMLElement;
  search: HTMLInputElement;
  set(f: Filters): void;
}

function checkboxGroup(legend: string, name: string, options: readonly string[], label: (v: string) => string): HTMLFieldSetElement {
  return h("fieldset", { class: "checks" }, h("legend", null, legend),
    options.map((v) => h("label", { class: "check" }, h("input", { type: "checkbox", name, value: v }), label(v))));
}

export function filtersForm(initial: Filters, onChange: (f: Filters) => void): FiltersForm {
  const search = h("input", { type: "search", name: "q", placeholder: "Search posts (/)", "data-testid": "search-input", autocomplete: "off", spellcheck: "false" });
  const sort = h("select", { name: "sort", "data-testid": "sort-select" }, SORTS.map((s) => h("option", { value: s }, SORT_LABELS[s])));
  const reaction = checkboxGroup("Reaction", "reaction", REACTIONS, capitalize);
  const platform = checkboxGroup("Network", "platform", PLATFORM_OPTIONS, networkLabel);
  const emotion = h("select", { name: "emotion", multiple: true, size: 5, "data-testid": "filter-emotion" }, EMOTIONS.map((e) => h("option", { value: e }, e)));
  const lang = h("input", { type: "text", name: "lang", placeholder: "en, fr", "data-testid": "filter-lang", autocomplete: "off" });
  const role = h("select", { name: "role", "data-testid": "filter-role" },
    h("option", { value: "" }, "Everyone"), h("option", { value: "subject" }, "The subject's own posts"), h("option", { value: "reaction" }, "Reactions only"));
  const status = h("select", { name: "status", "data-testid": "filter-status" },
    h("option", { value: "" }, "Any"), h("option", { value: "undecided" }, "Undecided"), h("option", { value: "included" }, "Included"),
    h("option", { value: "excluded" }, "Excluded"), h("option", { value: "pinned" }, "Pinned"));
  const notability = h("input", { type: "range", name: "minNotability", min: "0", max: "1", step: "0.05", "data-testid": "filter-notability" });
  const notabilityOut = h("output", null, "");
  const abuse = h("select", { name: "abuse", "data-testid": "filter-abuse" },
    h("option", { value: "hide" }, "Hidden"), h("option", { value: "show" }, "Shown"), h("option", { value: "only" }, "Only abusive posts"));
  const since = h("input", { type: "date", name: "since", "data-testid": "filter-since" });
  const until = h("input", { type: "date", name: "until", "data-testid": "filter-until" });
  const badge = h("span", { class: "count-badge", "aria-hidden": "true" });
  const summaryText = h("span", null, "Filters");
  const clearBtn = h("button", { type: "button", class: "linklike", "data-testid": "clear-filters" }, "Clear filters");

  const notabilityField = field("Minimum notability", notability);
  notabilityField.appendChild(notabilityOut);
  notabilityOut.htmlFor.add(notability.id);
  const details = h("details", { class: "more-filters" },
    h("summary", null, summaryText, badge),
    h("div", { class: "filter-grid" },
      reaction, platform,
      h("div", { class: "filter-col" },
        field("Emotion (any of)", emotion, "Ctrl/⌘-click to choose several"),
        field("Language", lang, "ISO codes, comma-separated")),
      h("div", { class: "filter-col" },
        field("Who", role),
        field("Curation", status),
        field("Abusive posts", abuse),
        notabilityField),
      h("div", { class: "filter-col" }, field("From", since), field("Until", until), clearBtn)));

  const form = h("form", { class: "filters", role: "search", "data-testid": "filters-form", "aria-label": "Filter posts" },
    h("div", { class: "filter-row" },
      field("Search", search),
      field("Sort", sort)),
    details);

  let current: Filters = initial;

  const read = (): Filters => ({
    q: search.value,
    sort: sort.value as Sort,
    reaction: [...reaction.querySelectorAll<HTMLInputElement>("input:checked")].map((i) => i.value),
    platform: [...platform.querySelectorAll<HTMLInputElement>("input:checked")].map((i) => i.value),
    emotion: [...emotion.selectedOptions].map((o) => o.value),
    lang: lang.value.split(/[\s,]+/).map((s) => s.trim().toLowerCase()).filter(Boolean),
    role: role.value as Filters["role"],
    status: status.value as Filters["status"],
    minNotability: Number(notability.value) || 0,
    abuse: abuse.value as Filters["abuse"],
    since: since.value,
    until: until.value,
  });

  const set = (f: Filters) => {
    current = f;
    if (search.value !== f.q) search.value = f.q;
    sort.value = f.sort;
    for (const i of reaction.querySelectorAll<HTMLInputElement>("input")) i.checked = f.reaction.includes(i.value);
    for (const i of platform.querySelectorAll<HTMLInputElement>("input")) i.checked = f.platform.includes(i.value);
    for (const o of emotion.options) o.selected = f.emotion.includes(o.value);
    if (lang !== document.activeElement) lang.value = f.lang.join(", ");
    role.value = f.role;
    status.value = f.status;
    notability.value = String(f.minNotability);
    notabilityOut.textContent = f.minNotability > 0 ? f.minNotability.toFixed(2) : "any";
    abuse.value = f.abuse;
    since.value = f.since;
    until.value = f.until;
    const n = activeFilterCount(f);
    badge.textContent = n ? String(n) : "";
    summaryText.textContent = n ? `Filters (${n} on)` : "Filters";
  };

  const emit = () => {
    const f = read();
    set(f);
    onChange(f);
  };
  const emitSoon = debounce(emit, 250);
  form.addEventListener("submit", (e) => { e.preventDefault(); emitSoon.cancel(); emit(); });
  search.addEventListener("input", () => emitSoon());
  lang.addEventListener("input", () => emitSoon());
  notability.addEventListener("input", () => { notabilityOut.textContent = Number(notability.value) > 0 ? Number(notability.value).toFixed(2) : "any"; emitSoon(); });
  form.addEventListener("change", (e) => {
    if (e.target === search || e.target === lang || e.target === notability) return;
    emit();
  });
  clearBtn.addEventListener("click", () => { set({ ...DEFAULT_FILTERS, sort: current.sort }); emit(); });

  set(initial);
  return { el: form, search, set };
}
