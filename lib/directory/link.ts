import { haversineMiles } from '../geo/distance';
import { normaliseForMatch, streetKey, type Provider } from './provider';
import { mergeListings } from './importers/common';

const NAME_NOISE = new Set(['THE', 'INC', 'INCORPORATED', 'LLC', 'LLP', 'PC', 'PLLC', 'LTD', 'CORP', 'CORPORATION', 'CO', 'OF', 'AND', 'AT', 'DBA']);

/** Words of a facility name that identify it: upper-case, without legal suffixes and fillers. */
export function nameWords(name: string): string[] {
  return normaliseForMatch(name).split(' ').filter((w) => w !== '' && !NAME_NOISE.has(w));
}

function houseNumber(street: string): string {
  return /^\d[\dA-Z-]*/.exec(street)?.[0] ?? '';
}

function similarity(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const setB = new Set(b);
  const shared = new Set(a.filter((w) => setB.has(w))).size;
  return shared / new Set([...a, ...b]).size;
}

/** How a listing was linked to a 2021 facility. */
export type LinkMethod = 'name+street' | 'name' | 'street+similar-name';


/**
 * The best 2021 facility for a listing in the same 5-digit ZIP: same name words and street; or
 * same name words and house number; or same street with at least half the name words shared.
 * Null when none fits.
 */
export function findLink(listing: Provider, candidates: readonly Provider[]): { target: Provider; method: LinkMethod } | null {
  const words = nameWords(listing.name);
  const name = words.join(' ');
  const street = streetKey(listing.street1);
  let best: { target: Provider; method: LinkMethod; score: number } | null = null;
  for (const candidate of candidates) {
    const candidateWords = nameWords(candidate.name);
    const sameName = name !== '' && candidateWords.join(' ') === name;
    const candidateStreet = streetKey(candidate.street1);
    const sameStreet = street !== '' && candidateStreet === street;
    let method: LinkMethod | null = null;
    let score = 0;
    if (sameName && sameStreet) [method, score] = ['name+street', 3];
    // Same name at another street in the ZIP is often another site of the same organisation:
    // link it only when the house numbers agree (a misspelt street name, "Ole Dominion").
    else if (sameName && houseNumber(street) === houseNumber(candidateStreet)) [method, score] = ['name', 2];
    else if (sameStreet) {
      const s = similarity(words, candidateWords);
      if (s >= 0.5) [method, score] = ['street+similar-name', 1 + s / 2];
    }
    if (method && (!best || score > best.score)) best = { target: candidate, method, score };
  }
  return best && { target: best.target, method: best.method };
}

/** Counts of how the national files were linked, and the distance check of every link. */
export interface LinkReport {
  su2021: number;
  otpLinked: number;
  otpStandalone: number;
  locatorSuLinked: number;
  locatorSuDropped: number;
  locatorMhLinked: number;
  locatorMhStandalone: number;
  byMethod: Record<LinkMethod, number>;
  /** Links whose two records' coordinates lie within 1 mile / over 5 miles of each other. */
  linksWithinOneMile: number;
  linksOverFiveMiles: number;
  /** A few links of each method, for a person to read. */
  samples: { method: LinkMethod; from: string; to: string; miles: number }[];
}

/**
 * Merges the three national extracts into the default directory. The 2021 SU facility list is
 * the base. Each OTP is linked to its 2021 facility (which then gains `otp` + `methadone`) or
 * kept as its own listing. Each 2017 locator listing is linked the same way: a substance use
 * listing lends its phone (dated 2017), intake, hotline and website to the 2021 facility, and is
 * dropped when no 2021 facility matches (it was not in the 2021 survey: likely closed or
 * renamed); a mental health listing marks a linked facility as also offering mental health care,
 * or is kept as a mental-health-only listing with its 2017 date.
 */
export function mergeNationalDirectory(su2021: readonly Provider[], otp2021: readonly Provider[], locator2017: readonly Provider[]): { providers: Provider[]; report: LinkReport } {
  const byZip = new Map<string, Provider[]>();
  const merged = new Map<string, Provider>();
  const put = (p: Provider) => {
    merged.set(p.id, p);
    const list = byZip.get(p.zip);
    if (list) {
      const at = list.findIndex((q) => q.id === p.id);
      if (at >= 0) list[at] = p;
      else list.push(p);
    } else byZip.set(p.zip, [p]);
  };
  for (const p of su2021) put(p);
  const report: LinkReport = {
    su2021: su2021.length, otpLinked: 0, otpStandalone: 0, locatorSuLinked: 0, locatorSuDropped: 0, locatorMhLinked: 0,
    locatorMhStandalone: 0, byMethod: { 'name+street': 0, name: 0, 'street+similar-name': 0 }, linksWithinOneMile: 0,
    linksOverFiveMiles: 0, samples: [],
  };
  const record = (from: Provider, to: Provider, method: LinkMethod) => {
    report.byMethod[method]++;
    const miles = haversineMiles(from, to);
    if (miles <= 1) report.linksWithinOneMile++;
    if (miles > 5) report.linksOverFiveMiles++;
    if (report.samples.filter((s) => s.method === method).length < 4) {
      report.samples.push({ method, from: `${from.name}, ${from.street1}`, to: `${to.name}, ${to.street1}`, miles: Math.round(miles * 100) / 100 });
    }
  };
  // Only 2021 facilities are link targets, so two 2017 listings never link to each other.
  const targets = (zip: string) => (byZip.get(zip) ?? []).filter((p) => p.source !== 'samhsa-locator-2017');

  for (const otp of otp2021) {
    const link = findLink(otp, targets(otp.zip));
    if (link) {
      record(otp, link.target, link.method);
      report.otpLinked++;
      put(mergeListings(merged.get(link.target.id)!, otp));
    } else {
      report.otpStandalone++;
      put(otp);
    }
  }
  for (const listing of locator2017) {
    const link = findLink(listing, targets(listing.zip));
    const mentalHealthOnly = !listing.typeOfCare.includes('su');
    if (link) {
      record(listing, link.target, link.method);
      if (mentalHealthOnly) report.locatorMhLinked++;
      else report.locatorSuLinked++;
      put(mergeListings(merged.get(link.target.id)!, listing));
    } else if (mentalHealthOnly) {
      report.locatorMhStandalone++;
      put(listing);
    } else report.locatorSuDropped++;
  }
  return { providers: [...merged.values()], report };
}
