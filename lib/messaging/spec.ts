import { z } from 'zod';

/**
 * Who may send a message: `content` is Bridge's content script on an EHR tab (untrusted page
 * around it), `extension` is one of Bridge's own pages (side panel, options, intake).
 */
export type SenderKind = 'content' | 'extension';

export interface MessageSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly from: readonly SenderKind[];
  readonly request: Req;
  readonly response: Res;
}

/**
 * Declares one message: who may send it, the payload schema checked on receipt, the reply schema.
 * Give the schemas as functions (`() => z.object(...)`): each is then built the first time the
 * message is checked. The background answers its first message only after evaluating every
 * capability's module, so a schema built at import is start-up time paid for messages that may
 * never come (entrypoints/background/README.md). A schema given directly still works.
 */
export function spec<Req extends z.ZodType, Res extends z.ZodType>(
  from: readonly SenderKind[],
  request: Req | (() => Req),
  response: Res | (() => Res),
): MessageSpec<Req, Res> {
  let req: Req | undefined;
  let res: Res | undefined;
  return {
    from,
    get request() {
      return (req ??= typeof request === 'function' ? request() : request);
    },
    get response() {
      return (res ??= typeof response === 'function' ? response() : response);
    },
  };
}

/**
 * A schema built the first time it checks a value, for schemas that several messages share or
 * that other modules import: `z.lazy` under the hood, so it parses, infers and composes
 * (`.nullable()`, `.array()`, inside objects and unions) like the schema it wraps.
 */
export function lazySchema<T extends z.ZodType>(build: () => T): z.ZodLazy<T> {
  return z.lazy(build);
}

export const okReply = lazySchema(() => z.object({ ok: z.literal(true) }));
export const fingerprintSchema = lazySchema(() => z.string().min(8).max(128));
