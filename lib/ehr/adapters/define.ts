import type { EhrAdapter, EhrAdapterInput } from './schema';

/**
 * Declares a built-in adapter: fills in the schema's defaults without loading zod into the content
 * script. adapters.test.ts proves every built-in adapter passes `ehrAdapterSchema` unchanged.
 */
export function defineEhrAdapter(adapter: EhrAdapterInput): EhrAdapter {
  return {
    ...adapter,
    urlPatterns: adapter.urlPatterns ?? ['*'],
    fields: adapter.fields ?? {},
    dateOrder: adapter.dateOrder ?? 'MDY',
    provenPages: adapter.provenPages ?? [],
  };
}
