import type { BridgeDatabase } from '@/lib/db/database';
import type { Handlers } from '@/lib/messaging/router';
import { coreHandlers } from './core';
import { recordHandlers } from './records';
import { settingsHandlers } from './settings';
import { screeningHandlers } from './screening';
import { referralHandlers } from './referral';
import { directoryHandlers } from './directory';
import { carePlanHandlers } from './careplan';
import { registryHandlers } from './registry';
import { syncHandlers } from './sync';
import { fhirAuthHandlers } from './fhir-auth';

/** Every message handler of the background, one file per capability. */
export function createHandlers(db: BridgeDatabase): Handlers {
  return {
    ...coreHandlers(db),
    ...recordHandlers(db),
    ...settingsHandlers(db),
    ...screeningHandlers(db),
    ...referralHandlers(db),
    ...directoryHandlers(db),
    ...carePlanHandlers(db),
    ...registryHandlers(db),
    ...syncHandlers(db),
    ...fhirAuthHandlers(db),
  };
}
