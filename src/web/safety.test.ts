// Static guards for the browser code: it is served as is (types stripped), under a strict CSP,
// and shows hostile text. These checks keep the rules that make that safe from eroding.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { stripTypeScriptTypes } from "node:module";

const dir = new URL("./", import.meta.url);
const sources = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
const read = (f: string) => readFileSync(new URL(f, dir), "utf8");

test("no HTML parsing of data, no eval, no inline styles from strings", () => {
  const forbidden: Array<[RegExp, string]> = [
    [/\.innerHTML\b/, "innerHTML"], [/\.outerHTML\s*=/, "outerHTML ="], [/insertAdjacentHTML/, "insertAdjacentHTML"],
    [/document\.write/, "document.write"], [/\beval\s*\(/, "eval"], [/new\s+Function\s*\(/, "new Function"],
    [/setAttribute\(\s*["']style["']/, "style attribute"], [/setAttribute\(\s*["']on\w+["']/, "inline handler"],
    [/createContextualFragment|DOMParser/, "HTML parsing"],
  ];
  for (const f of sources) {
    const code = read(f).replace(/^\s*\/\/.*$/gm, "");
    for (const [re, what] of forbidden) assert.doesNotMatch(code, re, `${f} uses ${what}`);
  }
});

test("every module strips to JavaScript and imports only its siblings at run time", () => {
  for (const f of sources) {
    const code = read(f);
    assert.doesNotThrow(() => stripTypeScriptTypes(code), `${f} uses syntax that cannot be stripped`);
    for (const m of code.matchAll(/^import\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gm)) {
      const [, isType, spec] = m;
      if (isType) continue;
      assert.match(spec!, /^\.\/[\w-]+\.ts$/, `${f}: the browser can only load sibling modules (${spec}); use import type for types`);
      assert.ok(sources.includes(spec!.slice(2)), `${f}: ${spec} does not exist`);
    }
  }
});

test("index.html has no inline script, handler or style", () => {
  const html = read("index.html");
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, "inline script");
  assert.doesNotMatch(html, /\son\w+\s*=/i, "inline handler");
  assert.doesNotMatch(html, /\sstyle\s*=|<style/i, "inline style");
  assert.match(html, /<script type="module" src="\/main\.ts"><\/script>/);
});
