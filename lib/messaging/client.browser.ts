import { browser } from 'wxt/browser';
import { protocol, type MessageType, type Reply, type RequestOf, type ResponseOf } from './protocol';

/** A reply the background refused or could not produce, with its reason. */
export class BridgeMessageError extends Error {}

/**
 * Sends a typed message to the background and returns its validated response, or throws
 * `BridgeMessageError` with the background's reason.
 */
export async function sendToBackground<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> {
  const reply = (await browser.runtime.sendMessage({ bridge: 1, type, payload })) as Reply<unknown> | undefined;
  if (!reply) throw new BridgeMessageError(`${type}: no reply from the background`);
  if (!reply.ok) throw new BridgeMessageError(reply.error);
  return protocol[type].response.parse(reply.data) as ResponseOf<T>;
}
