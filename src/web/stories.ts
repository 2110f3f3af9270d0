// The stories list (/): every story with its title and post count, and the "New story" form
// (name, title, subjects, keywords, tags → POST /api/stories).

import type { Story } from "../store/store.ts";
import { api, errorMessage } from "./api.ts";
import { announce, field, h } from "./dom.ts";
import { formatDate, parseList, plural } from "./text.ts";
import type { View } from "./workspace.ts";

export async function storiesView(navigate: (path: string) => void): Promise<View> {
  const stories = await api.listStories();
  const list = stories.length
    ? h("table", { class: "stories", "data-testid": "story-list" },
        h("caption", { class: "sr-only" }, "Stories"),
        h("thead", null, h("tr", null,
          h("th", { scope: "col" }, "Story"), h("th", { scope: "col" }, "Title"), h("th", { scope: "col", class: "num" }, "Posts"), h("th", { scope: "col" }, "Updated"))),
        h("tbody", null, stories.map((s: Story) => h("tr", { "data-testid": "story-row", "data-story": s.name },
          h("td", null, h("a", { href: `/stories/${encodeURIComponent(s.name)}`, "data-route": "" }, s.name)),
          h("td", null, s.title ?? ""),
          h("td", { class: "num" }, s.postCount.toLocaleString("en-US")),
          h("td", null, h("time", { datetime: s.updatedAt }, formatDate(s.updatedAt)))))))
    : h("div", { class: "empty", "data-testid": "story-list" }, h("p", null, "No stories yet. Create one below, or run ", h("code", null, "npm start"), " for the demo story."));

  const name = h("input", { type: "text", name: "name", required: true, maxlength: 200, autocomplete: "off", "data-testid": "new-story-name" });
  const title = h("input", { type: "text", name: "title", maxlength: 300, "data-testid": "new-story-title" });
  const subjects = h("input", { type: "text", name: "subjects", placeholder: "@alice.bsky.social, @bob@mastodon.social", "data-testid": "new-story-subjects" });
  const keywords = h("input", { type: "text", name: "keywords", placeholder: "verdict, appeal", "data-testid": "new-story-keywords" });
  const tags = h("input", { type: "text", name: "tags", placeholder: "#trial", "data-testid": "new-story-tags" });
  const result = h("p", { class: "form-result", role: "status" });
  const submit = h("button", { type: "submit", class: "primary", "data-testid": "new-story-submit" }, "Create story");
  const form = h("form", { class: "new-story", "data-testid": "new-story-form", "aria-labelledby": "new-story-h" },
    h("h2", { id: "new-story-h" }, "New story"),
    h("div", { class: "form-grid" },
      field("Name", name, "Short and unique, e.g. ada-last-book: used in URLs and the CLI."),
      field("Title", title),
      field("Subjects", subjects, "Handles of the people the story is about, comma-separated."),
      field("Keywords", keywords, "Words or phrases, comma-separated."),
      field("Hashtags", tags, "Comma or space separated.")),
    h("div", { class: "row" }, submit),
    result);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void (async () => {
      submit.disabled = true;
      result.textContent = "Creating…";
      try {
        const s = await api.createStory({
          name: name.value.trim(),
          ...(title.value.trim() ? { title: title.value.trim() } : {}),
          subjects: parseList(subjects.value, "@").map((x) => x.replace(/^@/, "")),
          rules: { keywords: parseList(keywords.value), tags: parseList(tags.value, "#") },
        });
        announce(`Story ${s.name} created`);
        navigate(`/stories/${encodeURIComponent(s.name)}`);
      } catch (err) {
        result.textContent = `Not created: ${errorMessage(err)}`;
      } finally {
        submit.disabled = false;
      }
    })();
  });

  const el = h("div", { class: "stories-page" },
    h("h1", null, "Stories"),
    h("p", { class: "muted" }, plural(stories.length, "story", "stories")),
    list,
    form);
  return { el, title: "Stories — voxpop", destroy() {} };
}
