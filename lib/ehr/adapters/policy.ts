import { checkSelector } from '../select';
import { ehrAdapterSchema, type EhrAdapter } from './schema';

/** One thing wrong with the clinic's adapter policy, said so its IT can fix it. */
export interface PolicyAdapterProblem {
  /** Index of the adapter in the policy list, or -1 for the list itself. */
  index: number;
  /** The adapter's id when it had one. */
  id: string | null;
  /** Where in the adapter, e.g. "fields.birthDate". */
  path: string;
  message: string;
}

/**
 * Validates EHR adapters supplied by the clinic's managed policy (an array of adapter objects, or
 * `{ adapters: [...] }`). Each adapter is checked on its own: a bad one is left out and reported,
 * the good ones are returned. With a `sample` document, every selector is also run once through
 * its `querySelector` and an invalid one reported rather than thrown later on the EHR page.
 * Never throws.
 */
export function parsePolicyAdapters(raw: unknown, sample?: ParentNode): { adapters: EhrAdapter[]; problems: PolicyAdapterProblem[] } {
  const problems: PolicyAdapterProblem[] = [];
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' && Array.isArray((raw as { adapters?: unknown }).adapters) ? (raw as { adapters: unknown[] }).adapters : null;
  if (raw === undefined || raw === null) return { adapters: [], problems };
  if (!list) {
    problems.push({ index: -1, id: null, path: '', message: 'EHR adapter policy must be a list of adapters (or { adapters: [...] }); none were loaded.' });
    return { adapters: [], problems };
  }
  const adapters: EhrAdapter[] = [];
  const seen = new Set<string>();
  list.forEach((entry, index) => {
    const id = entry && typeof entry === 'object' && typeof (entry as { id?: unknown }).id === 'string' ? (entry as { id: string }).id : null;
    const parsed = ehrAdapterSchema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({ index, id, path: issue.path.join('.'), message: `Adapter ${id ?? `#${index + 1}`}: ${issue.path.join('.') || 'adapter'}: ${issue.message}. This adapter was not loaded.` });
      }
      return;
    }
    const adapter = { ...parsed.data, id: `policy-${parsed.data.id}` };
    if (seen.has(adapter.id)) {
      problems.push({ index, id, path: 'id', message: `Adapter ${id}: id is used twice; the second was not loaded.` });
      return;
    }
    if (sample) {
      const bad = selectorsOf(adapter)
        .map(([path, selector]) => [path, selector, checkSelector(sample, selector)] as const)
        .filter(([, , error]) => error !== null);
      if (bad.length > 0) {
        for (const [path, selector, error] of bad) {
          problems.push({ index, id, path, message: `Adapter ${id}: ${path}: "${selector}" is not a valid CSS selector (${error}). This adapter was not loaded.` });
        }
        return;
      }
    }
    seen.add(adapter.id);
    adapters.push(adapter);
  });
  return { adapters, problems };
}

function selectorsOf(adapter: EhrAdapter): [string, string][] {
  const out: [string, string][] = [['banner', adapter.banner]];
  if (adapter.frame) out.push(['frame', adapter.frame]);
  for (const [field, selector] of Object.entries(adapter.fields)) if (selector) out.push([`fields.${field}`, selector]);
  const form = adapter.referralForm;
  if (form) {
    out.push(['referralForm.form', form.form]);
    if (form.frame) out.push(['referralForm.frame', form.frame]);
    for (const [key, selector] of Object.entries(form.fields)) if (selector) out.push([`referralForm.fields.${key}`, selector]);
  }
  return out;
}
