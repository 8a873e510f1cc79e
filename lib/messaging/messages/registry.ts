import { z } from 'zod';
import { REGISTRY_FLAGS } from '../../registry/registry';
import { referralStatusSchema } from '../../referral/status';
import { lazySchema, spec } from '../spec';

const isoDate = lazySchema(() => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD'));
/** The page's clock, so a test (Playwright `page.clock`) controls what is overdue. */
const nowSchema = lazySchema(() => z.iso.datetime({ offset: true }));

export const registryFlagSchema = lazySchema(() => z.enum(REGISTRY_FLAGS));

/** One row of the caseload registry (lib/registry `RegistryRow`) plus the recent scores for its sparkline. */
export const registryRowSchema = lazySchema(() => z.object({
  patientFingerprint: z.string(),
  name: z.string(),
  mrn: z.string().nullable(),
  planId: z.string().nullable(),
  lastContactOn: isoDate.nullable(),
  nextContactDue: isoDate.nullable(),
  latestScore: z.object({ instrumentId: z.string(), score: z.number(), on: isoDate }).nullable(),
  trend: z.enum(['no-scores', 'too-early', 'at-target', 'improving', 'not-improving']).nullable(),
  referralStatus: referralStatusSchema.nullable(),
  referralSentOn: isoDate.nullable(),
  flags: z.array(registryFlagSchema),
  daysOverdue: z.number().int().nonnegative(),
  searchText: z.string(),
  /** The latest instrument's scores up to `now`, oldest first, at most the last 8 (for the sparkline). */
  recentScores: z.array(z.number()).max(8),
}));
export type RegistryRowWithScores = z.infer<typeof registryRowSchema>;

/** The registry's filters and sort (lib/registry `RegistryQuery`), as the page holds them. */
export const registryQuerySchema = lazySchema(() => z.object({
  search: z.string().max(200).optional(),
  flags: z.array(registryFlagSchema).optional(),
  referralStatuses: z.array(referralStatusSchema.nullable()).optional(),
  hasPlan: z.boolean().optional(),
  sort: z
    .object({
      key: z.enum(['priority', 'name', 'lastContactOn', 'nextContactDue', 'latestScore', 'referralStatus']),
      direction: z.enum(['asc', 'desc']).optional(),
    })
    .optional(),
}));

/** Messages of the caseload registry (issue 10). */
export const registryMessages = {
  /** Every patient with an active plan or an open referral, as registry rows on the page's clock. */
  'registry.rows': spec(['extension'], () => z.object({ now: nowSchema }), () => z.object({ rows: z.array(registryRowSchema), skippedPlans: z.number().int().nonnegative() })),
  /** The rows the query selects, as CSV for case review, in the query's order; audited as 'export'. */
  'registry.exportCsv': spec(['extension'], () => z.object({ now: nowSchema, query: registryQuerySchema }), () => z.object({ csv: z.string(), rows: z.number().int() })),
} as const;
