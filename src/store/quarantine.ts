// What every store writes for a quarantined item: the item checked, its payload kept as given
// (text stays text) up to QUARANTINE_PAYLOAD_CAP bytes, with its full size and sha256 recorded.
import { sha256, VoxpopError } from "../core/index.ts";
import { QUARANTINE_PAYLOAD_CAP, type QuarantineInput } from "./store.ts";

export interface QuarantineRow {
  payload: Uint8Array | null;
  isText: boolean;
  size: number | null;
  truncated: boolean;
  hash: string | null;
}

export function quarantineRow(item: QuarantineInput): QuarantineRow {
  if (!item || typeof item.source !== "string" || typeof item.code !== "string" || typeof item.reason !== "string") {
    throw new VoxpopError("INVALID_ARGUMENT", "quarantine: source, code and reason must be strings");
  }
  const p = item.payload ?? null;
  if (p === null) return { payload: null, isText: false, size: null, truncated: false, hash: null };
  const isText = typeof p === "string";
  const bytes = isText ? Buffer.from(p, "utf8") : p;
  const truncated = bytes.byteLength > QUARANTINE_PAYLOAD_CAP;
  return {
    payload: truncated ? cutBytes(bytes, QUARANTINE_PAYLOAD_CAP, isText) : bytes,
    isText, size: bytes.byteLength, truncated, hash: sha256(bytes),
  };
}

/** The first `cap` bytes; for text, backed off so no UTF-8 character is cut in half. */
export function cutBytes(bytes: Uint8Array, cap: number, isText: boolean): Uint8Array {
  let end = Math.min(cap, bytes.byteLength);
  if (isText) while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.slice(0, end);
}
