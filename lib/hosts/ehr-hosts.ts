/**
 * Which origins Bridge's EHR content script runs on: the host permissions the browser actually
 * granted (the demo host in a demo build, hosts the user granted on the options page), narrowed
 * to the clinic's allowed list when its policy sets one, and never the origins Bridge was granted
 * for something else (the clinic's FHIR server, its directory source). Pure: the caller supplies
 * the lists.
 */
export function ehrScriptOrigins(grantedOrigins: readonly string[], policyAllowedHosts: readonly string[] | null, notEhrOrigins: readonly string[] = []): string[] {
  const notEhr = new Set(notEhrOrigins);
  const granted = grantedOrigins.filter((origin) => /^(https?|\*):\/\//.test(origin) && !notEhr.has(origin));
  if (!policyAllowedHosts) return [...new Set(granted)].sort();
  const allowed = new Set(policyAllowedHosts);
  return [...new Set(granted.filter((origin) => allowed.has(origin)))].sort();
}

/** The match pattern that grants one page's origin: `https://ehr.example.org/*`. */
export function originPatternFor(pageUrl: string): string | null {
  try {
    const url = new URL(pageUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return `${url.protocol}//${url.hostname}/*`;
  } catch {
    return null;
  }
}

/**
 * Origin patterns Bridge talks to that are not EHR pages (the clinic's FHIR server and directory
 * source, from settings): a grant made for them must not put Bridge's EHR script on their pages.
 */
export function nonEhrOrigins(urls: readonly (string | null | undefined)[]): string[] {
  return [...new Set(urls.map((url) => (url ? originPatternFor(url) : null)).filter((p): p is string => p !== null))].sort();
}
