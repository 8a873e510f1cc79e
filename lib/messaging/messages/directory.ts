import { z } from 'zod';
import { providerSchema, providerSourceSchema } from '../../directory/provider';
import { serviceTagSchema } from '../../directory/service-codes';
import { lazySchema, spec } from '../spec';

/** Where a treatment search is centred: a ZIP typed or from the chart, a point, or the clinic's ZIP (settings). */
export const searchOriginSchema = lazySchema(() => z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('zip'), zip: z.string().max(20), label: z.string().max(100).optional() }),
  z.object({ kind: z.literal('point'), lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), label: z.string().max(100) }),
  z.object({ kind: z.literal('clinic') }),
]));
export type SearchOrigin = z.infer<typeof searchOriginSchema>;

/** One listing in a result (lib/directory/search.ts `ProviderMatch`), as plain data. */
export const providerMatchSchema = lazySchema(() => z.object({
  provider: providerSchema,
  miles: z.number(),
  offers: z.array(serviceTagSchema),
  unconfirmed: z.array(serviceTagSchema),
  servicesNotListed: z.boolean(),
  explanation: z.string(),
}));

/** What the directory in use is: where it came from, how old, how many listings, whether they list services. */
export const directoryStatusSchema = lazySchema(() => z.object({
  /** Source titles, most listings first. */
  sources: z.array(z.object({ id: providerSourceSchema, title: z.string(), asOf: z.string().nullable() })),
  /** "bundled" until an import replaces or merges into it. */
  origin: z.enum(['bundled', 'import']),
  importedAt: z.string(),
  providerCount: z.number().int(),
  /** Listings whose source states their services (filters can apply to these only). */
  withServices: z.number().int(),
  /** The directory an import replaced, kept one step back. */
  previous: z.object({ importedAt: z.string(), providerCount: z.number().int(), origin: z.enum(['bundled', 'import']) }).nullable(),
  /** How this service worker loaded the directory into memory (for the benchmark): ms per step. */
  lastLoad: z
    .object({ from: z.enum(['bundle', 'stored']), readMs: z.number(), parseMs: z.number(), decodeMs: z.number(), indexMs: z.number(), storeMs: z.number().nullable() })
    .nullable(),
}));
export type DirectoryStatus = z.infer<typeof directoryStatusSchema>;

export const directoryImportFormatSchema = lazySchema(() => z.enum(['findtreatment-json', 'findtreatment-csv', 'hsds', 'samhsa-su-2021', 'samhsa-otp-2021', 'locator-2017']));
export type DirectoryImportFormat = z.infer<typeof directoryImportFormatSchema>;

const rowErrorSchema = lazySchema(() => z.object({ row: z.number().int(), field: z.string(), message: z.string() }));

/** 64 MB: several times the national 2017 listing, under Chrome's message size limit. */
const MAX_FILE_CHARS = 64 * 1024 * 1024;

/** Messages of the treatment directory: search, status, imports, and flags on wrong listings. */
export const directoryMessages = {
  /**
   * The nearest listings meeting every need. ZIP problems are answers, not failures: the pane
   * shows `message` beside the ZIP field ("ZIP 00000 is not in Bridge's ZIP table ...").
   */
  'directory.search': spec(
    ['extension'],
    () => z.object({
      origin: searchOriginSchema,
      need: z.array(serviceTagSchema).max(32),
      limit: z.number().int().min(1).max(100).optional(),
      maxMiles: z.number().positive().optional(),
    }),
    () => z.discriminatedUnion('ok', [
      z.object({
        ok: z.literal(true),
        origin: z.object({ lat: z.number(), lng: z.number(), label: z.string(), zip: z.string().nullable() }),
        matches: z.array(providerMatchSchema),
        unlisted: z.array(providerMatchSchema),
      }),
      z.object({ ok: z.literal(false), reason: z.enum(['invalid-zip', 'unknown-zip', 'no-clinic-location']), message: z.string() }),
    ]),
  ),
  'directory.status': spec(['extension'], () => z.object({}), () => directoryStatusSchema),
  /**
   * Validates the whole file, then replaces or merges into the directory in one transaction; on
   * any error nothing changes and the reply names the rows and fields. `base64` carries the raw
   * bytes of a file that may be Latin-1 (the 2021 OTP list).
   */
  'directory.import': spec(
    ['extension'],
    () => z
      .object({
        format: directoryImportFormatSchema,
        text: z.string().max(MAX_FILE_CHARS).optional(),
        base64: z.string().max(MAX_FILE_CHARS).optional(),
        mode: z.enum(['replace', 'merge']),
        /** Date of the export (ISO), recorded as each listing's last verification. */
        asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        fileName: z.string().max(300).optional(),
      })
      .refine((r) => (r.text === undefined) !== (r.base64 === undefined), { message: 'give the file as exactly one of text or base64' }),
    () => z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), imported: z.number().int(), notes: z.array(z.string()), status: directoryStatusSchema, storeMs: z.number() }),
      z.object({ ok: z.literal(false), message: z.string(), errors: z.array(rowErrorSchema), errorCount: z.number().int(), status: directoryStatusSchema }),
    ]),
  ),
  /** A clinician says a listing is wrong: kept on this computer, shown to colleagues, exportable. */
  'directory.flag': spec(['extension'], () => z.object({ providerId: z.string().min(1).max(64), reason: z.string().min(1).max(400) }), () => z.object({ ok: z.literal(true), flaggedAt: z.string() })),
  /** Flags on this computer, newest first (one per listing: the latest reason). */
  'directory.flags': spec(
    ['extension'],
    () => z.object({}),
    () => z.object({ flags: z.array(z.object({ providerId: z.string(), providerName: z.string(), reason: z.string(), flaggedAt: z.string() })) }),
  ),
  'directory.flagsCsv': spec(['extension'], () => z.object({}), () => z.object({ csv: z.string(), count: z.number().int() })),
} as const;
