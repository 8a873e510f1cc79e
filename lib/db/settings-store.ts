import type { BridgeDatabase } from './database';

/** All local settings as a plain object (key → value). */
export async function readLocalSettings(db: BridgeDatabase): Promise<Record<string, unknown>> {
  const rows = await db.settings.toArray();
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}

/** Saves local settings in one transaction: either every key is written or none is. */
export async function saveLocalSettings(
  db: BridgeDatabase,
  values: Record<string, unknown>,
  now: string,
): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    await db.settings.bulkPut(Object.entries(values).map(([key, value]) => ({ key, value, updatedAt: now })));
  });
}
