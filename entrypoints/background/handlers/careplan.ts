import type { BridgeDatabase } from '@/lib/db/database';
import type { Handlers } from '@/lib/messaging/router';

export function carePlanHandlers(_db: BridgeDatabase): Handlers {
  return {};
}
