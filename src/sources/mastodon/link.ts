// RFC 8288 Link headers as Mastodon sends them for paging:
//   Link: <https://host/api/v1/timelines/tag/cats?max_id=110>; rel="next", <https://host/...?min_id=120>; rel="prev"
// `next` pages to older results (max_id), `prev` to newer ones (min_id).

/** rel -> URL for each link in the header (first wins); quoted commas in parameters are respected. */
export function parseLinkHeader(header: string | string[] | undefined | null): Map<string, string> {
  const links = new Map<string, string>();
  const value = Array.isArray(header) ? header.join(", ") : header;
  if (!value) return links;
  const re = /<([^>]*)>((?:\s*;\s*[^;,"=\s]+\s*=\s*(?:"[^"]*"|[^;,"\s]*))*)/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const params = m[2] ?? "";
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,"\s]*))/i.exec(params);
    const rels = (rel?.[1] ?? rel?.[2] ?? "").toLowerCase().split(/\s+/).filter(Boolean);
    for (const r of rels) if (!links.has(r)) links.set(r, m[1]!);
  }
  return links;
}
