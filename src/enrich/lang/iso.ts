// Language-code normalisation: platform tags arrive as BCP-47 ("en-US", "zh-Hant", "pt_BR"),
// legacy codes ("iw", "in") or ISO 639-2/3 ("eng"); enrichers store the ISO 639-1 code when one
// exists, else the primary subtag as given.

/** ISO 639-2/3 → 639-1 for the languages the detectors know and platforms commonly tag. */
export const ISO3_TO_1: Readonly<Record<string, string>> = {
  afr: "af", amh: "am", ara: "ar", arb: "ar", aze: "az", azj: "az", bel: "be", ben: "bn", bos: "bs",
  bul: "bg", cat: "ca", ces: "cs", cze: "cs", cmn: "zh", zho: "zh", chi: "zh", cym: "cy", wel: "cy",
  dan: "da", deu: "de", ger: "de", ell: "el", gre: "el", eng: "en", epo: "eo", est: "et", ekk: "et",
  eus: "eu", baq: "eu", fas: "fa", per: "fa", pes: "fa", fin: "fi", fra: "fr", fre: "fr", gle: "ga",
  glg: "gl", guj: "gu", hau: "ha", heb: "he", hin: "hi", hrv: "hr", hun: "hu", hye: "hy", arm: "hy",
  ibo: "ig", ind: "id", isl: "is", ice: "is", ita: "it", jpn: "ja", jav: "jv", kat: "ka", geo: "ka",
  kaz: "kk", khm: "km", kan: "kn", kor: "ko", kur: "ku", kmr: "ku", ckb: "ku", lao: "lo", lat: "la",
  lav: "lv", lvs: "lv", lit: "lt", mal: "ml", mar: "mr", mkd: "mk", mac: "mk", msa: "ms", may: "ms",
  zsm: "ms", mya: "my", bur: "my", nep: "ne", npi: "ne", nld: "nl", dut: "nl", nor: "no", nob: "nb",
  nno: "nn", ori: "or", ory: "or", pan: "pa", pol: "pl", por: "pt", pus: "ps", pbu: "ps", ron: "ro",
  rum: "ro", rus: "ru", sin: "si", slk: "sk", slo: "sk", slv: "sl", som: "so", spa: "es", sqi: "sq",
  alb: "sq", als: "sq", srp: "sr", swa: "sw", swh: "sw", swe: "sv", tam: "ta", tel: "te", tgl: "tl",
  tha: "th", tur: "tr", ukr: "uk", urd: "ur", uzb: "uz", uzn: "uz", vie: "vi", yor: "yo", yid: "yi",
  ydd: "yi", zul: "zu", xho: "xh", hat: "ht", fil: "tl",
};

/** Withdrawn 639-1 codes some platforms still send. */
const LEGACY: Readonly<Record<string, string>> = { iw: "he", in: "id", ji: "yi", jw: "jv", mo: "ro" };

/** Tags meaning "no particular language". */
const NOT_A_LANGUAGE = new Set(["und", "mul", "zxx", "mis", "xx", "qme", "qht", "qam", "qst", "art"]);

/**
 * The primary language subtag of a platform tag, lower-case and as ISO 639-1 where one exists;
 * null for empty, malformed or "no language" tags.
 */
export function normalizeLangTag(tag: string | null | undefined): string | null {
  if (typeof tag !== "string") return null;
  const primary = tag.trim().split(/[-_]/u, 1)[0]?.toLowerCase() ?? "";
  if (!/^[a-z]{2,3}$/u.test(primary) || NOT_A_LANGUAGE.has(primary)) return null;
  if (primary.length === 2) return LEGACY[primary] ?? primary;
  return ISO3_TO_1[primary] ?? primary;
}
