import { carePlan, type CarePlan } from '../careplan/plan';
import type { ReferralRecord, ReferralStatus } from '../referral/status';
import type { ReferralPacket } from '../referral/packet';
import { utcMs } from '../careplan/dates';
import { scoreTrend, type GoalTrendStatus } from '../careplan/trend';
import { DAY_MS, dayOf, groupBy, maxDay, minDay, missedFirstAppointment, sentOn, type RegistryFlag, type RegistryInput, type RegistryRow, type RegistryScreening } from './registry';
import { samplePlanInput } from '../careplan/test-support';

/**
 * Test support (imported only by tests and the benchmark): a synthetic caseload, the same for the
 * same seed. Made-up people only. Each patient has an active plan (most) and/or a referral, and
 * 1–6 AUDIT-C scores over the last six months.
 */
export function syntheticCaseload(patients: number, basePacket: ReferralPacket, now: Date, seed = 1): RegistryInput {
  let state = seed >>> 0;
  // mulberry32: small, fast, deterministic.
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const given = ['Ana', 'Ben', 'Carla', 'Dev', 'Eli', 'Fatima', 'Gus', 'Hana', 'Ivan', 'José', 'Kim', 'Lena', 'Mo', 'Nia', 'Omar', 'Pat'];
  const family = ['Testpatient', 'Sample', 'Example', 'Demo', 'Placeholder', 'Fictional', 'Madeup', 'Synthetic'];
  const statuses: ReferralStatus[] = ['drafted', 'sent', 'sent', 'scheduled', 'attended', 'no-show', 'declined', 'closed'];
  const template = carePlan(samplePlanInput());

  const plans: CarePlan[] = [];
  const screenings: RegistryScreening[] = [];
  const referrals: ReferralRecord[] = [];
  for (let i = 0; i < patients; i++) {
    const fingerprint = `fp-syn-${String(i).padStart(6, '0')}`;
    const name = `${pick(given)} ${pick(family)} ${i}`;
    const mrn = `MRN${String(100000 + i)}`;
    if (random() < 0.85) {
      plans.push({
        ...template,
        id: `plan-${i}`,
        patientFingerprint: fingerprint,
        reviewIntervalDays: pick([14, 28, 28, 56]),
        lastContactOn: day(-int(0, 60)),
        nextContactDue: day(int(-20, 30)),
      });
    }
    const baseline = int(3, 12);
    const n = int(1, 6);
    for (let k = 0; k < n; k++) {
      screenings.push({ patientFingerprint: fingerprint, instrumentId: 'audit-c', score: Math.max(0, baseline - int(-2, 4) * k), completedAt: `${day(-180 + k * 30 + int(0, 10))}T10:00:00Z` });
    }
    if (random() < 0.6) {
      const status = pick(statuses);
      const createdDay = day(-int(1, 60));
      const history: ReferralRecord['history'] = [{ status: 'drafted', at: `${createdDay}T09:00:00Z` }];
      if (status !== 'drafted') history.push({ status: 'sent', at: `${createdDay}T09:30:00Z` });
      if (status === 'attended' || status === 'closed') history.push({ status: 'attended', at: `${createdDay}T15:00:00Z` });
      if (status !== 'drafted' && status !== 'sent' && status !== 'attended') history.push({ status, at: `${createdDay}T16:00:00Z` });
      referrals.push({
        id: `ref-${i}`,
        packet: { ...basePacket, id: `ref-${i}`, createdAt: `${createdDay}T09:00:00Z`, patient: { ...basePacket.patient, fingerprint, name, mrn } },
        status,
        history,
        followUpOn: status === 'closed' ? null : day(int(-10, 10)),
        appointmentOn: status === 'scheduled' ? day(int(-3, 10)) : null,
      });
    }
  }
  return { plans, screenings, referrals };
}

const dayMs = utcMs;

