import type { Table } from 'dexie';
import { consentSchema, type Consent } from '../consent/consent';
import type { BridgeDatabase, OutboxRecord, SyncConflictRecord, SyncLinkRecord } from '../db/database';
import { stableJson } from '../careplan/versioning';
import { FhirClient, NotAuthorisedError, RejectedError, ServerUnavailableError, backoffDelay, type Authorize, type HttpFetch } from './client';
import { syncAllowed, type SyncRecipient } from './gate';
import { mergeRecords, type FieldConflict } from './merge';
import {
  CARRIER_PART,
  PARTS,
  SYNC_KINDS,
  identifierSystemOf,
  identifierValueOf,
  recordFromCarrier,
  resourcesOf,
  sharedContent,
  UnreadableResourceError,
  type FhirResource,
  type LocalRecord,
  type PartSpec,
  type SyncKind,
} from './resources';
import { cyrb53 } from '../hash/cyrb53';

/**
 * The sync engine: local IndexedDB stays the working copy; an outbox (in IndexedDB, so it
 * survives a service-worker restart) lists the records to write to the clinic's FHIR server.
 *
 * Push: conditional create (`If-None-Exist: identifier=<system>|<value>`) the first time, then
 * updates with `If-Match: W/"<versionId>"`. A 412 re-reads the server's version and merges
 * (lib/sync/merge.ts); what cannot merge is stored as a conflict for the clinician. An outbox
 * entry is removed only after the server confirmed the write and the link is stored, so an
 * engine stopped at any point repeats at most one write, which the conditional create or the
 * If-Match then make harmless.
 *
 * Pull: per patient (matched on the server by MRN) and incrementally for the caseload
 * (`_lastUpdated=ge<watermark>`); remote changes are applied to local records, merged with
 * local edits not yet pushed.
 */

export interface SyncEndpoint {
  baseUrl: string;
  /** Identifier system of the MRN on the server. */
  patientIdentifierSystem: string;
}

export interface SyncEngineOptions {
  db: BridgeDatabase;
  endpoint: SyncEndpoint;
  authorize: Authorize;
  fetch: HttpFetch;
  /** Who a merge is recorded as (care plan history), e.g. "sync on nurse-station-2". */
  machine?: string;
  /** The clinic's server as a consent recipient. Default: named after the server's host. */
  recipient?: SyncRecipient;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** HTTP retries per request (default 3). */
  retries?: number;
  /** Records pushed at once (default 4). */
  concurrency?: number;
}

export interface DrainReport {
  pushed: number;
  blocked: number;
  failed: number;
  conflicts: number;
  /** Set when the drain stopped early: the server is down or Bridge is not authorised. */
  stoppedBecause: string | null;
}

export interface PullReport {
  applied: number;
  merged: number;
  conflicts: number;
  unchanged: number;
  /** Resources for patients not yet seen on this machine (they arrive when the patient is opened). */
  unmatched: number;
  skipped: string[];
}

/** The state the status bar shows. */
export interface SyncStatus {
  pending: number;
  blocked: number;
  failed: number;
  conflicts: number;
  lastSyncedAt: string | null;
  lastError: string | null;
  /** Reasons of blocked or failed entries, most frequent first (for "why"). */
  reasons: string[];
}

const MAX_BACKOFF_MS = 15 * 60_000;
const KEY = (kind: SyncKind, recordId: string) => `${kind}:${recordId}`;
const LINK_KEY = (kind: SyncKind, recordId: string, part: string) => `${kind}:${recordId}:${part}`;
const STATE_LAST_SYNC = 'lastSyncedAt';
const STATE_LAST_ERROR = 'lastError';
const watermarkKey = (kind: SyncKind) => `watermark:${kind}`;

/** A short, stable hash of a record's shared content (cyrb53): equal content, equal hash. */
export function contentHash(record: LocalRecord): string {
  const text = stableJson(sharedContent(record));
  return `${cyrb53(text).toString(16)}:${text.length}`;
}

/** MRNs as EHRs print them differ in case, spacing, dashes and zero padding (as lib/ehr/fingerprint). */
export function mrnKey(mrn: string): string {
  return mrn.toUpperCase().replace(/[\s.\-/]/g, '').replace(/^0+(?=.)/, '');
}

