import { envelopeSchema, protocol, type MessageType, type Reply, type RequestOf, type ResponseOf, type SenderKind } from './protocol';

/** What the browser tells a listener about a message's sender, reduced to what the checks need. */
export interface SenderFacts {
  extensionId: string | undefined;
  url: string | undefined;
  tabId: number | undefined;
  /** The sending document (a content script's page), where the browser reports it. */
  documentId?: string;
}

/** What a handler learns about the sender: its kind, its tab, and its document where known. */
export interface HandlerSender {
  kind: SenderKind;
  tabId: number | undefined;
  documentId?: string;
}

export interface RouterContext {
  /** This extension's own id and origin (`chrome-extension://<id>`). */
  ownId: string;
  ownOrigin: string;
}

export type Handlers = {
  [T in MessageType]?: (payload: RequestOf<T>, sender: HandlerSender) => Promise<ResponseOf<T>>;
};

/** What the clinician is told when a handler fails: storage errors in words they can act on. */
export function failureMessage(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const inner = (error as { inner?: { name?: string } } | null)?.inner?.name ?? '';
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
    return "This computer's storage for Bridge is full, so nothing was saved. Free some disk space (or ask IT), then try again.";
  }
  if (name === 'AbortError' || name === 'TransactionInactiveError' || inner === 'AbortError') {
    return 'Saving was interrupted, so nothing was saved. Try again.';
  }
  return error instanceof Error ? error.message : String(error);
}

/** Classifies a sender, or explains why it is not one of Bridge's own parts. */
export function classifySender(sender: SenderFacts, ctx: RouterContext): { kind: SenderKind } | { rejected: string } {
  if (sender.extensionId !== ctx.ownId) return { rejected: `sender ${sender.extensionId ?? 'unknown'} is not this extension` };
  if (sender.url?.startsWith(`${ctx.ownOrigin}/`)) return { kind: 'extension' };
  if (sender.tabId !== undefined) return { kind: 'content' };
  return { rejected: 'sender is neither a content script in a tab nor an extension page' };
}

/**
 * Validates one incoming message (envelope, sender kind, payload schema), runs its handler and
 * validates the response. Anything that fails is rejected with a specific reason, passed to
 * `log`, and never reaches a handler.
 */
export async function routeMessage(
  raw: unknown,
  sender: SenderFacts,
  handlers: Handlers,
  ctx: RouterContext,
  log: (reason: string) => void,
): Promise<Reply<unknown>> {
  const reject = (error: string): Reply<unknown> => {
    log(`Rejected message: ${error}`);
    return { ok: false, error };
  };
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) return reject('not a Bridge message envelope');
  const type = envelope.data.type;
  if (!Object.hasOwn(protocol, type)) return reject(`unknown message type "${type}"`);
  const spec = protocol[type as MessageType];
  const who = classifySender(sender, ctx);
  if ('rejected' in who) return reject(`${type}: ${who.rejected}`);
  if (!spec.from.includes(who.kind)) return reject(`${type}: not accepted from a ${who.kind} sender`);
  const payload = spec.request.safeParse(envelope.data.payload);
  if (!payload.success) {
    const issue = payload.error.issues[0];
    return reject(`${type}: payload field "${issue?.path.join('.') || '(root)'}" ${issue?.message ?? 'is invalid'}`);
  }
  const handler = handlers[type as MessageType] as
    | ((p: unknown, s: HandlerSender) => Promise<unknown>)
    | undefined;
  if (!handler) return reject(`${type}: no handler in this context`);
  try {
    const data = await handler(payload.data, { kind: who.kind, tabId: sender.tabId, documentId: sender.documentId });
    const checked = spec.response.safeParse(data);
    if (!checked.success) return reject(`${type}: handler produced an invalid response`);
    return { ok: true, data: checked.data };
  } catch (error) {
    const message = failureMessage(error);
    log(`${type} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    return { ok: false, error: message };
  }
}
