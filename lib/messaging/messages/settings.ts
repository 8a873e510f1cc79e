import { z } from 'zod';
import { okReply, lazySchema, spec } from '../spec';

const warningSchema = lazySchema(() => z.object({ key: z.string(), message: z.string() }));
const sourceSchema = lazySchema(() => z.enum(['policy', 'local', 'default']));

/**
 * The settings Bridge runs on, as JSON: values after policy and local settings are merged, the
 * keys the clinic's policy locks, where each value came from, and the policy values Bridge
 * ignored (`warnings`) with the reason for each.
 */
export const effectiveSettingsReplySchema = lazySchema(() => z.object({
  values: z.record(z.string(), z.unknown()),
  lockedKeys: z.array(z.string()),
  sources: z.record(z.string(), sourceSchema),
  warnings: z.array(warningSchema),
  localWarnings: z.array(warningSchema),
  managedStorageAvailable: z.boolean(),
}));
export type EffectiveSettingsReply = z.infer<typeof effectiveSettingsReplySchema>;

/** Messages about settings: what is in force, and the local values the options page changes. */
export const settingsMessages = {
  /** The effective settings (policy wins over local, local over defaults), for any Bridge page. */
  'settings.effective': spec(['extension'], () => z.object({}), () => effectiveSettingsReplySchema),
  /** Forgets this computer's value of some settings, so the policy or the default applies. */
  'settings.resetLocal': spec(['extension'], () => z.object({ keys: z.array(z.string().max(64)).max(64) }), () => okReply),
} as const;
