import { browser } from 'wxt/browser';
import { SCREENINGS_UPDATED_KEY } from '@/lib/db/screening-record-store';

/**
 * Calls `onUpdate` when the background announces that this patient's records changed outside this
 * view: a sync pull that applied or merged something (handlers/sync.ts `announcePulled`) or a
 * screening saved on another tab. It is the `storage.session` key the Screen pane listens to, so
 * every pane of the side panel learns of a pull the same way. Returns the unsubscribe function.
 */
export function onPatientRecordsUpdated(patientFingerprint: string, onUpdate: () => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const change = changes[SCREENINGS_UPDATED_KEY]?.newValue as { patientFingerprint?: unknown } | undefined;
    if (area === 'session' && change?.patientFingerprint === patientFingerprint) onUpdate();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
