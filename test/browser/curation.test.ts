// The curation web app in a real browser: Debian's Chromium driven by playwright-core against
// voxpop's real HTTP API (in process, throwaway SQLite database), with articles served by a local
// HTTP server (the API runs with allowPrivate, as `voxpop serve --allow-private`; fixtures in
// test/browser/fixtures/, one a copy of the demo article). Screenshots of
// the key steps go to test-output/screenshots/ (git-ignored) for a person to look at.
//
// No timing assertions: every wait is Playwright's auto-waiting or a bounded wait for a state.
// Skips with the reason when /usr/bin/chromium is missing (scripts/install-chromium.sh installs it).
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, BrowserContext, Frame, Locator, Page } from "playwright-core";
import {
  launchBrowser, screenshot, startFixtureServer, startVoxpop, watchPage, ROOT,
  type FixtureServer, type LaunchedBrowser, type VoxpopServer,
} from "../support/browser.ts";
import { buildFeedStore, FEED_STORY } from "../../bench/feed-store.ts";

const WAIT = 20_000;

let launched: LaunchedBrowser | null = null;
let skipReason: string | null = null;
let vp: VoxpopServer;
let fixtures: FixtureServer;

before(async () => {
  const b = await launchBrowser();
  if ("skip" in b) { skipReason = b.skip; return; }
  launched = b;
  vp = await startVoxpop({ allowPrivate: true });
  fixtures = await startFixtureServer();
  fixtures.set("/ada.html", await readFile(join(ROOT, "test/browser/fixtures/ada-article.html"), "utf8"));
  fixtures.set("/hostile.html", await readFile(join(ROOT, "test/browser/fixtures/hostile-reactions.html"), "utf8"));
});

after(async () => {
  await launched?.close();
  await vp?.stop();
  await fixtures?.close();
});

/** A fresh browser context (own localStorage); with `token`, the API token is already saved. */
async function openPage(browser: Browser, options: { token?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; seen: ReturnType<typeof watchPage> }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 950 }, acceptDownloads: true, reducedMotion: "reduce" });
  if (options.token) {
    await context.addInitScript((token) => { try { localStorage.setItem("voxpop.apiToken", token); } catch { /* about:blank */ } }, vp.token);
  }
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  const seen = watchPage(page);
  return { context, page, seen };
}

const card = (page: Page, handle: string): Locator =>
  page.getByTestId("post-card").filter({ has: page.locator(".handle", { hasText: new RegExp(`^@${handle}$`) }) });

/** The feed's cards' handles, top to bottom (virtualised: what is rendered). */
async function feedHandles(page: Page): Promise<string[]> {
  return page.getByTestId("post-card").evaluateAll((cards) =>
    cards
      .map((c) => ({ top: c.getBoundingClientRect().top, handle: c.querySelector(".handle")?.textContent ?? "" }))
      .sort((a, b) => a.top - b.top)
      .map((c) => c.handle.replace(/^@/, "")));
}

async function previewFrame(page: Page): Promise<Frame> {
  const handle = await page.getByTestId("preview-frame").elementHandle();
  const frame = await handle!.contentFrame();
  assert.ok(frame, "the preview iframe has a frame");
  return frame;
}

