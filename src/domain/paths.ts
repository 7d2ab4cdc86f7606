/**
 * Which API path a page address fetches for its first screen: the server embeds that answer in
 * the page (src/server/web.ts) and the browser's boot script asks for it when it is not embedded
 * (web/src/boot.ts) — one function, so that the two always agree. No imports: the boot script
 * inlines it and stays one small classic script.
 */

/** A path segment escaped as the application escapes it (encodeURIComponent of the decoded). */
function segment(raw: string): string {
  try {
    return encodeURIComponent(decodeURIComponent(raw));
  } catch {
    return raw;
  }
}

/**
 * The API path of the page at `pathname` (with its query `search`): `/m/lovisa/2023` → the
 * overview's, `/m/lovisa/2023/units/STK` → the unit's, keeping `period`; null for other pages.
 */
export function pageDataPath(pathname: string, search: string): string | null {
  const match = /^(?:\/m)?\/([^/]+)\/(\d{4})(?:\/units\/([^/]+))?\/?$/.exec(pathname);
  if (!match?.[1] || !match[2]) return null;
  const period = new URLSearchParams(search).get('period');
  const suffix = period ? `?${new URLSearchParams({ period }).toString()}` : '';
  const base = `/api/m/${segment(match[1])}/${match[2]}`;
  return `${base}/${match[3] === undefined ? 'overview' : `units/${segment(match[3])}`}${suffix}`;
}
