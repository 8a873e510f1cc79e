import { z } from 'zod';

/**
 * Who may send a message: `content` is Bridge's content script on an EHR tab (untrusted page
 * around it), `extension` is one of Bridge's own pages (side panel, options, intake).
 */
export type SenderKind = 'content' | 'extension';

export interface MessageSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  from: readonly SenderKind[];
  request: Req;
  response: Res;
}

/** Declares one message: who may send it, the payload schema checked on receipt, the reply schema. */
export function spec<Req extends z.ZodType, Res extends z.ZodType>(from: readonly SenderKind[], request: Req, response: Res): MessageSpec<Req, Res> {
  return { from, request, response };
}

export const okReply = z.object({ ok: z.literal(true) });
export const fingerprintSchema = z.string().min(8).max(128);