/** Waits until `check` returns true (polling state, not time: bounded by WAIT). */
async function waitUntil(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Text positions of each needle in the haystack, asserting all are present. */
function order(haystack: string, needles: string[]): number[] {
  return needles.map((n) => {
    const i = haystack.indexOf(n);
    assert.ok(i >= 0, `expected ${JSON.stringify(n)} in:\n${haystack.slice(0, 3000)}`);
    return i;
  });
}

const isAscending = (xs: number[]) => xs.every((x, i) => i === 0 || xs[i - 1]! < x);

// The three posts of the demo article the editor picks (their texts, as the roundup quotes them).
const ADA = { handle: "adamarrow", text: "After forty years at the desk" };
const JO = { handle: "jookafor", text: "My grandmother read Net Menders aloud" };
const HAL = { handle: "halbrenner", text: "Twelve books that are all the same book" };
const SECTION = "Editor's picks";

describe("curation web app in Chromium", () => {
  it("takes an editor from a new story to a Markdown roundup: create, import, include, section, drag and keyboard reorder, preview, export", async (t) => {
    if (!launched) return t.skip(skipReason!);
    const { context, page, seen } = await openPage(launched.browser);
    try {
      await page.goto(vp.url + "/");
      await page.getByTestId("story-list").waitFor();
      await screenshot(page, "01-stories-empty");

      // Create the story: the first write asks for the API token once.
      await page.getByTestId("new-story-name").fill("ada-last-book");
      await page.getByTestId("new-story-title").fill("Ada Marrow's last book");
      await page.getByTestId("new-story-subjects").fill("@adamarrow");
      await page.getByTestId("new-story-submit").click();
      await page.getByTestId("token-input").fill(vp.token);
      await screenshot(page, "02-token-dialog");
      await page.getByTestId("token-save").click();
      await page.waitForURL(/\/stories\/ada-last-book$/);
      await page.locator("h1", { hasText: "Ada Marrow's last book" }).waitFor();

      // Import the demo article from a (local) web address.
      await page.getByTestId("import-url").fill(`${fixtures.url}/ada.html`);
      await page.getByTestId("import-submit").click();
      await page.getByTestId("import-result").filter({ hasText: /^Imported 13 posts/ }).waitFor();
      for (const p of [ADA, JO, HAL]) await card(page, p.handle).waitFor();
      await screenshot(page, "03-imported");

      // Include three posts and put them in one section, so their order is the editor's alone.
      for (const p of [ADA, JO, HAL]) {
        const c = card(page, p.handle);
        await c.getByTestId("include-button").click();
        await c.getByTestId("curation-state").filter({ hasText: "Included" }).waitFor();
        await c.getByTestId("section-button").click();
        await page.getByTestId("section-input").fill(SECTION);
        await page.getByTestId("section-save").click();
        await c.locator(".badge.section", { hasText: SECTION }).waitFor();
      }
      // The preview shows the section with the three posts in arrival order.
      let frame = await previewFrame(page);
      await waitUntil("the preview to list the included posts in arrival order", async () => {
        const text = (await frame.locator("body").textContent()) ?? "";
        return text.includes(SECTION) && [ADA, JO, HAL].every((p) => text.includes(p.text)) &&
          isAscending([ADA, JO, HAL].map((p) => text.indexOf(p.text)));
      });
      await page.getByTestId("preview-frame").scrollIntoViewIfNeeded();
      await screenshot(page, "04-included-preview");

      // Drag Hal's card by its handle above Ada's (pointer events, as a mouse does).
      const from = await card(page, HAL.handle).getByTestId("drag-handle").boundingBox();
      const to = await card(page, ADA.handle).boundingBox();
      assert.ok(from && to);
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      for (let step = 1; step <= 8; step++) {
        await page.mouse.move(from.x + from.width / 2, from.y + ((to.y + 12) - from.y) * (step / 8));
      }
      await page.mouse.up();
      await waitUntil("Hal's card above Ada's after the drag", async () => {
        const h = await feedHandles(page);
        return h.indexOf(HAL.handle) >= 0 && h.indexOf(HAL.handle) < h.indexOf(ADA.handle);
      });
      await page.getByTestId("history-item").filter({ hasText: /Mov/ }).first().waitFor();

      // The keyboard alternative: Jo's card up one place with Shift+K (Hal, Jo, Ada).
      await card(page, JO.handle).locator(".post-text").click();
      await page.keyboard.press("Shift+K");
      await waitUntil("Jo's card between Hal's and Ada's after Shift+K", async () => {
        const h = await feedHandles(page);
        return isAscending([HAL, JO, ADA].map((p) => h.indexOf(p.handle))) && !h.slice(0, 3).includes("");
      });

      // The preview follows: Hal, Jo, Ada.
      frame = await previewFrame(page);
      await waitUntil("the preview in the new order", async () => {
        const text = (await frame.locator("body").textContent()) ?? "";
        return [ADA, JO, HAL].every((p) => text.includes(p.text)) && isAscending([HAL, JO, ADA].map((p) => text.indexOf(p.text)));
      });
      await page.getByTestId("preview-frame").scrollIntoViewIfNeeded();
      await screenshot(page, "05-reordered-preview");

      // Export Markdown through the page's own download link.
      const download = page.waitForEvent("download");
      await page.getByTestId("export-md").click();
      const file = await (await download).path();
      const md = await readFile(file, "utf8");
      assert.match(md, /^# /m, "the roundup has a headline");
      assert.ok(md.includes(SECTION), "the editor's section is a heading");
      assert.ok(isAscending(order(md, [HAL.text, JO.text, ADA.text])), `the Markdown keeps the editor's order:\n${md}`);
      assert.ok(md.includes("@halbrenner") && md.includes("@jookafor") && md.includes("@adamarrow"), "posts are attributed");
      // Only the included posts are published.
      assert.ok(!md.includes("Sending you so much love, Ada"), "a post that was not included is left out");

      // The charts panel: reaction mix and posts over time.
      await page.getByTestId("reaction-chart").scrollIntoViewIfNeeded();
      await page.getByTestId("timeline-chart").waitFor();
      await screenshot(page, "13-charts");

      assert.deepEqual(seen.dialogs, []);
      assert.deepEqual(seen.errors, []);
    } catch (err) {
      await dumpCards(page);
      await screenshot(page, `failed-${t.name.slice(0, 40).replace(/[^a-z0-9]+/gi, "-")}`).catch(() => {});
      throw err;
    } finally {
      await context.close();
    }
  });

  it("shows hostile post text and author names literally and never runs them; abusive posts are hidden behind a count and a toggle", async (t) => {
    if (!launched) return t.skip(skipReason!);
    const created = await vp.api("/api/stories", { body: { name: "lighthouse", title: "Lighthouse keeper retires" } });
    assert.equal(created.status, 201);
    const { context, page, seen } = await openPage(launched.browser, { token: true });
    try {
      await page.goto(`${vp.url}/stories/lighthouse`);
      // Paste the article's HTML this time (the other import path).
      await page.getByTestId("import-html").fill(await readFile(join(ROOT, "test/browser/fixtures/hostile-reactions.html"), "utf8"));
      await page.getByTestId("import-submit").click();
      await page.getByTestId("import-result").filter({ hasText: /^Imported 5 posts/ }).waitFor();

      // The post text and names are shown as text.
      const markup = card(page, "mallory_markup");
      await markup.waitFor();
      assert.equal((await markup.locator(".post-text").textContent())?.trim(), "<img src=x onerror=alert(1)>");
      const scriptName = card(page, "script_name");
      assert.equal(await scriptName.locator(".author-name").textContent(), "<script>alert(1)</script>");
      const imgName = card(page, "img_name");
      assert.equal(await imgName.locator(".author-name").textContent(), "<img src=y onerror=window.__xss=2>");
      assert.equal((await imgName.locator(".post-text").textContent())?.trim(), "<img src=x onerror=window.__xss=1> thank you for the lighthouse <b>bold</b>");
      assert.equal(await page.locator(".post-text b, .post-text img, .author-name script, .author-name img").count(), 0, "no element was made from post data");

      // Abusive posts: hidden by default, counted, one click away.
      assert.equal(await card(page, "rude_person").count(), 0, "the abusive post is hidden by default");
      const toggle = page.getByTestId("filter-abuse-toggle");
      await toggle.filter({ hasText: /^1 post hidden as abusive/ }).waitFor();
      await screenshot(page, "06-hostile-literal-abuse-hidden");
      await toggle.click();
      await card(page, "rude_person").waitFor();
      assert.equal(await toggle.getAttribute("aria-pressed"), "true");
      await card(page, "rude_person").locator(".chip.abuse").first().waitFor();
      await screenshot(page, "07-abusive-shown");
      await toggle.click();
      await card(page, "rude_person").waitFor({ state: "detached" });

      // Include the hostile posts: the preview (a sandboxed frame) and the HTML export show them as text too.
      for (const h of ["mallory_markup", "script_name", "img_name"]) {
        await card(page, h).getByTestId("include-button").click();
        await card(page, h).getByTestId("curation-state").filter({ hasText: "Included" }).waitFor();
      }
      const frame = await previewFrame(page);
      await waitUntil("the preview to show the hostile posts as text", async () => {
        const text = (await frame.locator("body").textContent()) ?? "";
        return text.includes("<img src=x onerror=alert(1)>") && text.includes("<script>alert(1)</script>") && text.includes("<img src=y onerror=window.__xss=2>");
      });
      assert.equal(await frame.locator("body img[src=x], body img[src=y], body script").count(), 0, "no element was made from post data in the preview");
      await page.getByTestId("preview-frame").scrollIntoViewIfNeeded();
      await screenshot(page, "08-hostile-preview");

      // The HTML export opened as a page of its own: still text, still nothing runs.
      const exported = await context.newPage();
      const exportSeen = watchPage(exported);
      await exported.goto(`${vp.url}/api/stories/lighthouse/roundup?format=html&embeds=static`);
      await exported.getByText("<img src=x onerror=alert(1)>", { exact: false }).first().waitFor();
      assert.equal(await exported.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined);
      assert.equal(await exported.locator("img[src=x], img[src=y], body script").count(), 0);
      assert.deepEqual(exportSeen.dialogs, []);
      await exported.close();

      assert.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined, "no planted handler ran");
      assert.deepEqual(seen.dialogs, [], "no dialog opened");
      assert.deepEqual(seen.errors, []);
    } catch (err) {
      await dumpCards(page);
      await screenshot(page, `failed-${t.name.slice(0, 40).replace(/[^a-z0-9]+/gi, "-")}`).catch(() => {});
      throw err;
    } finally {
      await context.close();
    }
  });

  it("shows a post stored while the page is open without a reload (server-sent events)", async (t) => {
    if (!launched) return t.skip(skipReason!);
    assert.equal((await vp.api("/api/stories", { body: { name: "live", title: "Live story" } })).status, 201);
    await vp.app.importArticle("live", { html: articleWith([{ handle: "first_poster", id: "1908100000000000001", text: "The first reaction, there before the page opened." }]) });
    const { context, page, seen } = await openPage(launched.browser, { token: true });
    try {
      await page.goto(`${vp.url}/stories/live`);
      await card(page, "first_poster").waitFor();
      await page.getByTestId("live-status").filter({ hasText: "Live" }).waitFor();
      // A marker on the window: it survives only if the page is not reloaded.
      await page.evaluate(() => { (window as unknown as { __marker: number }).__marker = 42; });

      // Stored by another writer (here the app itself, as a `voxpop collect` would).
      await vp.app.importArticle("live", { html: articleWith([{ handle: "late_poster", id: "1908100000000000002", text: "Congratulations on a wonderful career, and thank you for everything you did for the town." }]) });
      const more = page.getByTestId("new-posts-button");
      await more.filter({ hasText: /^1 new post/ }).waitFor();
      await page.getByTestId("story-post-count").filter({ hasText: /^2 posts$/ }).waitFor();
      await screenshot(page, "09-live-new-post-button");
      await more.click();
      await card(page, "late_poster").waitFor();
      assert.equal(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker), 42, "the page was not reloaded");
      await screenshot(page, "10-live-post-shown");
      assert.deepEqual(seen.dialogs, []);
      assert.deepEqual(seen.errors, []);
    } catch (err) {
      await dumpCards(page);
      await screenshot(page, `failed-${t.name.slice(0, 40).replace(/[^a-z0-9]+/gi, "-")}`).catch(() => {});
      throw err;
    } finally {
      await context.close();
    }
  });

  it("after an import from the page, its posts are not offered again as new posts and the post count is right", async (t) => {
    if (!launched) return t.skip(skipReason!);
    assert.equal((await vp.api("/api/stories", { body: { name: "recount" } })).status, 201);
    const { context, page } = await openPage(launched.browser, { token: true });
    try {
      await page.goto(`${vp.url}/stories/recount`);
      await page.getByTestId("live-status").filter({ hasText: "Live" }).waitFor();
      // Three posts no other test stores, pasted into the import form.
      await page.getByTestId("import-html").fill(articleWith([
        { handle: "recount_a", id: "1908300000000000001", text: "Thank you for forty years of light, keeper." },
        { handle: "recount_b", id: "1908300000000000002", text: "What a lovely send-off on the quay today." },
        { handle: "recount_c", id: "1908300000000000003", text: "Fair winds and following seas, Morwenna." },
      ]));
      await page.getByTestId("import-submit").click();
      await page.getByTestId("import-result").filter({ hasText: /^Imported 3 posts/ }).waitFor();
      await card(page, "recount_c").waitFor();
      // One more post from another writer. Events come in order, so once the page counts it
      // (as "1 new post", or as a fourth one while the import's own posts are re-offered) every
      // event of the import has arrived too.
      await vp.app.importArticle("recount", { html: articleWith([{ handle: "after_import", id: "1908300000000000004", text: "Congratulations on a wonderful career, and thank you." }]) });
      await page.getByTestId("new-posts-button").filter({ hasText: /^(1 new post|4 new posts) / }).waitFor();
      await screenshot(page, "14-after-import-counts");
      assert.equal(await page.getByTestId("new-posts-button").textContent(), "1 new post — show");
      assert.equal(await page.getByTestId("story-post-count").textContent(), "4 posts");
    } finally {
      await context.close();
    }
  });

  it("keyboard shortcuts j/k/i/x/p/u curate the active post; undo reverts; the history lists every decision", async (t) => {
    if (!launched) return t.skip(skipReason!);
    assert.equal((await vp.api("/api/stories", { body: { name: "keys", title: "Keyboard story" } })).status, 201);
    await vp.app.importArticle("keys", {
      html: articleWith([
        { handle: "kb_one", id: "1908200000000000001", text: "First post for the keyboard." },
        { handle: "kb_two", id: "1908200000000000002", text: "Second post for the keyboard." },
        { handle: "kb_three", id: "1908200000000000003", text: "Third post for the keyboard." },
      ]),
    });
    const { context, page, seen } = await openPage(launched.browser, { token: true });
    try {
      await page.goto(`${vp.url}/stories/keys`);
      await card(page, "kb_three").waitFor();
      const active = () => page.locator("[data-testid=post-card].active .handle").textContent();
      const state = (h: string) => card(page, h).getByTestId("curation-state");
      const history = page.getByTestId("history-item");

      await card(page, "kb_one").focus();
      await page.keyboard.press("j");
      await waitUntil("j to make the second card active", async () => (await active()) === "@kb_two");
      await page.keyboard.press("j");
      await waitUntil("j to make the third card active", async () => (await active()) === "@kb_three");
      await page.keyboard.press("k");
      await waitUntil("k to go back to the second card", async () => (await active()) === "@kb_two");

      await page.keyboard.press("i");
      await state("kb_two").filter({ hasText: "Included" }).waitFor();
      await page.keyboard.press("j");
      await waitUntil("j to the third card", async () => (await active()) === "@kb_three");
      await page.keyboard.press("x");
      await state("kb_three").filter({ hasText: "Excluded" }).waitFor();
      await page.keyboard.press("k");
      await waitUntil("k to the second card", async () => (await active()) === "@kb_two");
      await page.keyboard.press("p");
      await card(page, "kb_two").locator(".state-pinned").waitFor();
      await history.nth(2).waitFor();
      await screenshot(page, "11-keyboard-decisions");

      // u undoes the latest decision (the pin); the history keeps it, struck through, and says so.
      await page.keyboard.press("u");
      await card(page, "kb_two").locator(".state-pinned").waitFor({ state: "detached" });
      await state("kb_two").filter({ hasText: "Included" }).waitFor();
      await state("kb_three").filter({ hasText: "Excluded" }).waitFor();
      await history.filter({ hasText: /^Undid/ }).waitFor();
      await page.locator("[data-testid=history-item].undone").first().waitFor();
      await page.getByTestId("history-list").scrollIntoViewIfNeeded();
      await screenshot(page, "12-undo-history");

      // The history is the server's log: include, exclude, pin, undo, oldest first.
      const log = (await (await vp.api("/api/stories/keys/decisions")).json()) as { decisions: Array<{ action: string; undone: boolean; post: { id: string } | null }> };
      assert.deepEqual(log.decisions.map((d) => d.action), ["include", "exclude", "pin", "undo"]);
      assert.deepEqual(log.decisions.map((d) => d.undone), [false, false, true, false]);
      assert.equal(await history.count(), 4, "one history row per decision");
      const rows = await history.allTextContents();
      assert.match(rows[0]!, /^Undid/, "newest first");
      assert.ok(rows.some((r) => r.includes("@kb_three")), `the history names the posts: ${rows.join(" | ")}`);

      // An undo from the history row: the exclusion of the third post.
      await history.filter({ hasText: "@kb_three" }).getByRole("button", { name: /Undo/ }).click();
      await state("kb_three").filter({ hasText: "Undecided" }).waitFor();
      assert.deepEqual(seen.dialogs, []);
      assert.deepEqual(seen.errors, []);
    } catch (err) {
      await dumpCards(page);
      await screenshot(page, `failed-${t.name.slice(0, 40).replace(/[^a-z0-9]+/gi, "-")}`).catch(() => {});
      throw err;
    } finally {
      await context.close();
    }
  });
});

