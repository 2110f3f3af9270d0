// input: turns what a user names on the command line (URL, file, gzip file, stdin) into checked,
// decoded text, so every source that reads documents shares the same limits and errors.
export { readInput, readTextLines, loadRaw, decodeInput, decodeText, isUrl, DEFAULT_MAX_BYTES } from "./read.ts";
export type { BadLine } from "./read.ts";
export type { InputDocument, RawInput, InputKind, ReadOptions } from "./read.ts";