/** What one drain looks up once: each patient's consents and server Patient. */
interface DrainContext {
  consents: Map<string, Consent[]>;
  patients: Map<string, Promise<string | null>>;
}

/** Something stops this record from being pushed now (no consent, no matched patient). */
class BlockedError extends Error {}

export class SyncEngine {
  readonly client: FhirClient;
  private readonly db: BridgeDatabase;
  private readonly endpoint: SyncEndpoint;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly recipient: SyncRecipient;
  private readonly machine: string;

  constructor(private readonly options: SyncEngineOptions) {
    this.db = options.db;
    this.endpoint = options.endpoint;
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.client = new FhirClient({
      baseUrl: options.endpoint.baseUrl,
      fetch: options.fetch,
      authorize: options.authorize,
      ...(options.retries !== undefined ? { retries: options.retries } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      random: this.random,
    });
    this.recipient = options.recipient ?? { id: 'clinic-fhir-server', name: this.client.host };
    this.machine = options.machine ?? 'sync';
  }

  private table(kind: SyncKind): Table<LocalRecord, string> {
    const tables = { screening: this.db.screenings, consent: this.db.consents, referral: this.db.referrals, 'care-plan': this.db.carePlans };
    return tables[kind] as unknown as Table<LocalRecord, string>;
  }

  // ---------------------------------------------------------------- outbox

  /** Queues a record to be written (again). Safe to call any number of times. */
  async enqueue(kind: SyncKind, recordId: string, patientFingerprint: string): Promise<void> {
    const at = this.now().toISOString();
    await this.db.outbox.put({ key: KEY(kind, recordId), kind, recordId, patientFingerprint, queuedAt: at, state: 'pending', attempts: 0, nextAttemptAt: at, lastError: null });
  }

  /**
   * Queues every local record whose content differs from what the server last agreed on and
   * that is not queued yet, and re-queues blocked or failed entries whose record changed.
   * Returns how many were queued.
   */
  async collectChanges(): Promise<number> {
    let queued = 0;
    const links = new Map<string, string>();
    await this.db.syncLinks.each((l) => void links.set(l.key, l.syncedHash));
    const queuedKeys = new Map<string, OutboxRecord>();
    await this.db.outbox.each((o) => void queuedKeys.set(o.key, o));
    for (const kind of SYNC_KINDS) {
      const wanted: LocalRecord[] = [];
      await this.table(kind).each((record) => {
        const hash = contentHash(record);
        if (links.get(LINK_KEY(kind, record.id, CARRIER_PART[kind])) === hash) return;
        const entry = queuedKeys.get(KEY(kind, record.id));
        if (entry && entry.state === 'pending') return;
        if (entry && entry.hash === hash) return;
        wanted.push(record);
      });
      for (const r of wanted) {
        await this.enqueue(kind, r.id, r.patientFingerprint);
        queued++;
      }
    }
    return queued;
  }

  /**
   * Pushes what is due in the outbox, `concurrency` records at a time. Stops early (leaving the
   * rest queued) when the server is unreachable or Bridge is not authorised.
   */
  async drain(options: { signal?: AbortSignal; limit?: number } = {}): Promise<DrainReport> {
    const report: DrainReport = { pushed: 0, blocked: 0, failed: 0, conflicts: 0, stoppedBecause: null };
    const nowIso = this.now().toISOString();
    const due = (await this.db.outbox.where('nextAttemptAt').belowOrEqual(nowIso).toArray())
      .filter((e) => e.state === 'pending' || e.state === 'blocked')
      // Consents first: a record's gate reads the consents, and a revocation should travel first.
      .sort((a, b) => (a.kind === 'consent' ? 0 : 1) - (b.kind === 'consent' ? 0 : 1) || a.queuedAt.localeCompare(b.queuedAt))
      .slice(0, options.limit ?? Infinity);
    const context: DrainContext = { consents: new Map(), patients: new Map() };
    let next = 0;
    const worker = async () => {
      while (next < due.length && !report.stoppedBecause && !options.signal?.aborted) {
        const entry = due[next++]!;
        try {
          const conflicts = await this.pushOne(entry, context);
          report.pushed++;
          report.conflicts += conflicts;
        } catch (error) {
          await this.recordFailure(entry, error, report);
        }
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency ?? 4 }, worker));
    if (report.pushed > 0) await this.db.syncState.put({ key: STATE_LAST_SYNC, value: this.now().toISOString() });
    await this.db.syncState.put({ key: STATE_LAST_ERROR, value: report.stoppedBecause });
    return report;
  }