/** On a failure: where the feed's cards are (the virtual list places them absolutely). */
async function dumpCards(page: Page): Promise<void> {
  const cards = await page.getByTestId("post-card").evaluateAll((cs) => cs.map((c) =>
    `${c.getAttribute("data-index")} ${c.querySelector(".handle")?.textContent} ${(c as HTMLElement).style.transform} top=${Math.round(c.getBoundingClientRect().top)} h=${Math.round(c.getBoundingClientRect().height)} parent=${c.parentElement?.className} ${c.className}`)).catch(() => []);
  console.error(`cards at failure:\n  ${cards.join("\n  ")}`);
}

describe("a 10k-post story in Chromium", () => {
  let big: VoxpopServer | null = null;
  before(async () => {
    if (!launched) return;
    big = await startVoxpop({ prepare: (db) => buildFeedStore(db, 10_000) });
  });
  after(async () => { await big?.stop(); });

  it("keeps the feed virtualised: a few dozen cards in the page, and scrolling to the end loads the posts there", async (t) => {
    if (!launched || !big) return t.skip(skipReason ?? "no browser");
    const { context, page, seen } = await openPage(launched.browser);
    try {
      await page.goto(`${big.url}/stories/${FEED_STORY}`);
      await page.getByTestId("post-card").first().waitFor();
      await page.getByTestId("feed-total").filter({ hasText: /posts$/ }).waitFor();
      const total = Number((await page.getByTestId("feed-total").textContent())!.replace(/\D/g, ""));
      assert.ok(total > 9000 && total <= 10_000, `the feed counts the story's posts less the abusive ones: ${total}`);
      const rendered = () => page.locator(".feed-inner > .card").count();
      assert.ok((await rendered()) < 80, `only the cards near the view are in the page (${await rendered()})`);

      // To the end of the list: the pages in between are fetched by cursor as needed.
      const scroller = page.getByTestId("feed-scroller");
      await waitUntil("the last posts of the story to be loaded and shown", async () => {
        await scroller.evaluate((el) => { el.scrollTop = el.scrollHeight; });
        const last = await page.locator(`[data-testid=post-card][data-index="${total - 1}"]`).count();
        return last === 1;
      });
      assert.ok((await rendered()) < 80, `still only the cards near the view (${await rendered()})`);
      assert.equal(await page.locator(`[data-testid=post-card][data-index="${total - 1}"] .post-text`).count(), 1);
      await screenshot(page, "15-10k-story-end");
      assert.deepEqual(seen.dialogs, []);
      assert.deepEqual(seen.errors, []);
    } catch (err) {
      await dumpCards(page);
      await screenshot(page, "failed-10k-story").catch(() => {});
      throw err;
    } finally {
      await context.close();
    }
  });
});

/** A small fictional article whose embedded X posts are the given ones. */
function articleWith(posts: Array<{ handle: string; id: string; text: string }>): string {
  const embeds = posts.map((p) =>
    `<blockquote class="twitter-tweet"><p lang="en" dir="ltr">${p.text}</p>&mdash; ${p.handle} (@${p.handle}) <a href="https://twitter.com/${p.handle}/status/${p.id}">April 3, 2026</a></blockquote>`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Browser test article</title></head><body><article>
<h1>Browser test article</h1>
<p>A fictional article written for voxpop's browser tests. Its paragraphs are ordinary prose so that the article reader finds a body around the embedded posts, which are what the test is about.</p>
${embeds.join("\n<p>More ordinary prose sits between the embedded posts, as in a real news article.</p>\n")}
<p>The article ends after the last embedded post.</p>
</article></body></html>`;
}
