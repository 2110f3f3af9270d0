import { it } from "node:test";
import assert from "node:assert/strict";
import { createPipeline } from "./pipeline.ts";
import type { Enricher } from "./types.ts";

const upper: Enricher<string> = { name: "upper", version: "u1", enrich: (i) => i.text.toUpperCase() };
const length: Enricher<number> = { name: "length", version: "l1", enrich: (_i, _c, earlier) => String((earlier as Record<string, unknown>).upper ?? "").length };
const broken: Enricher<never> = { name: "broken", version: "b1", enrich: () => { throw new Error("bad post"); } };

it("runs enrichers in order, each seeing the earlier ones, with versions recorded", () => {
  const p = createPipeline([upper, broken, length]);
  assert.deepEqual(p.versions, { upper: "u1", broken: "b1", length: "l1" });
  const r = p.enrich({ text: "héllo", platform: "x" });
  assert.deepEqual(r.stored, { upper: { version: "u1", data: "HÉLLO" }, length: { version: "l1", data: 5 } });
  assert.equal((r.annotations as Record<string, unknown>).broken, undefined, "a failing enricher records nothing");
});