  private async recordFailure(entry: OutboxRecord, error: unknown, report: DrainReport): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const current = await this.db.outbox.get(entry.key);
    if (!current) return;
    const attempts = current.attempts + 1;
    let state: OutboxRecord['state'] = 'pending';
    let nextAttemptAt = new Date(this.now().getTime() + backoffDelay(attempts, 5_000, MAX_BACKOFF_MS, this.random)).toISOString();
    if (error instanceof BlockedError) {
      state = 'blocked';
      report.blocked++;
      // Re-checked at every drain: a consent recorded or a patient matched unblocks it.
      nextAttemptAt = this.now().toISOString();
    } else if (error instanceof ServerUnavailableError || error instanceof NotAuthorisedError) {
      report.stoppedBecause = message;
      // The entry did nothing wrong: keep it due, so it goes first when the server is back.
      nextAttemptAt = current.nextAttemptAt;
      await this.db.outbox.put({ ...current, lastError: message, nextAttemptAt });
      return;
    } else if (error instanceof RejectedError || error instanceof UnreadableResourceError) {
      state = 'failed';
      report.failed++;
    } else {
      report.failed++;
    }
    const record = await this.table(entry.kind as SyncKind).get(entry.recordId);
    await this.db.outbox.put({ ...current, state, attempts, nextAttemptAt, lastError: message, ...(record ? { hash: contentHash(record) } : {}) });
  }

  /** The server's Patient for a local patient, matched by MRN (cached in syncPatients). */
  async linkPatient(patientFingerprint: string): Promise<string | null> {
    const known = await this.db.syncPatients.get(patientFingerprint);
    if (known) return known.serverId;
    const patient = await this.db.patients.get(patientFingerprint);
    if (!patient?.mrn) return null;
    const system = this.endpoint.patientIdentifierSystem;
    const found = await this.client.searchAll(`Patient?identifier=${encodeURIComponent(`${system}|${patient.mrn}`)}`);
    if (found.length !== 1) return null;
    const serverId = String(found[0]!.id);
    await this.db.syncPatients.put({ fingerprint: patientFingerprint, serverId, mrn: patient.mrn, linkedAt: this.now().toISOString() });
    return serverId;
  }

  private async consentsOf(patientFingerprint: string, cache: Map<string, Consent[]>): Promise<Consent[]> {
    const cached = cache.get(patientFingerprint);
    if (cached) return cached;
    const rows = await this.db.consents.where('patientFingerprint').equals(patientFingerprint).toArray();
    const consents = rows.flatMap((r) => {
      const parsed = consentSchema.safeParse(r);
      return parsed.success && parsed.data.patientFingerprint === patientFingerprint ? [parsed.data] : [];
    });
    cache.set(patientFingerprint, consents);
    return consents;
  }

  /** Pushes one record's resources; returns the number of conflicts recorded. */
  private async pushOne(entry: OutboxRecord, context: DrainContext): Promise<number> {
    const kind = entry.kind as SyncKind;
    let record = await this.table(kind).get(entry.recordId);
    if (!record) {
      // Deleted locally (retention, erase): nothing to share. Server copies follow the clinic's own retention.
      await this.db.outbox.delete(entry.key);
      return 0;
    }
    if (record.patientFingerprint !== entry.patientFingerprint) {
      await this.db.outbox.delete(entry.key);
      throw new RejectedError('The record now belongs to another patient than when it was queued; nothing was sent.', 0);
    }
    const carrierKey = LINK_KEY(kind, record.id, CARRIER_PART[kind]);
    const gate = syncAllowed(kind, await this.consentsOf(record.patientFingerprint, context.consents), this.recipient, this.now(), !!(await this.db.syncLinks.get(carrierKey)));
    if (!gate.ok) throw new BlockedError(gate.message);
    if (!context.patients.has(record.patientFingerprint)) context.patients.set(record.patientFingerprint, this.linkPatient(record.patientFingerprint));
    const serverPatient = await context.patients.get(record.patientFingerprint)!;
    if (!serverPatient) {
      const mrn = (await this.db.patients.get(record.patientFingerprint))?.mrn;
      throw new BlockedError(
        mrn
          ? `Not shared: no single patient with this MRN on ${this.client.host} (identifier system ${this.endpoint.patientIdentifierSystem}).`
          : 'Not shared: Bridge has no MRN for this patient, and matches patients on the server by MRN.',
      );
    }
    const patientRef = `Patient/${serverPatient}`;
    let conflicts = 0;
    const pushedIds = new Map<string, string>();
    const links = new Map<string, SyncLinkRecord>();
    for (const l of await this.db.syncLinks.where('recordId').equals(record.id).toArray()) if (l.kind === kind) links.set(l.part, l);
    const serverIdOf = (part: string) => pushedIds.get(part) ?? links.get(part)?.serverId ?? null;
    const carrierSpec = PARTS[kind].find((p) => p.part === CARRIER_PART[kind])!;
    // What the server held before this push: a care plan's goal gone since then is cancelled on the server.
    const agreed = links.get(carrierSpec.part)?.base ?? null;
    const build = () => resourcesOf(kind, record!, patientRef, serverIdOf, agreed);
    const pushedCarrier: { resource: FhirResource | null } = { resource: null };

    // The carrier first (a merge may change the record); the other parts are those of the record as it is then.
    const done = new Set<string>();
    for (let spec: PartSpec | undefined = carrierSpec; spec; spec = build().find((r) => !done.has(r.spec.part))?.spec) {
      done.add(spec.part);
      const resource = build().find((r) => r.spec.part === spec!.part)?.resource ?? null;
      if (!resource) continue;
      const result = await this.putPart(kind, record, spec, resource, links.get(spec.part) ?? null);
      if (result.mergedRecord) record = result.mergedRecord;
      conflicts += result.conflicts;
      pushedIds.set(spec.part, result.link.serverId);
      links.set(spec.part, result.link);
      if (spec === carrierSpec) pushedCarrier.resource = result.sent;
    }
    // The carrier may point at parts created after it (a Task's focus on its ServiceRequest, a CarePlan's goals): send it once more then.
    const carrierNow = build().find((r) => r.spec.part === carrierSpec.part)!.resource;
    if (pushedCarrier.resource && stableJson(carrierNow) !== stableJson(pushedCarrier.resource)) {
      const again = await this.putPart(kind, record, carrierSpec, carrierNow, links.get(carrierSpec.part)!);
      links.set(carrierSpec.part, again.link);
    }

    const finalRecord = record;
    await this.db.transaction('rw', [this.db.syncLinks, this.db.outbox, this.table(kind)], async () => {
      await this.db.syncLinks.bulkPut([...links.values()]);
      // A change made while this push was under way stays queued; otherwise the entry is done.
      const stored = await this.table(kind).get(finalRecord.id);
      if (stored && contentHash(stored) === contentHash(finalRecord)) await this.db.outbox.delete(entry.key);
      else await this.db.outbox.update(entry.key, { state: 'pending', attempts: 0 });
    });
    return conflicts;
  }

  /**
   * Writes one resource: conditional create without a link, If-Match update with one. A 412 (or
   * a conditional create that finds a different existing resource) re-reads, merges the carrier
   * and tries again with the server's version, at most three times.
   */
  private async putPart(
    kind: SyncKind,
    record: LocalRecord,
    spec: PartSpec,
    resource: FhirResource,
    link: SyncLinkRecord | null,
  ): Promise<{ link: SyncLinkRecord; sent: FhirResource; mergedRecord?: LocalRecord; conflicts: number }> {
    const isCarrier = spec.part === CARRIER_PART[kind];
    const identifier = `${identifierSystemOf(spec)}|${identifierValueOf(spec, resource) ?? record.id}`;
    let current = record;
    let conflicts = 0;
    let body = resource;
    let target: { serverId: string; versionId: string } | null = link ? { serverId: link.serverId, versionId: link.versionId } : null;
    for (let round = 0; round < 4; round++) {
      let res;
      if (!target) {
        res = await this.client.request('POST', spec.resourceType, { body, headers: { 'If-None-Exist': `identifier=${encodeURIComponent(identifier)}` } });
        if (res.status === 201) return { link: this.makeLink(kind, current, spec, res.body!), sent: body, conflicts, ...(current !== record ? { mergedRecord: current } : {}) };
        if (res.status === 200 && res.body) {
          // It exists already (an earlier push whose answer was lost, or the other machine's copy).
          const existing = res.body as FhirResource;
          target = { serverId: String(existing.id), versionId: String(existing.meta?.versionId) };
          if (!isCarrier) continue;
          const outcome = await this.mergeWithRemote(kind, current, existing, link?.base ?? null);
          if (outcome.unchanged) return { link: this.makeLink(kind, current, spec, existing), sent: body, conflicts, ...(current !== record ? { mergedRecord: current } : {}) };
          current = outcome.record;
          conflicts += outcome.conflicts;
          body = outcome.resource(spec);
          continue;
        }
        throw new RejectedError(`${this.client.host} answered HTTP ${res.status} to a conditional create of ${spec.resourceType}.`, res.status);
      }
      res = await this.client.request('PUT', `${spec.resourceType}/${target.serverId}`, {
        body: { ...body, id: target.serverId },
        headers: { 'If-Match': `W/"${target.versionId}"` },
      });
      if (res.status === 200 || res.status === 201) return { link: this.makeLink(kind, current, spec, res.body!), sent: body, conflicts, ...(current !== record ? { mergedRecord: current } : {}) };
      if (res.status === 404 || res.status === 410) {
        target = null; // deleted on the server: create it again
        continue;
      }
      if (res.status === 412 || res.status === 409) {
        const read = await this.client.request('GET', `${spec.resourceType}/${target.serverId}`);
        if (read.status !== 200 || !read.body) {
          target = null;
          continue;
        }
        const remote = read.body as FhirResource;
        target = { serverId: target.serverId, versionId: String(remote.meta?.versionId) };
        if (!isCarrier) continue; // derived parts follow the carrier: overwrite with the current version
        const outcome = await this.mergeWithRemote(kind, current, remote, link?.base ?? null);
        if (outcome.unchanged) return { link: this.makeLink(kind, current, spec, remote), sent: body, conflicts, ...(current !== record ? { mergedRecord: current } : {}) };
        current = outcome.record;
        conflicts += outcome.conflicts;
        body = outcome.resource(spec);
        continue;
      }
      throw new RejectedError(`${this.client.host} answered HTTP ${res.status} to an update of ${spec.resourceType}.`, res.status);
    }
    throw new ServerUnavailableError(`${spec.resourceType} for this record kept changing on ${this.client.host} while Bridge merged; it will try again.`);
  }

  private makeLink(kind: SyncKind, record: LocalRecord, spec: PartSpec, server: Record<string, unknown>): SyncLinkRecord {
    const meta = (server.meta ?? {}) as { versionId?: string };
    return {
      key: LINK_KEY(kind, record.id, spec.part),
      kind,
      recordId: record.id,
      part: spec.part,
      patientFingerprint: record.patientFingerprint,
      resourceType: spec.resourceType,
      serverId: String(server.id),
      versionId: String(meta.versionId),
      syncedHash: contentHash(record),
      base: sharedContent(record),
      syncedAt: this.now().toISOString(),
    };
  }

  /**
   * Merges the server's carrier into the local record. `unchanged`: the server already holds
   * exactly the local record. Otherwise the merged record is stored locally (with its conflicts)
   * and `resource(spec)` builds what to send next.
   */
  private async mergeWithRemote(
    kind: SyncKind,
    local: LocalRecord,
    remoteResource: FhirResource,
    base: unknown,
  ): Promise<{ unchanged: true } | { unchanged: false; record: LocalRecord; conflicts: number; resource: (spec: PartSpec) => FhirResource }> {
    const remote = recordFromCarrier(kind, remoteResource, local.patientFingerprint);
    if (contentHash(remote) === contentHash(local)) return { unchanged: true };
    const baseRecord = base ? ({ ...(base as object), id: local.id, patientFingerprint: local.patientFingerprint } as LocalRecord) : null;
    const { merged, conflicts } = mergeRecords(kind, baseRecord, local, remote, { by: this.machine, at: this.now().toISOString() });
    await this.storeMerged(kind, merged, conflicts);
    const subject = resourceSubject(remoteResource);
    return {
      unchanged: false,
      record: merged,
      conflicts: conflicts.length,
      resource: (spec) => resourcesOf(kind, merged, subject, () => null).find((r) => r.spec.part === spec.part)!.resource,
    };
  }

  private async storeMerged(kind: SyncKind, merged: LocalRecord, conflicts: FieldConflict[]): Promise<void> {
    const at = this.now().toISOString();
    await this.db.transaction('rw', [this.table(kind), this.db.syncConflicts], async () => {
      const row = kind === 'screening' ? merged : { ...merged, updatedAt: at };
      await this.table(kind).put(row);
      if (conflicts.length) {
        const conflict: SyncConflictRecord = {
          id: `${KEY(kind, merged.id)}@${at}`,
          key: KEY(kind, merged.id),
          kind,
          recordId: merged.id,
          patientFingerprint: merged.patientFingerprint,
          at,
          fields: conflicts,
          resolved: false,
        };
        await this.db.syncConflicts.put(conflict);
      }
    });
  }

  // ---------------------------------------------------------------- pull

  /** That patient's Bridge resources from the server, applied here. Null when the patient is not matched. */
  async pullPatient(patientFingerprint: string): Promise<PullReport | null> {
    const serverId = await this.linkPatient(patientFingerprint);
    if (!serverId) return null;
    const report = emptyPull();
    for (const kind of SYNC_KINDS) {
      const spec = PARTS[kind].find((p) => p.part === CARRIER_PART[kind])!;
      const found = await this.client.searchAll(`${spec.resourceType}?${spec.patientParam}=Patient/${serverId}&identifier=${encodeURIComponent(`${identifierSystemOf(spec)}|`)}`);
      await this.applyRemoteBatch(kind, found.map((resource) => ({ resource: resource as FhirResource, patientFingerprint })), report);
    }
    await this.db.syncState.put({ key: STATE_LAST_SYNC, value: this.now().toISOString() });
    return report;
  }

  /**
   * Every Bridge resource changed on the server since the last caseload pull (per kind, from the
   * server's own `lastUpdated`), applied to the patients this machine knows. The first pull
   * fetches everything.
   */
  async pullCaseload(): Promise<PullReport> {
    const report = emptyPull();
    const byServerId = new Map<string, string>();
    await this.db.syncPatients.each((p) => void byServerId.set(p.serverId, p.fingerprint));
    let byMrn: Map<string, string> | null = null;
    for (const kind of SYNC_KINDS) {
      const spec = PARTS[kind].find((p) => p.part === CARRIER_PART[kind])!;
      const since = (await this.db.syncState.get(watermarkKey(kind)))?.value as string | undefined;
      const query = `${spec.resourceType}?identifier=${encodeURIComponent(`${identifierSystemOf(spec)}|`)}&_sort=_lastUpdated${since ? `&_lastUpdated=ge${encodeURIComponent(since)}` : ''}`;
      const found = (await this.client.searchAll(query)) as FhirResource[];
      let watermark = since ?? '';
      const unknownPatients = new Set<string>();
      for (const resource of found) {
        const ref = resourceSubject(resource);
        const serverPatient = ref.startsWith('Patient/') ? ref.slice('Patient/'.length) : '';
        if (serverPatient && !byServerId.has(serverPatient)) unknownPatients.add(serverPatient);
      }
      if (unknownPatients.size) {
        byMrn ??= await this.localPatientsByMrn();
        await this.matchServerPatients([...unknownPatients], byMrn, byServerId);
      }
      const batch: { resource: FhirResource; patientFingerprint: string }[] = [];
      for (const resource of found) {
        const fingerprint = byServerId.get(resourceSubject(resource).slice('Patient/'.length));
        if (!fingerprint) report.unmatched++;
        else batch.push({ resource, patientFingerprint: fingerprint });
        const updated = resource.meta?.lastUpdated;
        if (updated && updated > watermark) watermark = updated;
      }
      await this.applyRemoteBatch(kind, batch, report);
      if (watermark) await this.db.syncState.put({ key: watermarkKey(kind), value: watermark });
    }
    await this.db.syncState.put({ key: STATE_LAST_SYNC, value: this.now().toISOString() });
    return report;
  }

  private async localPatientsByMrn(): Promise<Map<string, string>> {
    const map = new Map<string, string>();
    await this.db.patients.each((p) => {
      if (p.mrn) map.set(mrnKey(p.mrn), p.fingerprint);
    });
    return map;
  }

  /** Links server patients to local ones with the same MRN (in the clinic's MRN system). */
  private async matchServerPatients(serverIds: string[], byMrn: Map<string, string>, byServerId: Map<string, string>): Promise<void> {
    const system = this.endpoint.patientIdentifierSystem;
    for (let i = 0; i < serverIds.length; i += 100) {
      const chunk = serverIds.slice(i, i + 100);
      const patients = await this.client.searchAll(`Patient?_id=${chunk.join(',')}`);
      const links = [];
      for (const p of patients) {
        const mrn = (p.identifier as { system?: string; value?: string }[] | undefined)?.find((id) => id.system === system)?.value;
        const fingerprint = mrn ? byMrn.get(mrnKey(mrn)) : undefined;
        if (!mrn || !fingerprint) continue;
        byServerId.set(String(p.id), fingerprint);
        links.push({ fingerprint, serverId: String(p.id), mrn, linkedAt: this.now().toISOString() });
      }
      await this.db.syncPatients.bulkPut(links);
    }
  }

  /**
   * Applies many remote carrier resources: links and local records are read in two bulk reads,
   * and every resource that needs no merge is written in one transaction; the rest go one by one
   * through `applyRemote`.
   */
  private async applyRemoteBatch(kind: SyncKind, items: { resource: FhirResource; patientFingerprint: string }[], report: PullReport): Promise<void> {
    const spec = PARTS[kind].find((p) => p.part === CARRIER_PART[kind])!;
    const parsed: { resource: FhirResource; patientFingerprint: string; remote: LocalRecord }[] = [];
    for (const item of items) {
      try {
        parsed.push({ ...item, remote: recordFromCarrier(kind, item.resource, item.patientFingerprint) });
      } catch (error) {
        report.skipped.push(error instanceof Error ? error.message : String(error));
      }
    }
    const links = await this.db.syncLinks.bulkGet(parsed.map((p) => LINK_KEY(kind, p.remote.id, spec.part)));
    const locals = await this.table(kind).bulkGet(parsed.map((p) => p.remote.id));
    const puts: LocalRecord[] = [];
    const newLinks: SyncLinkRecord[] = [];
    const slow: typeof parsed = [];
    const at = this.now().toISOString();
    parsed.forEach((p, i) => {
      const link = links[i];
      const local = locals[i];
      if (link && link.versionId === p.resource.meta?.versionId) {
        report.unchanged++;
        return;
      }
      if (local && local.patientFingerprint !== p.patientFingerprint) {
        slow.push(p); // applyRemote refuses it with the reason
        return;
      }
      const remoteHash = contentHash(p.remote);
      if (!local || contentHash(local) === remoteHash || (link && contentHash(local) === link.syncedHash)) {
        if (!local || contentHash(local) !== remoteHash) {
          puts.push(kind === 'screening' ? p.remote : { ...p.remote, updatedAt: at });
          report.applied++;
        } else report.unchanged++;
        newLinks.push(this.makeLink(kind, p.remote, spec, p.resource));
        return;
      }
      slow.push(p);
    });
    if (puts.length || newLinks.length) {
      await this.db.transaction('rw', [this.table(kind), this.db.syncLinks], async () => {
        await this.table(kind).bulkPut(puts);
        await this.db.syncLinks.bulkPut(newLinks);
      });
    }
    for (const p of slow) await this.applyRemote(kind, p.resource, p.patientFingerprint, report);
  }

  /** Applies one remote carrier resource to the local record of the patient. */
  private async applyRemote(kind: SyncKind, resource: FhirResource, patientFingerprint: string, report: PullReport): Promise<void> {
    let remote: LocalRecord;
    try {
      remote = recordFromCarrier(kind, resource, patientFingerprint);
    } catch (error) {
      report.skipped.push(error instanceof Error ? error.message : String(error));
      return;
    }
    const spec = PARTS[kind].find((p) => p.part === CARRIER_PART[kind])!;
    const linkKey = LINK_KEY(kind, remote.id, spec.part);
    const link = await this.db.syncLinks.get(linkKey);
    if (link && link.versionId === resource.meta?.versionId) {
      report.unchanged++;
      return;
    }
    const local = await this.table(kind).get(remote.id);
    if (local && local.patientFingerprint !== patientFingerprint) {
      // The same record id filed under another patient here: never attach it to the wrong one.
      report.skipped.push(`${resource.resourceType}/${resource.id}: this record belongs to another patient on this machine; not applied.`);
      return;
    }
    const remoteLink = this.makeLink(kind, remote, spec, resource);
    const at = this.now().toISOString();
    const withStamp = (r: LocalRecord) => (kind === 'screening' ? r : { ...r, updatedAt: at });
    if (!local || contentHash(local) === contentHash(remote) || (link && contentHash(local) === link.syncedHash)) {
      await this.db.transaction('rw', [this.table(kind), this.db.syncLinks], async () => {
        if (!local || contentHash(local) !== contentHash(remote)) await this.table(kind).put(withStamp(remote));
        await this.db.syncLinks.put(remoteLink);
      });
      if (!local || contentHash(local) !== contentHash(remote)) report.applied++;
      else report.unchanged++;
      return;
    }
    // Both sides changed: merge, keep the server's version as the new base, and queue the merge.
    const base = link?.base ? ({ ...(link.base as object), id: remote.id, patientFingerprint } as LocalRecord) : null;
    const { merged, conflicts } = mergeRecords(kind, base, local, remote, { by: this.machine, at });
    await this.storeMerged(kind, merged, conflicts);
    await this.db.syncLinks.put(remoteLink);
    if (contentHash(merged) !== contentHash(remote)) await this.enqueue(kind, merged.id, patientFingerprint);
    report.merged++;
    report.conflicts += conflicts.length ? 1 : 0;
  }

  // ---------------------------------------------------------------- status

  /** What is pending, blocked, failed and in conflict (for one patient, or all), and why. */
  async status(patientFingerprint?: string): Promise<SyncStatus> {
    const entries = patientFingerprint ? await this.db.outbox.where('patientFingerprint').equals(patientFingerprint).toArray() : await this.db.outbox.toArray();
    const conflicts = (patientFingerprint ? await this.db.syncConflicts.where('patientFingerprint').equals(patientFingerprint).toArray() : await this.db.syncConflicts.toArray()).filter(
      (c) => !c.resolved,
    );
    const reasons = new Map<string, number>();
    for (const e of entries) if (e.lastError) reasons.set(e.lastError, (reasons.get(e.lastError) ?? 0) + 1);
    return {
      pending: entries.filter((e) => e.state === 'pending').length,
      blocked: entries.filter((e) => e.state === 'blocked').length,
      failed: entries.filter((e) => e.state === 'failed').length,
      conflicts: conflicts.length,
      lastSyncedAt: ((await this.db.syncState.get(STATE_LAST_SYNC))?.value as string | undefined) ?? null,
      lastError: ((await this.db.syncState.get(STATE_LAST_ERROR))?.value as string | null | undefined) ?? null,
      reasons: [...reasons.entries()].sort((a, b) => b[1] - a[1]).map(([r]) => r),
    };
  }
}

function emptyPull(): PullReport {
  return { applied: 0, merged: 0, conflicts: 0, unchanged: 0, unmatched: 0, skipped: [] };
}

/** The Patient reference of a resource (subject, patient or for). */
function resourceSubject(resource: FhirResource): string {
  const ref = (resource.subject ?? resource.patient ?? resource.for) as { reference?: string } | undefined;
  return ref?.reference ?? '';
}
