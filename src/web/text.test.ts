import { test } from "node:test";
import assert from "node:assert/strict";
import { formatDate, parseList, plural, relativeTime, safeHref, splitLinks } from "./text.ts";

test("safeHref lets through http(s) and, when asked, same-origin paths only", () => {
  assert.equal(safeHref("https://bsky.app/profile/a", false), "https://bsky.app/profile/a");
  assert.equal(safeHref("  http://x.org ", false), "http://x.org/");
  for (const bad of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>", "vbscript:x", "//evil.com", "/api/x", "", "ftp://x"]) {
    assert.equal(safeHref(bad, false), null, bad);
  }
  assert.equal(safeHref("/api/stories/x/roundup?format=md", true), "/api/stories/x/roundup?format=md");
  assert.equal(safeHref("//evil.com/x", true), null);
  assert.equal(safeHref("/\\evil.com", true), null);
});

test("splitLinks finds http(s) URLs and leaves sentence punctuation out", () => {
  assert.deepEqual(splitLinks("see https://x.org/a). ok"), [
    { kind: "text", text: "see " }, { kind: "link", text: "https://x.org/a", href: "https://x.org/a" }, { kind: "text", text: "). ok" },
  ]);
  assert.deepEqual(splitLinks("(https://en.wikipedia.org/wiki/A_(b))"), [
    { kind: "text", text: "(" }, { kind: "link", text: "https://en.wikipedia.org/wiki/A_(b)", href: "https://en.wikipedia.org/wiki/A_(b)" }, { kind: "text", text: ")" },
  ]);
  assert.deepEqual(splitLinks("<img src=x onerror=alert(1)>"), [{ kind: "text", text: "<img src=x onerror=alert(1)>" }]);
  assert.deepEqual(splitLinks("javascript:alert(1) http://a.b"), [{ kind: "text", text: "javascript:alert(1) " }, { kind: "link", text: "http://a.b", href: "http://a.b/" }]);
  assert.deepEqual(splitLinks(""), []);
});

test("dates, plurals and lists", () => {
  assert.equal(formatDate("2025-03-04T14:05:00Z"), "Mar 4, 2025, 14:05 UTC");
  assert.equal(formatDate("2025-03-04"), "Mar 4, 2025", "a date alone stays a date");
  assert.equal(formatDate("2025-03-04T19:12:00"), "Mar 4, 2025, 19:12", "a time without a zone is not called UTC");
  assert.equal(formatDate("not a date"), "not a date");
  assert.equal(formatDate(null), "");
  const now = Date.parse("2025-03-04T14:05:00Z");
  assert.equal(relativeTime("2025-03-04T14:04:30Z", now), "just now");
  assert.equal(relativeTime("2025-03-04T13:00:00Z", now), "1 h ago");
  assert.equal(relativeTime("2025-03-01T13:00:00Z", now), "3 d ago");
  assert.equal(plural(1, "post"), "1 post");
  assert.equal(plural(12000, "post"), "12,000 posts");
  assert.deepEqual(parseList("@alice, bob  @alice", "@"), ["alice", "bob"]);
  assert.deepEqual(parseList("#rip , #loss", "#"), ["rip", "loss"]);
  assert.deepEqual(parseList("heart broken, loss,, "), ["heart broken", "loss"]);
});
