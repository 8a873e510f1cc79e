/** What a clinician can start that must land on one patient only. */
export type GuardedActionKind = 'save-screening' | 'fill-form' | 'save-draft' | 'send-referral';

/** Proof of which patient an action started on; hand it back to {@link PatientSession.commit}. */
export interface ActionTicket {
  readonly id: number;
  readonly kind: GuardedActionKind;
  /** Fingerprint of the patient on screen when the action started. */
  readonly fingerprint: string;
}

/** Why an action was not committed. */
export type CommitRefusal = 'patient-changed' | 'no-patient' | 'already-settled' | 'unknown-ticket';

export type CommitResult<T> = { ok: true; value: T } | { ok: false; reason: CommitRefusal; message: string };

/**
 * Wrong-patient safety, as a pure model the content script, overlay and side panel share:
 * an action captures the patient's fingerprint when it starts and commits only if the patient
 * on screen, and the patient the page shows right now (`liveFingerprint`, re-read just before
 * committing, because the watcher reports changes only after an idle-time batch), are still
 * that patient. Every patient change settles the actions in flight for the previous patient.
 */
export class PatientSession {
  private currentFingerprint: string | null;
  private nextTicket = 1;
  private readonly open = new Map<number, ActionTicket>();

  constructor(initialFingerprint: string | null = null) {
    this.currentFingerprint = initialFingerprint;
  }

  /** The patient on screen as last reported; null when none. */
  get current(): string | null {
    return this.currentFingerprint;
  }

  /** Records the patient the watcher now sees; abandons actions started for anyone else. */
  switchTo(fingerprint: string | null): void {
    if (fingerprint === this.currentFingerprint) return;
    this.currentFingerprint = fingerprint;
    for (const [id, ticket] of this.open) if (ticket.fingerprint !== fingerprint) this.open.delete(id);
  }

  /**
   * Starts an action for the patient on screen; null when there is none, or when the page now
   * shows someone else than the watcher last reported (`liveFingerprint`): wait for the switch.
   */
  begin(kind: GuardedActionKind, liveFingerprint?: () => string | null): ActionTicket | null {
    if (!this.currentFingerprint) return null;
    if (liveFingerprint && liveFingerprint() !== this.currentFingerprint) return null;
    const ticket: ActionTicket = Object.freeze({ id: this.nextTicket++, kind, fingerprint: this.currentFingerprint });
    this.open.set(ticket.id, ticket);
    return ticket;
  }

  /** Gives up an action (the clinician cancelled it). */
  cancel(ticket: ActionTicket): void {
    this.open.delete(ticket.id);
  }

  /**
   * Runs `effect` (the save or fill) only if the action's patient is still the one on screen and,
   * when given, the one the page shows now. Settles the ticket either way: a ticket commits once.
   */
  commit<T>(ticket: ActionTicket, effect: (fingerprint: string) => T, liveFingerprint?: () => string | null): CommitResult<T> {
    const open = this.open.get(ticket.id);
    if (!open) {
      const wasIssued = ticket.id > 0 && ticket.id < this.nextTicket;
      return wasIssued
        ? { ok: false, reason: 'already-settled', message: 'This action already finished or was abandoned when the patient changed; start it again.' }
        : { ok: false, reason: 'unknown-ticket', message: 'This action was not started in this session.' };
    }
    this.open.delete(ticket.id);
    const live = liveFingerprint ? liveFingerprint() : this.currentFingerprint;
    if (this.currentFingerprint === null || live === null) {
      return { ok: false, reason: 'no-patient', message: 'No patient is on screen now; nothing was saved or filled.' };
    }
    if (open.fingerprint !== this.currentFingerprint || open.fingerprint !== live) {
      return { ok: false, reason: 'patient-changed', message: 'The patient on screen changed since this started; nothing was saved or filled.' };
    }
    return { ok: true, value: effect(open.fingerprint) };
  }

  /** The draft to show: only ever the one keyed by the patient on screen. */
  visibleDraft<D>(drafts: ReadonlyMap<string, D>): D | null {
    return this.currentFingerprint ? (drafts.get(this.currentFingerprint) ?? null) : null;
  }
}
