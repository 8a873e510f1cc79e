import type { BridgeDatabase } from '@/lib/db/database';
import type { Handlers } from '@/lib/messaging/router';

export function syncHandlers(_db: BridgeDatabase): Handlers {
  return {};
}
