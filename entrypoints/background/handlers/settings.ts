import type { BridgeDatabase } from '@/lib/db/database';
import type { Handlers } from '@/lib/messaging/router';
import { effectiveSettingsNow, effectiveSettingsReply, refreshEffectiveSettings } from '../settings';

/** The background's answers about settings in force, and forgetting local values. */
export function settingsHandlers(db: BridgeDatabase): Handlers {
  return {
    'settings.effective': async () => effectiveSettingsReply(await effectiveSettingsNow(db)),
    'settings.resetLocal': async ({ keys }) => {
      await db.settings.bulkDelete(keys);
      await refreshEffectiveSettings();
      return { ok: true };
    },
  };
}
