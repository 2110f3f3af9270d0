// Language of a post. The platform's own tag wins when present (normalised to an ISO 639-1
// primary subtag: "en-US" → "en", "iw" → "he", "eng" → "en"), since the author or client chose it;
// otherwise eld detects on the text stripped of links, handles, hashtags, emoji and digits, and
// below MIN_LETTERS letters (or when eld calls its answer unreliable) the result is null with
// source "none" rather than a guess.
//
// Why eld: on test/fixtures/enrich/lang.tsv (160 short posts, 20 languages) and the 4,200 English
// VADER tweets, eld/medium beat franc clearly on short texts and is about 10× faster; eld/large
// adds ~1 point on English at 3× the load time (see compare.ts, run it for current figures).
// Known gap: eld has no Indonesian; it answers "ms" (Malay, the macrolanguage Indonesian belongs to).
// Speed: plain English posts stop at a function-word fast path (detect.ts); the rest go through
// eld-fast.ts, eld's own detection over its own data with the same answers, about 5× faster.
import type { Annotations, EnrichContext, EnrichInput, Enricher } from "../types.ts";
import { detectLanguage } from "./detect.ts";
import { normalizeLangTag } from "./iso.ts";

export { cleanForDetection, letterWeight } from "./clean.ts";
export { detectLanguage, MIN_LETTERS } from "./detect.ts";
export type { Detection } from "./detect.ts";
export { normalizeLangTag } from "./iso.ts";

export type LangAnnotation = Annotations["lang"];

export const langEnricher: Enricher<LangAnnotation> = {
  name: "lang",
  version: "1.1.0+eld-medium-2.1.0",
  enrich(input: EnrichInput, _context: EnrichContext): LangAnnotation {
    const tagged = normalizeLangTag(input.langTag);
    if (tagged) return { lang: tagged, confidence: 1, source: "platform" };
    const text = typeof input.text === "string" ? input.text : "";
    const found = detectLanguage(text);
    return found.lang
      ? { lang: found.lang, confidence: found.confidence, source: "detector" }
      : { lang: null, confidence: 0, source: "none" };
  },
};
