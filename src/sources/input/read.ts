// Reading one input the user named: a URL, a file (optionally gzip-compressed) or stdin ("-").
// Everything is bounded (bytes in, bytes after decompression) and decoded strictly: binary junk,
// a truncated gzip and invalid UTF-8 each give a clear typed error instead of garbage text.
import { open, stat } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { basename } from "node:path";
import { VoxpopError } from "../../core/index.ts";
import { safeFetch, FETCH_DEFAULTS, type SafeFetchOptions } from "../http/index.ts";

export interface ReadOptions extends SafeFetchOptions {
  /** Standard input, for "-" (tests pass their own stream). */
  stdin?: NodeJS.ReadableStream;
}

export type InputKind = "html" | "text";

export interface InputDocument {
  /** What the user named: the URL, the file path or "-". */
  source: string;
  /** The URL the document came from (after redirects), when it came from the web. */
  url: string | null;
  kind: InputKind;
  text: string;
  /** The bytes as received (before decompression), for provenance. */
  raw: Buffer;
  contentType: string | null;
}

export const DEFAULT_MAX_BYTES = FETCH_DEFAULTS.maxBytes;

export function isUrl(spec: string): boolean {
  return /^https?:\/\//i.test(spec);
}

async function readFileCapped(path: string, maxBytes: number): Promise<Buffer> {
  let info;
  try {
    info = await stat(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new VoxpopError("NOT_FOUND", `no such file: ${path}`, { cause });
    throw new VoxpopError("INVALID_ARGUMENT", `cannot read ${path}: ${code ?? String(cause)}`, { cause });
  }
  if (info.isDirectory()) throw new VoxpopError("INVALID_ARGUMENT", `${path} is a directory, not a file`);
  if (info.size > maxBytes) {
    throw new VoxpopError("INPUT_TOO_LARGE", `${path} is ${info.size} bytes, over the ${maxBytes}-byte limit`);
  }
  const fh = await open(path, "r");
  try {
    // Read at most maxBytes + 1 so a file that grows while we read is still caught.
    const buf = Buffer.alloc(Math.min(maxBytes + 1, Math.max(info.size, 0) + 1));
    let total = 0;
    while (total < buf.length) {
      const { bytesRead } = await fh.read(buf, total, buf.length - total, total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    if (total > maxBytes) throw new VoxpopError("INPUT_TOO_LARGE", `${path} is over the ${maxBytes}-byte limit`);
    return buf.subarray(0, total);
  } finally {
    await fh.close();
  }
}

async function readStreamCapped(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    size += b.length;
    if (size > maxBytes) throw new VoxpopError("INPUT_TOO_LARGE", `standard input is over the ${maxBytes}-byte limit`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function gunzipCapped(bytes: Buffer, source: string, maxBytes: number): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ERR_BUFFER_TOO_LARGE" || /Cannot create a Buffer larger/.test(String(cause))) {
      throw new VoxpopError("INPUT_TOO_LARGE", `${source} decompresses to more than the ${maxBytes}-byte limit`, { cause });
    }
    throw new VoxpopError("BAD_GZIP", `${source} is a truncated or corrupt gzip file (${(cause as Error).message})`, { cause });
  }
}

const MAGIC: Array<[number[], string]> = [
  [[0x25, 0x50, 0x44, 0x46], "a PDF"], [[0x89, 0x50, 0x4e, 0x47], "a PNG image"], [[0xff, 0xd8, 0xff], "a JPEG image"],
  [[0x47, 0x49, 0x46, 0x38], "a GIF image"], [[0x50, 0x4b, 0x03, 0x04], "a ZIP archive"], [[0x7f, 0x45, 0x4c, 0x46], "an executable"],
];

/** Throws when the bytes are clearly not text (NUL bytes or many control characters). */
function ensureText(bytes: Buffer, source: string): void {
  for (const [magic, what] of MAGIC) {
    if (magic.every((b, i) => bytes[i] === b)) throw new VoxpopError("BINARY_INPUT", `${source} is ${what}, not an article (HTML or text)`);
  }
  const sample = bytes.subarray(0, 64 * 1024);
  let control = 0;
  for (const b of sample) {
    if (b === 0) throw new VoxpopError("BINARY_INPUT", `${source} is binary data, not an article (HTML or text)`);
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  if (sample.length > 0 && control / sample.length > 0.05) {
    throw new VoxpopError("BINARY_INPUT", `${source} is binary data, not an article (HTML or text)`);
  }
}

function declaredCharset(bytes: Buffer, contentType: string | null): string | null {
  const fromHeader = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? "")?.[1];
  if (fromHeader) return fromHeader.toLowerCase();
  const head = bytes.subarray(0, 4096).toString("latin1");
  const fromMeta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  return fromMeta ? fromMeta.toLowerCase() : null;
}

/** Decodes text strictly: UTF-8 unless the document declares another charset. */
export function decodeText(bytes: Buffer, source: string, contentType: string | null = null): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  const charset = declaredCharset(bytes, contentType);
  if (charset && !/^(utf-?8|unicode-1-1-utf-8)$/.test(charset)) {
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(charset);
    } catch (cause) {
      throw new VoxpopError("INVALID_ENCODING", `${source} declares an unknown charset "${charset}"`, { cause });
    }
    return decoder.decode(bytes);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new VoxpopError("INVALID_ENCODING", `${source} is not valid UTF-8 text${offsetOfBadUtf8(bytes)}`, { cause });
  }
}

