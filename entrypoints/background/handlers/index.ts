import type { BridgeDatabase } from '@/lib/db/database';
import type { Handlers } from '@/lib/messaging/router';
import { coreHandlers } from './core';
import { recordHandlers } from './records';

/** Every message handler of the background, one file per capability. */
export function createHandlers(db: BridgeDatabase): Handlers {
  return {
    ...coreHandlers(db),
    ...recordHandlers(db),
  };
}