/**
 * The registry's rows by their plain definition, patient by patient from whole records with
 * lib/careplan's `scoreTrend` (the engine before digests). Tests hold `registryRows` and the
 * summaries lib/db keeps at write time to it.
 */
export function referenceRegistryRows(input: RegistryInput, now: Date): RegistryRow[] {
  const today = now.toISOString().slice(0, 10);
  const nowMs = now.getTime();
  const plansBy = new Map(input.plans.filter((p) => p.status === 'active').map((p) => [p.patientFingerprint, p]));
  const referralsBy = groupBy(input.referrals, (r) => r.packet.patient.fingerprint);
  const screeningsBy = groupBy(input.screenings, (s) => s.patientFingerprint);
  const patientsBy = new Map((input.patients ?? []).map((p) => [p.fingerprint, p]));

  const fingerprints = new Set<string>(plansBy.keys());
  for (const [fp, refs] of referralsBy) if (refs.some((r) => r.status !== 'closed')) fingerprints.add(fp);

  const rows: RegistryRow[] = [];
  for (const fp of fingerprints) {
    const plan = plansBy.get(fp) ?? null;
    const refs = (referralsBy.get(fp) ?? []).slice().sort((a, b) => (a.packet.createdAt < b.packet.createdAt ? -1 : 1));
    const open = refs.filter((r) => r.status !== 'closed');
    const latestRef = refs[refs.length - 1] ?? null;
    const screenings = screeningsBy.get(fp) ?? [];
    let latest: RegistryScreening | null = null;
    let latestMs = -Infinity;
    for (const s of screenings) {
      const t = utcMs(s.completedAt);
      if (t <= nowMs && t > latestMs) [latest, latestMs] = [s, t];
    }

    const lastContactOn = maxDay(plan?.lastContactOn ?? null, latest ? dayOf(latest.completedAt) : null);
    let nextContactDue = plan?.nextContactDue ?? null;
    for (const r of open) nextContactDue = minDay(nextContactDue, r.followUpOn);

    let trend: GoalTrendStatus | null = null;
    let notImproving = false;
    if (plan) {
      for (const goal of plan.goals) {
        if (!goal.measure || (goal.status !== 'active' && goal.status !== 'proposed')) continue;
        const instrumentId = goal.measure.instrumentId;
        const points = screenings.filter((s) => s.instrumentId === instrumentId).map((s) => ({ at: s.completedAt, score: s.score }));
        const t = scoreTrend(points, goal.measure, plan.reviewIntervalDays, now);
        if (t.notImproving) notImproving = true;
        if (latest && instrumentId === latest.instrumentId && trend !== 'not-improving') trend = t.status;
      }
    }

    const daysOverdue = nextContactDue && nextContactDue < today ? Math.round((dayMs(today) - dayMs(nextContactDue)) / DAY_MS) : 0;
    const flags: RegistryFlag[] = [];
    if (daysOverdue > 0) flags.push('overdue-contact');
    if (notImproving) flags.push('not-improving');
    if (open.some((r) => missedFirstAppointment(r as ReferralRecord, today))) flags.push('no-first-appointment');

    const known = patientsBy.get(fp);
    const fromPacket = latestRef?.packet.patient;
    const name = known?.name ?? fromPacket?.name ?? '';
    const mrn = known?.mrn ?? fromPacket?.mrn ?? null;
    const providers = refs.flatMap((r) => r.packet.providers.map((v) => v.name));
    rows.push({
      patientFingerprint: fp,
      name,
      mrn,
      planId: plan?.id ?? null,
      lastContactOn,
      nextContactDue,
      latestScore: latest ? { instrumentId: latest.instrumentId, score: latest.score, on: dayOf(latest.completedAt) } : null,
      trend,
      referralStatus: latestRef?.status ?? null,
      referralSentOn: latestRef ? sentOn(latestRef) : null,
      flags,
      daysOverdue,
      searchText: [name, mrn ?? '', fp, ...providers].join('\u0000').toLowerCase(),
    });
  }
  return rows;
}
