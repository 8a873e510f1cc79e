import { browser } from 'wxt/browser';
import type { MessageType, Reply, RequestOf, ResponseOf } from './protocol';

/**
 * The content script's way to talk to the background. It imports no schema (only types), to
 * keep the script injected into the EHR page small; the background validates every payload on
 * receipt, and replies come from Bridge's own trusted background.
 */
export async function askBackground<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> {
  const reply = (await browser.runtime.sendMessage({ bridge: 1, type, payload })) as Reply<ResponseOf<T>> | undefined;
  if (!reply) throw new Error(`${type}: no reply from the background`);
  if (!reply.ok) throw new Error(reply.error);
  return reply.data;
}