function offsetOfBadUtf8(bytes: Buffer): string {
  // Binary search would be clever; a linear scan of a capped input is simple and fast enough.
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : (b & 0xe0) === 0xc0 ? 2 : (b & 0xf0) === 0xe0 ? 3 : (b & 0xf8) === 0xf0 ? 4 : 0;
    if (len === 0) return ` (bad byte at offset ${i})`;
    for (let k = 1; k < len; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return ` (bad byte at offset ${i})`;
    i += len;
  }
  return "";
}

function sniffKind(name: string, contentType: string | null, text: string): InputKind {
  if (/\.(html?|xhtml)(\.gz)?$/i.test(name)) return "html";
  if (/\.txt(\.gz)?$/i.test(name)) return "text";
  if (contentType && /html|xml/i.test(contentType)) return "html";
  if (contentType && /text\/plain/i.test(contentType)) return "text";
  const head = text.slice(0, 2048).trimStart().toLowerCase();
  if (head.startsWith("<") || /<(html|body|head|article|div|p|blockquote|iframe)[\s>]/.test(head)) return "html";
  return "text";
}

export interface RawInput {
  source: string;
  url: string | null;
  /** File name or URL path, for sniffing the kind. */
  name: string;
  raw: Buffer;
  contentType: string | null;
}

/** Loads the bytes of one named input (URL, file or "-"), within the byte cap. */
export async function loadRaw(spec: string, options: ReadOptions = {}): Promise<RawInput> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (isUrl(spec)) {
    const res = await safeFetch(spec, { ...options, maxBytes });
    return { source: spec, url: res.finalUrl, name: new URL(res.finalUrl).pathname, raw: res.body, contentType: res.contentType };
  }
  if (spec === "-") {
    return { source: spec, url: null, name: "stdin", raw: await readStreamCapped(options.stdin ?? process.stdin, maxBytes), contentType: null };
  }
  return { source: spec, url: null, name: basename(spec), raw: await readFileCapped(spec, maxBytes), contentType: null };
}

/** Decompresses (gzip), checks and decodes loaded bytes into text. */
export function decodeInput(input: RawInput, options: { maxBytes?: number } = {}): InputDocument {
  const { label, bytes } = plainBytes(input, options);
  const { raw } = input;
  if (bytes.length === 0) throw new VoxpopError("PARSE_ERROR", `${label} is empty`);
  ensureText(bytes, label);
  const text = decodeText(bytes, label, input.contentType);
  return { source: input.source, url: input.url, kind: sniffKind(input.name, input.contentType, text), text, raw, contentType: input.contentType };
}

/** A loaded input's bytes, decompressed when gzipped, and how to name it in messages. */
function plainBytes(input: RawInput, options: { maxBytes?: number }): { label: string; bytes: Buffer } {
  const label = input.source === "-" ? "standard input" : input.source;
  const { raw } = input;
  const isGzip = raw[0] === 0x1f && raw[1] === 0x8b;
  return { label, bytes: isGzip ? gunzipCapped(raw, label, options.maxBytes ?? DEFAULT_MAX_BYTES) : raw };
}

/** A line of a text input that could not be read, and why. */
export interface BadLine { line: number; reason: string }

/**
 * One text a line (`voxpop classify --input`), each with its 1-based line number. Read and decoded
 * as readInput does, except that when the input is meant as UTF-8 and some lines are not valid
 * UTF-8, the other lines are kept and the bad ones come back with their reason: one bad line does
 * not cost the rest of a large file.
 */
export async function readTextLines(spec: string, options: ReadOptions = {}): Promise<{ label: string; lines: Array<{ line: number; text: string }>; bad: BadLine[] }> {
  const input = await loadRaw(spec, options);
  const { label, bytes } = plainBytes(input, options);
  try {
    const { text } = decodeInput(input, options);
    return { label, lines: text.split(/\r?\n/).map((t, i) => ({ line: i + 1, text: t })), bad: [] };
  } catch (err) {
    if (!(err instanceof VoxpopError) || err.code !== "INVALID_ENCODING" || !/not valid UTF-8/.test(err.message)) throw err;
  }
  const strict = new TextDecoder("utf-8", { fatal: true });
  const lines: Array<{ line: number; text: string }> = [];
  const bad: BadLine[] = [];
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let line = 1; start <= bytes.length; line++) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const bytesOfLine = bytes.subarray(start, end > start && bytes[end - 1] === 0x0d ? end - 1 : end);
    try {
      lines.push({ line, text: strict.decode(bytesOfLine) });
    } catch {
      bad.push({ line, reason: `not valid UTF-8${offsetOfBadUtf8(bytesOfLine).replace(")", " of the line)")}` });
    }
    start = end + 1;
  }
  return { label, lines, bad };
}

/** Reads one named input into text, with every limit applied. */
export async function readInput(spec: string, options: ReadOptions = {}): Promise<InputDocument> {
  return decodeInput(await loadRaw(spec, options), options);
}
