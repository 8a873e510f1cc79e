import { describe, expect, it } from 'vitest';
import { BridgeDatabase } from './database';
import { appendAudit, AUDIT_DETAIL_MAX } from './audit-store';

describe('appendAudit', () => {
  it('appends entries in order, cutting a long detail', async () => {
    const db = new BridgeDatabase(`audit-${Math.random()}`);
    await appendAudit(db, 'view', 'fp-11111111', 'chart opened', '2026-11-23T10:00:00.000Z');
    await appendAudit(db, 'export', null, 'x'.repeat(AUDIT_DETAIL_MAX + 20), '2026-11-23T10:01:00.000Z');
    const rows = await db.audit.orderBy('seq').toArray();
    expect(rows.map((r) => [r.action, r.patientFingerprint, r.at])).toEqual([
      ['view', 'fp-11111111', '2026-11-23T10:00:00.000Z'],
      ['export', null, '2026-11-23T10:01:00.000Z'],
    ]);
    expect(rows[1]!.detail).toHaveLength(AUDIT_DETAIL_MAX);
  });
});
