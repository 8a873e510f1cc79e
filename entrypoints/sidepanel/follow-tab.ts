import { browser } from 'wxt/browser';
import { sendToBackground } from '@/lib/messaging/client.browser';
import { tabPatientSchema, type TabPatient } from '@/lib/messaging/protocol';

/** The EHR tab this panel serves: `?tab=` when Bridge opened it for a tab, else the active tab. */
export async function panelTabId(search: string): Promise<number | null> {
  const fromUrl = Number(new URLSearchParams(search).get('tab'));
  if (Number.isInteger(fromUrl) && fromUrl > 0) return fromUrl;
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  return active?.id ?? null;
}

/**
 * Calls `onPatient` with the tab's patient now and on every change the content script reports,
 * until `signal` aborts. Changes arrive through storage.session, which survives the service
 * worker being stopped.
 */
export function followTabPatient(tabId: number, signal: AbortSignal, onPatient: (value: TabPatient | null) => void) {
  const key = `tab:${tabId}`;
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'session' || !(key in changes)) return;
    const parsed = tabPatientSchema.safeParse(changes[key]!.newValue);
    onPatient(parsed.success ? parsed.data : null);
  };
  browser.storage.onChanged.addListener(listener);
  signal.addEventListener('abort', () => browser.storage.onChanged.removeListener(listener), { once: true });
  void sendToBackground('patient.forTab', { tabId }).then((value) => !signal.aborted && onPatient(value));
}
