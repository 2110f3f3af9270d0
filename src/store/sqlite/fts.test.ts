import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { parseSearchQuery, toFtsQuery } from "./fts.ts";
import { HOSTILE_QUERIES } from "../contract.ts";

describe("toFtsQuery", () => {
  it("quotes plain words and ANDs them", () => {
    assert.equal(toFtsQuery("love  strength"), '"love" "strength"');
  });
  it("keeps phrases, and runs an unclosed quote to the end", () => {
    assert.equal(toFtsQuery('"one in four" loss'), '"one in four" "loss"');
    assert.equal(toFtsQuery('loss "one in'), '"loss" "one in"');
  });
  it("supports a trailing * on words and phrases", () => {
    assert.equal(toFtsQuery("preg*"), '"preg"*');
    assert.equal(toFtsQuery("preg***"), '"preg"*');
    assert.equal(toFtsQuery('"one in fo"*'), '"one in fo"*');
  });
  it("turns operators and syntax into plain text", () => {
    assert.equal(toFtsQuery("AND OR NOT"), '"AND" "OR" "NOT"');
    assert.equal(toFtsQuery("text:love"), '"text:love"');
    assert.equal(toFtsQuery("NEAR(a b)"), '"NEAR(a" "b)"');
    assert.equal(toFtsQuery('a""b'), '"a" "b"');
  });
  it("drops terms with nothing to match", () => {
    assert.equal(toFtsQuery(""), null);
    assert.equal(toFtsQuery("*"), null);
    assert.equal(toFtsQuery(") ( -"), null);
    assert.equal(toFtsQuery("😀 ❤️"), null);
    assert.equal(toFtsQuery("😀 love"), '"love"');
    assert.deepEqual(parseSearchQuery("\u0000a\u0007b"), [{ text: "a", prefix: false }, { text: "b", prefix: false }]);
  });
  it("never produces an FTS5 syntax error", () => {
    const db = new DatabaseSync(":memory:");
    db.exec("CREATE VIRTUAL TABLE f USING fts5 (a, b); INSERT INTO f VALUES ('hello world', 'alice')");
    const match = db.prepare("SELECT rowid FROM f WHERE f MATCH ?");
    for (const q of [...HOSTILE_QUERIES, "a".repeat(5000)]) {
      const expr = toFtsQuery(q);
      if (expr !== null) assert.doesNotThrow(() => match.all(expr), `query ${JSON.stringify(q)} -> ${expr}`);
    }
    db.close();
  });
});
