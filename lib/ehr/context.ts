import { adaptersFor } from './adapters/match';
import type { EhrAdapter } from './adapters/schema';
import { extractPatient, parseFieldValue, readBanner, type BannerExtraction, type BannerFields, type ExtractOptions } from './extract';
import { patientFingerprint } from './fingerprint';
import type { BannerField } from './labels';
import type { PatientContext } from './patient';
import { frameDocument, queryDeep, type ShadowRootOpener } from './select';

export interface ReadContextOptions extends ExtractOptions {
  /** Built-in adapters (`builtInAdapters`). */
  adapters?: readonly EhrAdapter[];
  /** The clinic's adapters from managed policy, already validated; they win over built-in ones. */
  policyAdapters?: readonly EhrAdapter[];
  /** Per-installation secret for fingerprints, see `FingerprintOptions.salt`. */
  salt?: string;
  /** Below this confidence no context is returned; default 0.5. */
  minConfidence?: number;
  openShadowRoot?: ShadowRootOpener;
}

/** Why a page gave no patient context. */
export type NoContextReason =
  | 'no-banner'
  | 'several-patients'
  | 'no-name'
  | 'not-identifiable'
  | 'conflicting-values'
  | 'low-confidence';

/** What Bridge understood of the page. Everything but `banner` can be sent in a message. */
export interface PatientReading {
  context: PatientContext | null;
  via: `adapter:${string}` | 'generic';
  found: BannerField[];
  missing: BannerField[];
  confidence: number;
  /** Set when `context` is null. */
  reason: NoContextReason | null;
  /** The banner element read, for the watcher to observe; not serialisable, strip before messaging. */
  banner: Element | null;
}

function textOf(el: Element): string {
  if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') return (el as HTMLInputElement).value.trim();
  if (el.tagName === 'SELECT') return ((el as HTMLSelectElement).selectedOptions?.[0]?.textContent ?? '').trim();
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Reads the banner an adapter points at; null when the adapter's banner is not on the page. */
function readWithAdapter(doc: Document, adapter: EhrAdapter, options: ReadContextOptions): BannerExtraction | null {
  const scope = adapter.frame ? frameDocument(doc, adapter.frame, options.openShadowRoot) : doc;
  if (!scope) return null;
  let banner: Element | null;
  try {
    banner = queryDeep(scope, adapter.banner, options.openShadowRoot);
  } catch {
    return null;
  }
  if (!banner) return null;
  const preset: BannerFields = {};
  const parseOptions = { today: options.today, dateOrder: adapter.dateOrder };
  for (const [field, selector] of Object.entries(adapter.fields) as [BannerField, string | undefined][]) {
    if (!selector) continue;
    let el: Element | null = null;
    try {
      el = queryDeep(banner, selector, options.openShadowRoot);
    } catch {
      el = null;
    }
    const parsed = el ? parseFieldValue(field, textOf(el), parseOptions) : null;
    if (parsed?.ok) (preset as Record<string, unknown>)[field] = parsed.parsed.value;
  }
  return readBanner(banner, { ...parseOptions, preset, presetBy: 'selector', choice: 'given' });
}

function toReading(x: BannerExtraction, via: PatientReading['via'], url: string, options: ReadContextOptions): PatientReading {
  const base = { via, found: x.found, missing: x.missing, confidence: x.confidence, banner: x.banner };
  const none = (reason: NoContextReason): PatientReading => ({ ...base, context: null, reason });
  if (!x.banner) return none(x.bannerProblem === 'several-patients' ? 'several-patients' : 'no-banner');
  if (x.conflicts.some((f) => f === 'name' || f === 'birthDate' || f === 'mrn')) return none('conflicting-values');
  const name = x.fields.name;
  if (!name) return none('no-name');
  if (x.confidence < (options.minConfidence ?? 0.5)) return none('low-confidence');
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    host = '';
  }
  const fingerprint = patientFingerprint(
    { name: name.display, birthDate: x.fields.birthDate?.iso ?? null, sex: x.fields.sex ?? null, mrn: x.fields.mrn ?? null, host },
    { salt: options.salt },
  );
  if (!fingerprint.ok) return none('not-identifiable');
  return {
    ...base,
    reason: null,
    context: {
      name: name.display.slice(0, 200),
      birthDate: x.fields.birthDate?.iso ?? null,
      sex: x.fields.sex ?? 'unknown',
      postalCode: x.fields.postalCode?.zip5 ?? null,
      mrn: x.fields.mrn?.slice(0, 64) ?? null,
      sourceUrl: url.slice(0, 2048),
      confidence: x.confidence,
      fingerprint: fingerprint.value,
    },
  };
}

/**
 * Who is the patient on this page? Tries the clinic's policy adapters, then the built-in ones
 * whose host and path match `url`; an adapter whose banner is not on the page is skipped. Falls
 * back to the generic extractor. Returns no context, with the reason, when the page shows no
 * banner, several patients, no name, too little to tell patients apart (no MRN and no birth
 * date), two values for an identity field, or confidence below `minConfidence`. Never throws.
 */
export function readPatientContext(doc: Document, url: string, options: ReadContextOptions = {}): PatientReading {
  const candidates = adaptersFor(url, [...(options.policyAdapters ?? []), ...(options.adapters ?? [])]);
  for (const adapter of candidates) {
    const extraction = readWithAdapter(doc, adapter, options);
    if (extraction) return toReading(extraction, `adapter:${adapter.id}`, url, options);
  }
  return toReading(extractPatient(doc, options), 'generic', url, options);
}

/** The reading without its DOM element, safe to send to the background or side panel. */
export function readingForMessage(reading: PatientReading): Omit<PatientReading, 'banner'> {
  const { banner: _banner, ...rest } = reading;
  return rest;
}
