import type { EhrAdapter } from './schema';

const globCache = new Map<string, RegExp>();

/** `*` matches any run of characters; everything else is literal; case-insensitive. */
function glob(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
    globCache.set(pattern, re);
  }
  return re;
}

/** True when `url` is on one of the adapter's hosts and paths (path patterns also see the query). */
export function matchesPage(adapter: Pick<EhrAdapter, 'hostPatterns' | 'urlPatterns'>, url: string, patterns = adapter.urlPatterns): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const hostOk = adapter.hostPatterns.some((p) => glob(p).test(parsed.hostname) || glob(p).test(parsed.host));
  const path = parsed.pathname + parsed.search;
  return hostOk && patterns.some((p) => glob(p).test(parsed.pathname) || glob(p).test(path));
}

/** The adapters that apply to `url`, clinic policy first, in the order given. */
export function adaptersFor(url: string, adapters: readonly EhrAdapter[]): EhrAdapter[] {
  return adapters.filter((a) => matchesPage(a, url));
}
