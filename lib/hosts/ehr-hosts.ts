/**
 * Which origins Bridge's EHR content script runs on: the host permissions the browser actually
 * granted that were granted *as EHRs* (`grantedAsEhr`: hosts the user granted on the options
 * page's "EHR sites", and the build's own host permissions such as the demo EHR), narrowed to the
 * clinic's allowed list when its policy sets one (the policy's list then says which hosts are
 * EHRs). An origin granted only to reach the clinic's FHIR server or directory source never gets
 * the script; an EHR that serves its FHIR API from its own host keeps it, because it was granted
 * as an EHR too. Pure: the caller supplies the lists.
 */
export function ehrScriptOrigins(grantedOrigins: readonly string[], policyAllowedHosts: readonly string[] | null, grantedAsEhr: readonly string[]): string[] {
  const granted = grantedOrigins.filter((origin) => /^(https?|\*):\/\//.test(origin));
  const ehr = new Set(policyAllowedHosts ?? grantedAsEhr);
  return [...new Set(granted.filter((origin) => ehr.has(origin)))].sort();
}

/**
 * The first list of EHR grants on a machine that granted hosts before Bridge recorded why:
 * every granted web origin except those its settings name as the FHIR server or directory
 * source, so an update neither removes the script from an EHR nor adds it to a FHIR server.
 */
export function firstEhrGrants(grantedOrigins: readonly string[], notEhrUrls: readonly (string | null | undefined)[]): string[] {
  const notEhr = new Set(notEhrUrls.map((url) => (url ? originPatternFor(url) : null)));
  return [...new Set(grantedOrigins.filter((origin) => /^(https?|\*):\/\//.test(origin) && !notEhr.has(origin)))].sort();
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

