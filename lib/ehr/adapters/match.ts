import type { EhrAdapter } from './schema';

/**
 * `*` matches any run of characters; everything else is literal; case-insensitive. Matched by hand
 * rather than through a RegExp per pattern: every EHR tab would compile those again.
 */
export function matchesWildcard(pattern: string, text: string): boolean {
  const parts = pattern.toLowerCase().split('*');
  const t = text.toLowerCase();
  const first = parts[0] ?? '';
  if (parts.length === 1) return t === first;
  const last = parts[parts.length - 1] ?? '';
  if (t.length < first.length + last.length || !t.startsWith(first) || !t.endsWith(last)) return false;
  // Middle parts, leftmost first, between the fixed start and end.
  let at = first.length;
  const end = t.length - last.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i] ?? '';
    const found = t.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

/** True when `url` is on one of the adapter's hosts and paths (path patterns also see the query). */
export function matchesPage(adapter: Pick<EhrAdapter, 'hostPatterns' | 'urlPatterns'>, url: string, patterns = adapter.urlPatterns): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const hostOk = adapter.hostPatterns.some((p) => matchesWildcard(p, parsed.hostname) || matchesWildcard(p, parsed.host));
  const path = parsed.pathname + parsed.search;
  return hostOk && patterns.some((p) => matchesWildcard(p, parsed.pathname) || matchesWildcard(p, path));
}

/** The adapters that apply to `url`, clinic policy first, in the order given. */
export function adaptersFor(url: string, adapters: readonly EhrAdapter[]): EhrAdapter[] {
  return adapters.filter((a) => matchesPage(a, url));
}
