/**
 * Validation of the host match patterns a clinic lists for its EHR, in Chrome's match-pattern
 * syntax (https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns):
 * `<scheme>://<host><path>`. Bridge accepts only what names an EHR: http, https or `*` schemes
 * and a real host, never `<all_urls>` or a bare `*` host, which would run Bridge on every site.
 */

const PATTERN = /^(\*|https?):\/\/([^/]*)(\/.*)$/;
const HOST_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Why `pattern` is not an acceptable EHR host pattern, or null when it is. */
export function matchPatternProblem(pattern: string): string | null {
  if (pattern === '<all_urls>') return 'must name the EHR host; `<all_urls>` would run Bridge on every site';
  const parts = PATTERN.exec(pattern);
  if (!parts) return 'must look like https://ehr.example.org/* (scheme http, https or *, a host, then a path starting with /)';
  const hostAndPort = parts[2] ?? '';
  const portMatch = /^(.*?)(:(\d{1,5}|\*))?$/.exec(hostAndPort);
  const host = portMatch?.[1] ?? '';
  const port = portMatch?.[3];
  if (host === '*') return 'must name the EHR host; a bare `*` host would run Bridge on every site';
  if (port !== undefined && port !== '*' && Number(port) > 65535) return `has port ${port}, above 65535`;
  if (host.toLowerCase() !== host) return 'must write the host in lower case';
  const ipv4 = IPV4.exec(host);
  if (ipv4) {
    return ipv4.slice(1).every((octet) => Number(octet) <= 255) ? null : 'has an IPv4 address with a part above 255';
  }
  if (host === 'localhost' || HOST_NAME.test(host)) return null;
  return 'has a host that is not a domain name, `*.` followed by a domain name, or an IPv4 address';
}

/** True when `pattern` is an acceptable EHR host pattern. */
export function isEhrHostPattern(pattern: string): boolean {
  return matchPatternProblem(pattern) === null;
}

