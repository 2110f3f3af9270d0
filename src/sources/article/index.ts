// article: reads a news article (HTML page or text already flattened by a scraper) and returns
// its main text and every embedded post, with the fields the source really carries and no more.
// HTML embeds are detected on the raw DOM before main-text extraction, so the posts' text never
// leaks into the article body.
import type { Extraction } from "../../core/index.ts";
import type { InputDocument } from "../input/index.ts";
import { readHtml } from "./html.ts";
import { parseFlatText } from "./flat-text.ts";

export { readHtml, parseHtmlDocument } from "./html.ts";
export { parseFlatText, looksLikeFlatText } from "./flat-text.ts";
export { detectEmbeds } from "./embeds/index.ts";

/** Extracts the article and its posts from a decoded input document. */
export function extractArticle(doc: Pick<InputDocument, "kind" | "text" | "url">): Extraction {
  const url = doc.url ?? null;
  return doc.kind === "html" ? readHtml(doc.text, { url }) : parseFlatText(doc.text, { url });
}
