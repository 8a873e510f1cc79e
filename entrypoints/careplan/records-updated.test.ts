import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SCREENINGS_UPDATED_KEY } from '@/lib/db/screening-record-store';
import { onPatientRecordsUpdated } from './records-updated';

beforeEach(() => fakeBrowser.reset());

describe('onPatientRecordsUpdated (the Plan pane after a sync pull)', () => {
  it("is called when the background announces this patient's pull, not another patient's, and not after unsubscribing", async () => {
    const onUpdate = vi.fn();
    const stop = onPatientRecordsUpdated('fp-abcdef0123', onUpdate);
    // As handlers/sync.ts announcePulled writes it.
    await fakeBrowser.storage.session.set({ [SCREENINGS_UPDATED_KEY]: { patientFingerprint: 'fp-someone-else', at: '2026-11-23T14:00:00Z' } });
    expect(onUpdate).not.toHaveBeenCalled();
    await fakeBrowser.storage.session.set({ [SCREENINGS_UPDATED_KEY]: { patientFingerprint: 'fp-abcdef0123', at: '2026-11-23T14:00:01Z' } });
    expect(onUpdate).toHaveBeenCalledTimes(1);
    // The same key in another storage area is not the background's announcement.
    await fakeBrowser.storage.local.set({ [SCREENINGS_UPDATED_KEY]: { patientFingerprint: 'fp-abcdef0123', at: '2026-11-23T14:00:02Z' } });
    expect(onUpdate).toHaveBeenCalledTimes(1);
    stop();
    await fakeBrowser.storage.session.set({ [SCREENINGS_UPDATED_KEY]: { patientFingerprint: 'fp-abcdef0123', at: '2026-11-23T14:00:03Z' } });
    expect(onUpdate).toHaveBeenCalledTimes(1);
  });
});
