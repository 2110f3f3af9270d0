// Turns a date as printed in an embed or a flattened article ("October 1, 2020",
// "Mar 22, 2026 at 2:09 PM", "Dec 5, 2016 at 9:10am PST", "25. September 2018",
// "05:38 PM - 07 Jun 2019") into ISO 8601. A date alone stays a date alone; a time without a zone
// stays without an offset; we never invent what the text does not say.

const MONTHS: Record<string, number> = {};
const MONTH_NAMES: string[][] = [
  // en, de, fr, es, it, pt, nl
  ["january", "januar", "janvier", "enero", "gennaio", "janeiro", "januari", "jänner"],
  ["february", "februar", "février", "fevrier", "febrero", "febbraio", "fevereiro", "februari"],
  ["march", "märz", "maerz", "mars", "marzo", "março", "marco", "maart"],
  ["april", "avril", "abril", "aprile"],
  ["may", "mai", "mayo", "maggio", "maio", "mei"],
  ["june", "juni", "juin", "junio", "giugno", "junho"],
  ["july", "juli", "juillet", "julio", "luglio", "julho"],
  ["august", "août", "aout", "agosto", "augustus"],
  ["september", "septembre", "septiembre", "settembre", "setembro"],
  ["october", "oktober", "octobre", "octubre", "ottobre", "outubro"],
  ["november", "novembre", "noviembre", "novembro"],
  ["december", "dezember", "décembre", "decembre", "diciembre", "dicembre", "dezembro"],
];
MONTH_NAMES.forEach((names, i) => {
  for (const n of names) {
    MONTHS[n] = i + 1;
    // Three-letter (and "sept") abbreviations, with or without a trailing dot.
    MONTHS[n.slice(0, 3)] ??= i + 1;
  }
});
MONTHS["sept"] = 9;

const ZONES: Record<string, string> = {
  UTC: "+00:00", GMT: "+00:00", Z: "+00:00",
  PST: "-08:00", PDT: "-07:00", MST: "-07:00", MDT: "-06:00",
  CST: "-06:00", CDT: "-05:00", EST: "-05:00", EDT: "-04:00",
  BST: "+01:00", CET: "+01:00", CEST: "+02:00",
};

const WEEKDAY = /^(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+|^(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo),?\s+/i;

const pad = (n: number) => String(n).padStart(2, "0");

function monthNumber(word: string): number | undefined {
  return MONTHS[word.toLowerCase().replace(/\.$/, "")];
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

function to24(h: number, ampm: string | undefined): number {
  if (!ampm) return h;
  const pm = ampm.toLowerCase().startsWith("p");
  if (h === 12) return pm ? 12 : 0;
  return pm ? h + 12 : h;
}


interface Parts { y: number; mo: number; d: number; time?: { h: string; mi: string; s?: string; ampm?: string; zone?: string } }

// Each pattern names its groups: y, mon (month word), d, and the optional time groups h, mi, s, ap, tz.
const TIME = String.raw`(?<h>\d{1,2}):(?<mi>\d{2})(?::(?<s>\d{2}))?\s*(?<ap>[ap]\.?m\.?)?(?:\s*(?<tz>[A-Z]{1,4}))?`;
const MON = String.raw`(?<mon>[A-Za-zÀ-ÿ]{3,10}\.?)`;
const PATTERNS: RegExp[] = [
  // "October 1, 2020", "Mar 22, 2026 at 2:09 PM", "Dec 5, 2016 at 9:10am PST"
  new RegExp(String.raw`^${MON}\s+(?<d>\d{1,2}),?\s+(?<y>\d{4})(?:\s*(?:at|,|·|-)?\s*${TIME})?$`, "i"),
  // "25. September 2018", "1 October 2020", "12 de octubre de 2021"
  new RegExp(String.raw`^(?<d>\d{1,2})\.?\s+(?:de\s+)?${MON}\s+(?:de\s+)?(?<y>\d{4})(?:\s*(?:at|um|à|,|·|-)?\s*${TIME})?$`, "i"),
  // "05:38 PM - 07 Jun 2019" (old Twitter embed footer)
  new RegExp(String.raw`^${TIME}\s*[-·]\s*(?<d>\d{1,2})\s+${MON}\s+(?<y>\d{4})$`, "i"),
];

function match(text: string): Parts | null {
  for (const re of PATTERNS) {
    const g = re.exec(text)?.groups;
    if (!g) continue;
    const mo = monthNumber(g.mon!);
    if (!mo) continue;
    const parts: Parts = { y: Number(g.y), mo, d: Number(g.d) };
    if (g.h) parts.time = { h: g.h, mi: g.mi!, s: g.s, ampm: g.ap, zone: g.tz };
    return parts;
  }
  return null;
}

/**
 * Parses a displayed date into ISO 8601, or returns null when the text is not a date we can read
 * without guessing.
 */
export function parseDateText(input: string | null | undefined): string | null {
  if (!input) return null;
  // A leading weekday ("Tuesday, March 3, 2026", Facebook's fallback) adds nothing to the date.
  const text = input.replace(/\s+/g, " ").trim().replace(WEEKDAY, "");
  if (!text) return null;
  // Already machine-readable (e.g. a <time datetime> attribute).
  const iso = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (iso) {
    if (!validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]))) return null;
    return iso[4] ? normaliseIsoDateTime(text) : text;
  }
  const p = match(text);
  if (!p || !validDate(p.y, p.mo, p.d)) return null;
  const date = `${p.y}-${pad(p.mo)}-${pad(p.d)}`;
  if (!p.time) return date;
  const hour = to24(Number(p.time.h), p.time.ampm);
  const minute = Number(p.time.mi);
  const second = p.time.s ? Number(p.time.s) : 0;
  if (hour > 23 || minute > 59 || second > 59) return null;
  // An unknown zone abbreviation is left off rather than guessed.
  const offset = p.time.zone ? ZONES[p.time.zone.toUpperCase()] ?? "" : "";
  return `${date}T${pad(hour)}:${pad(minute)}:${pad(second)}${offset}`;
}

function normaliseIsoDateTime(text: string): string {
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) return text;
  // Keep the writer's own form when it already has an offset or is a local time.
  return text.endsWith("Z") ? d.toISOString().replace(".000Z", "Z") : text;
}
