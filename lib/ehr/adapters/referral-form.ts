import { matchesPage } from './match';
import type { EhrAdapter, ReferralFieldKey } from './schema';
import { frameDocument, queryDeep, queryDeepAll, type ShadowRootOpener } from '../select';

/** The referral order form an adapter declares, found on the page, for the referral fill engine. */
export interface LocatedReferralForm {
  adapterId: string;
  /** The document holding the form (the iframe's, when the adapter names a frame). */
  document: Document;
  form: Element;
  /** Elements per field key; several for a radio group. Keys whose selector matched nothing are absent. */
  fields: Partial<Record<ReferralFieldKey, Element[]>>;
  /** Keys the adapter declares but the page did not have. */
  missing: ReferralFieldKey[];
}

/**
 * Finds the referral form of the first adapter (in the order given: policy first) whose host,
 * path and form-page patterns match `url` and whose form is on the page. Null when none is. Never
 * throws on a bad selector; the field is reported missing instead.
 */
export function locateReferralForm(
  doc: Document,
  url: string,
  adapters: readonly EhrAdapter[],
  openShadowRoot?: ShadowRootOpener,
): LocatedReferralForm | null {
  for (const adapter of adapters) {
    const spec = adapter.referralForm;
    if (!spec || !matchesPage(adapter, url) || (spec.urlPatterns && !matchesPage(adapter, url, spec.urlPatterns))) continue;
    const scope = spec.frame ? frameDocument(doc, spec.frame, openShadowRoot) : doc;
    if (!scope) continue;
    let form: Element | null = null;
    try {
      form = queryDeep(scope, spec.form, openShadowRoot);
    } catch {
      form = null;
    }
    if (!form) continue;
    const fields: Partial<Record<ReferralFieldKey, Element[]>> = {};
    const missing: ReferralFieldKey[] = [];
    for (const [key, selector] of Object.entries(spec.fields) as [ReferralFieldKey, string | undefined][]) {
      if (!selector) continue;
      let found: Element[] = [];
      try {
        found = queryDeepAll(form, selector, openShadowRoot);
      } catch {
        found = [];
      }
      if (found.length) fields[key] = found;
      else missing.push(key);
    }
    return { adapterId: adapter.id, document: scope, form, fields, missing };
  }
  return null;
}
