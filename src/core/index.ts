// core: the domain types every stage shares (posts, authors, articles), typed errors, stable ids
// and the parsing of displayed dates. It imports nothing from other stages.
export * from "./types.ts";
export * from "./errors.ts";
export { contentId, sha256 } from "./ids.ts";
export { parseDateText } from "./dates.ts";
