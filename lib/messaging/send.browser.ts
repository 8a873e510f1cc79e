import type { MessageType, Reply, RequestOf, ResponseOf } from './protocol';

/** The extension was reloaded or updated under this page: this script is an orphan now. */
export class ExtensionGoneError extends Error {}

/**
 * The EHR page script's way to talk to the background. It imports no schema and no polyfill
 * (only types, and the `chrome` namespace that Chrome and Firefox MV3 both provide), to keep the
 * script injected into the EHR page small; the background validates every payload on receipt,
 * and replies come from Bridge's own background.
 */
export async function askBackground<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> {
  if (!chrome.runtime?.id) throw new ExtensionGoneError('Bridge was updated or removed; reload the page.');
  const reply = (await chrome.runtime.sendMessage({ bridge: 1, type, payload })) as Reply<ResponseOf<T>> | undefined;
  if (!reply) throw new Error(`${type}: no reply from the background`);
  if (!reply.ok) throw new Error(reply.error);
  return reply.data;
}
