/**
 * Which origins Bridge's EHR content script runs on: the host permissions the browser actually
 * granted (the demo host in a demo build, hosts the user granted on the options page), narrowed
 * to the clinic's allowed list when its policy sets one. Pure: the caller supplies both lists.
 */
export function ehrScriptOrigins(grantedOrigins: readonly string[], policyAllowedHosts: readonly string[] | null): string[] {
  const granted = grantedOrigins.filter((origin) => /^(https?|\*):\/\//.test(origin));
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

