import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { Dsm5Checklist, type Dsm5ChecklistValue } from '@/components/screening/Dsm5Checklist';
import { ROLE_LABEL, INTERVENTION_LABEL } from '@/lib/fhir/careplan';
import { careTeamRoleSchema, goalStatusSchema, interventionKindSchema, interventionStatusSchema, type CarePlan, type CareTeamMember, type Goal, type Intervention, type Problem, type SharedDecision } from '@/lib/careplan/plan';
import { assessDsm5 } from '@/lib/screening/dsm5';
import { instruments } from '@/lib/screening';
import { LanguageHint } from './LanguageHint';
import './CarePlanEditor.css';

/** Something the editor can offer as a problem or a link: the latest positive screen, chosen providers, referrals. */
export interface PlanSuggestions {
  latestPositive: { instrumentId: string; description: string; score: number; on: string } | null;
  providers: { id: string; name: string }[];
  referrals: { id: string; label: string }[];
}

export interface CarePlanEditorProps {
  /** The working copy the editor changes (the caller keeps it, so a reload of the pane can restore it). */
  plan: CarePlan;
  onChange: (plan: CarePlan) => void;
  suggestions: PlanSuggestions;
  today: string;
  newId: () => string;
}

const MEDICATIONS = ['buprenorphine', 'methadone', 'naltrexone-extended-release'] as const;
const noDsm5: Dsm5ChecklistValue = { substanceId: 'alcohol', criteriaMet: [], remission: 'none', takenAsPrescribed: false };
const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;
const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);

function upsert<T extends { id: string }>(list: readonly T[], item: T): T[] {
  return list.some((x) => x.id === item.id) ? list.map((x) => (x.id === item.id ? item : x)) : [...list, item];
}

/**
 * The care plan editor: problems, goals in the patient's words, interventions, the care team and
 * shared decisions, plus the follow-up dates. Keyboard first: every part is a native form (Enter
 * adds or updates the item, focus goes back to its first field for the next one); the page around
 * it saves with Ctrl+S (⌘S). Text the clinician types gets a dismissable
 * language suggestion that never blocks saving. It takes data and callbacks; it saves nothing itself.
 */
export function CarePlanEditor(props: CarePlanEditorProps) {
  const { plan, onChange } = props;
  const set = <K extends keyof CarePlan>(key: K, v: CarePlan[K]) => onChange({ ...plan, [key]: v });
  const remove = (key: 'problems' | 'goals' | 'interventions' | 'careTeam' | 'decisions', id: string) => set(key, (plan[key] as { id: string }[]).filter((x) => x.id !== id) as never);
  return (
    <div class="bridge-plan-editor" data-testid="plan-editor">
      <ProblemsPart {...props} set={(v) => set('problems', v)} remove={(id) => remove('problems', id)} />
      <GoalsPart {...props} set={(v) => set('goals', v)} remove={(id) => remove('goals', id)} />
      <TeamPart {...props} set={(v) => set('careTeam', v)} remove={(id) => remove('careTeam', id)} />
      <InterventionsPart {...props} set={(v) => set('interventions', v)} remove={(id) => remove('interventions', id)} />
      <DecisionsPart {...props} set={(v) => set('decisions', v)} remove={(id) => remove('decisions', id)} />
      <fieldset class="bridge-card bridge-plan-followup">
        <legend>Follow-up</legend>
        <label>
          Last contact <input type="date" value={plan.lastContactOn ?? ''} onInput={(e) => set('lastContactOn', value(e) || null)} />
        </label>
        <label>
          Next contact due <input type="date" value={plan.nextContactDue ?? ''} onInput={(e) => set('nextContactDue', value(e) || null)} />
        </label>
        <label>
          Review every (days){' '}
          <input type="number" min={1} max={365} value={plan.reviewIntervalDays} onInput={(e) => Number(value(e)) >= 1 && set('reviewIntervalDays', Math.min(365, Math.round(Number(value(e)))))} />
        </label>
      </fieldset>
    </div>
  );
}

interface PartProps<T> extends CarePlanEditorProps {
  set: (items: T[]) => void;
  remove: (id: string) => void;
}

/** One part of the plan: its items with Edit and Remove, and a form that adds or updates one. */
function Part(props: { id: string; title: string; count: number; children: ComponentChildren }) {
  return (
    <section class="bridge-card bridge-plan-part" aria-labelledby={`bridge-plan-${props.id}`} data-testid={`plan-${props.id}`}>
      <h2 id={`bridge-plan-${props.id}`} class="bridge-plan-heading">
        {props.title} <span class="bridge-muted">({props.count})</span>
      </h2>
      {props.children}
    </section>
  );
}

function ItemActions({ label, onEdit, onRemove }: { label: string; onEdit: () => void; onRemove: () => void }) {
  return (
    <span class="bridge-plan-item-actions">
      <button type="button" onClick={onEdit} aria-label={`Edit ${label}`}>
        Edit
      </button>
      <button type="button" onClick={onRemove} aria-label={`Remove ${label}`}>
        Remove
      </button>
    </span>
  );
}

/** Form state helper: submit adds or updates, then clears and puts focus back on the first field. */
function useItemForm<F>(empty: F) {
  const [form, setForm] = useState<F>(empty);
  const [editing, setEditing] = useState<string | null>(null);
  const first = useRef<HTMLInputElement & HTMLTextAreaElement & HTMLSelectElement>(null);
  const reset = () => {
    setForm(empty);
    setEditing(null);
    first.current?.focus();
  };
  const edit = (id: string, f: F) => {
    setForm(f);
    setEditing(id);
    first.current?.focus();
  };
  return { form, setForm, editing, reset, edit, first };
}

function ProblemsPart(props: PartProps<Problem>) {
  const { plan, suggestions, today, newId } = props;
  const f = useItemForm({ description: '' });
  const [dsm5, setDsm5] = useState<Dsm5ChecklistValue | null>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    const existing = plan.problems.find((p) => p.id === f.editing);
    const description = f.form.description.trim();
    if (!description) return;
    props.set(upsert(plan.problems, existing ? { ...existing, description } : { id: newId(), source: 'clinician', description, identifiedOn: today, status: 'active' }));
    f.reset();
  };
  const latest = suggestions.latestPositive;
  const fromScreening = latest && !plan.problems.some((p) => p.source === 'screening' && p.description === latest.description);
  const assessment = dsm5 ? assessDsm5(dsm5) : null;
  return (
    <Part id="problems" title="Problems" count={plan.problems.length}>
      <ul class="bridge-plan-list">
        {plan.problems.map((p) => (
          <li key={p.id}>
            <span class={p.status === 'resolved' ? 'bridge-plan-resolved' : ''}>
              {p.description}
              {p.icd && (
                <span class="bridge-muted">
                  {' '}
                  · suggested code {p.icd.code} {p.icd.title}
                </span>
              )}
              <span class="bridge-muted"> · {p.source === 'dsm5' ? 'DSM-5 checklist' : p.source}</span>
            </span>
            <button type="button" onClick={() => props.set(upsert(plan.problems, { ...p, status: p.status === 'active' ? 'resolved' : 'active' }))}>
              {p.status === 'active' ? 'Mark resolved' : 'Mark active'}
            </button>
            <ItemActions label={`problem ${p.description}`} onEdit={() => f.edit(p.id, { description: p.description })} onRemove={() => props.remove(p.id)} />
          </li>
        ))}
      </ul>
      <div class="bridge-plan-suggest">
        {fromScreening && (
          <button
            type="button"
            onClick={() =>
              props.set([...plan.problems, { id: newId(), source: 'screening', description: latest.description, instrumentId: latest.instrumentId, score: latest.score, identifiedOn: latest.on, status: 'active' }])
            }
          >
            Add from the latest screening: {latest.description}
          </button>
        )}
        <button type="button" aria-expanded={dsm5 !== null} onClick={() => setDsm5(dsm5 ? null : noDsm5)}>
          {dsm5 ? 'Close the DSM-5 checklist' : 'Add from the DSM-5 checklist…'}
        </button>
      </div>
      {dsm5 && assessment && (
        <div class="bridge-plan-dsm5">
          <Dsm5Checklist value={dsm5} onChange={setDsm5} />
          <button
            type="button"
            class="bridge-primary"
            disabled={assessment.severity === 'none'}
            onClick={() => {
              props.set([
                ...plan.problems,
                { id: newId(), source: 'dsm5', description: assessment.description, ...(assessment.icd ? { icd: { code: assessment.icd.code, title: assessment.icd.codeTitle } } : {}), identifiedOn: today, status: 'active' },
              ]);
              setDsm5(null);
            }}
          >
            Add “{assessment.description}” as a problem
          </button>
        </div>
      )}
      <form onSubmit={submit} class="bridge-plan-form" aria-label={f.editing ? 'Edit problem' : 'Add a problem'}>
        <label>
          Problem, in plain words
          <input ref={f.first} required maxLength={300} value={f.form.description} onInput={(e) => f.setForm({ description: value(e) })} />
        </label>
        <LanguageHint text={f.form.description} />
        <FormButtons editing={f.editing !== null} what="problem" onCancel={f.reset} />
      </form>
    </Part>
  );
}

/** A status picker whose choices come from the plan schema's own enum. */
function StatusSelect<S extends string>(props: { options: readonly S[]; value: S; onChange: (status: S) => void }) {
  return (
    <label>
      Status{' '}
      <select value={props.value} onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value as S)}>
        {props.options.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Ticks which items of the plan (problems, goals) an item is linked to; nothing when there are none. */
function LinkChecklist(props: { legend: string; items: { id: string; label: string }[]; chosen: string[]; onChange: (chosen: string[]) => void }) {
  if (props.items.length === 0) return null;
  return (
    <fieldset class="bridge-plan-checks">
      <legend>{props.legend}</legend>
      {props.items.map((item) => (
        <label key={item.id}>
          <input
            type="checkbox"
            checked={props.chosen.includes(item.id)}
            onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked ? [...props.chosen, item.id] : props.chosen.filter((x) => x !== item.id))}
          />{' '}
          {item.label}
        </label>
      ))}
    </fieldset>
  );
}

function FormButtons({ editing, what, onCancel }: { editing: boolean; what: string; onCancel: () => void }) {
  return (
    <div class="bridge-plan-form-buttons">
      <button type="submit">{editing ? `Update ${what}` : `Add ${what}`}</button>
      {editing && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}

const emptyGoal = { patientWords: '', targetDate: '', instrumentId: '', target: '', status: 'active' as Goal['status'], problemIds: [] as string[] };

function GoalsPart(props: PartProps<Goal>) {
  const { plan, newId } = props;
  const f = useItemForm(emptyGoal);
  const measured = instruments.filter((i) => i.scoring.range.max > 0);
  const submit = (e: Event) => {
    e.preventDefault();
    const { patientWords, targetDate, instrumentId, target, status, problemIds } = f.form;
    if (!patientWords.trim() || !targetDate) return;
    const existing = plan.goals.find((g) => g.id === f.editing);
    const goal: Goal = {
      id: existing?.id ?? newId(),
      patientWords: patientWords.trim(),
      targetDate,
      problemIds: problemIds.filter((p) => plan.problems.some((x) => x.id === p)),
      status,
      ...(instrumentId && target !== '' ? { measure: { instrumentId, target: Number(target), direction: 'decrease' as const, ...(existing?.measure?.minimumChange ? { minimumChange: existing.measure.minimumChange } : {}) } } : {}),
    };
    props.set(upsert(plan.goals, goal));
    f.reset();
  };
  return (
    <Part id="goals" title="Goals, in the patient’s own words" count={plan.goals.length}>
      <ul class="bridge-plan-list">
        {plan.goals.map((g) => (
          <li key={g.id}>
            <q>{g.patientWords}</q> <span class="bridge-muted">by {g.targetDate}</span>
            {g.measure && (
              <span class="bridge-muted">
                {' '}
                · {instruments.find((i) => i.id === g.measure!.instrumentId)?.shortName ?? g.measure.instrumentId} at or below {g.measure.target}
              </span>
            )}
            {g.status !== 'active' && <span class="bridge-muted"> · {g.status}</span>}
            <ItemActions
              label={`goal ${g.patientWords}`}
              onEdit={() =>
                f.edit(g.id, { patientWords: g.patientWords, targetDate: g.targetDate, instrumentId: g.measure?.instrumentId ?? '', target: g.measure ? String(g.measure.target) : '', status: g.status, problemIds: g.problemIds })
              }
              onRemove={() => props.remove(g.id)}
            />
          </li>
        ))}
      </ul>
      <form onSubmit={submit} class="bridge-plan-form" aria-label={f.editing ? 'Edit goal' : 'Add a goal'}>
        <label>
          The goal as the patient says it
          <textarea ref={f.first} required maxLength={500} rows={2} value={f.form.patientWords} onInput={(e) => f.setForm({ ...f.form, patientWords: value(e) })} />
        </label>
        <label>
          Target date <input type="date" required value={f.form.targetDate} onInput={(e) => f.setForm({ ...f.form, targetDate: value(e) })} />
        </label>
        <div class="bridge-plan-row">
          <label>
            Measured by{' '}
            <select value={f.form.instrumentId} onChange={(e) => f.setForm({ ...f.form, instrumentId: value(e) })}>
              <option value="">Not measured</option>
              {measured.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.shortName}
                </option>
              ))}
            </select>
          </label>
          <label>
            Target score (at or below){' '}
            <input type="number" min={0} value={f.form.target} disabled={!f.form.instrumentId} onInput={(e) => f.setForm({ ...f.form, target: value(e) })} />
          </label>
          <StatusSelect options={goalStatusSchema.options} value={f.form.status} onChange={(status) => f.setForm({ ...f.form, status })} />
        </div>
        <LinkChecklist legend="Addresses" items={plan.problems.map((p) => ({ id: p.id, label: p.description }))} chosen={f.form.problemIds} onChange={(problemIds) => f.setForm({ ...f.form, problemIds })} />
        <FormButtons editing={f.editing !== null} what="goal" onCancel={f.reset} />
      </form>
    </Part>
  );
}

const emptyMember = { role: 'primary-care-clinician' as CareTeamMember['role'], name: '', organisation: '', phone: '', email: '', address: '', responsibilities: '' };

function TeamPart(props: PartProps<CareTeamMember>) {
  const { plan, newId } = props;
  const f = useItemForm(emptyMember);
  const patientTaken = plan.careTeam.some((m) => m.role === 'patient' && m.id !== f.editing);
  const submit = (e: Event) => {
    e.preventDefault();
    const { role, name, organisation, phone, email, address, responsibilities } = f.form;
    if (!name.trim()) return;
    const contact = { ...(phone.trim() ? { phone: phone.trim() } : {}), ...(email.trim() ? { email: email.trim() } : {}), ...(address.trim() ? { address: address.trim() } : {}) };
    props.set(
      upsert(plan.careTeam, {
        id: f.editing ?? newId(),
        role,
        name: name.trim(),
        ...(organisation.trim() ? { organisation: organisation.trim() } : {}),
        ...(Object.keys(contact).length ? { contact } : {}),
        responsibilities: lines(responsibilities),
      }),
    );
    f.reset();
  };
  const referenced = (id: string) => plan.interventions.some((i) => i.assignedTo === id) || plan.decisions.some((d) => d.recordedBy === id);
  return (
    <Part id="team" title="Care team" count={plan.careTeam.length}>
      <ul class="bridge-plan-list">
        {plan.careTeam.map((m) => (
          <li key={m.id}>
            <strong>{m.name}</strong> <span class="bridge-muted">· {ROLE_LABEL[m.role]}</span>
            {m.organisation && <span class="bridge-muted"> · {m.organisation}</span>}
            {m.contact?.phone && <span class="bridge-muted"> · {m.contact.phone}</span>}
            {m.responsibilities.length > 0 && <div class="bridge-muted">Does: {m.responsibilities.join('; ')}</div>}
            <ItemActions
              label={`care team member ${m.name}`}
              onEdit={() =>
                f.edit(m.id, {
                  role: m.role,
                  name: m.name,
                  organisation: m.organisation ?? '',
                  phone: m.contact?.phone ?? '',
                  email: m.contact?.email ?? '',
                  address: m.contact?.address ?? '',
                  responsibilities: m.responsibilities.join('\n'),
                })
              }
              onRemove={() => (referenced(m.id) ? undefined : props.remove(m.id))}
            />
            {referenced(m.id) && <span class="bridge-muted"> (assigned in the plan: reassign before removing)</span>}
          </li>
        ))}
      </ul>
      <form onSubmit={submit} class="bridge-plan-form" aria-label={f.editing ? 'Edit care team member' : 'Add a care team member'}>
        <div class="bridge-plan-row">
          <label>
            Role{' '}
            <select ref={f.first} value={f.form.role} onChange={(e) => f.setForm({ ...f.form, role: value(e) as CareTeamMember['role'] })}>
              {careTeamRoleSchema.options.map((r) => (
                <option key={r} value={r} disabled={r === 'patient' && patientTaken}>
                  {ROLE_LABEL[r]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Name <input required maxLength={200} value={f.form.name} onInput={(e) => f.setForm({ ...f.form, name: value(e) })} />
          </label>
        </div>
        <div class="bridge-plan-row">
          <label>
            Organization <input maxLength={200} value={f.form.organisation} onInput={(e) => f.setForm({ ...f.form, organisation: value(e) })} />
          </label>
          <label>
            Phone <input type="tel" maxLength={40} value={f.form.phone} onInput={(e) => f.setForm({ ...f.form, phone: value(e) })} />
          </label>
          <label>
            Email <input type="email" maxLength={200} value={f.form.email} onInput={(e) => f.setForm({ ...f.form, email: value(e) })} />
          </label>
        </div>
        <label>
          Address <input maxLength={300} value={f.form.address} onInput={(e) => f.setForm({ ...f.form, address: value(e) })} />
        </label>
        <label>
          What they do (one per line)
          <textarea rows={2} value={f.form.responsibilities} onInput={(e) => f.setForm({ ...f.form, responsibilities: value(e) })} />
        </label>
        <LanguageHint text={f.form.responsibilities} />
        <FormButtons editing={f.editing !== null} what="member" onCancel={f.reset} />
      </form>
    </Part>
  );
}

const emptyIntervention = {
  kind: 'counseling' as Intervention['kind'],
  description: '',
  assignedTo: '',
  medication: '',
  frequency: '',
  startOn: '',
  status: 'planned' as Intervention['status'],
  goalIds: [] as string[],
  directoryProviderId: '',
  referralId: '',
};

function InterventionsPart(props: PartProps<Intervention>) {
  const { plan, newId, suggestions } = props;
  const f = useItemForm(emptyIntervention);
  const submit = (e: Event) => {
    e.preventDefault();
    const x = f.form;
    if (!x.description.trim()) return;
    props.set(
      upsert(plan.interventions, {
        id: f.editing ?? newId(),
        kind: x.kind,
        description: x.description.trim(),
        goalIds: x.goalIds.filter((g) => plan.goals.some((goal) => goal.id === g)),
        ...(x.assignedTo && plan.careTeam.some((m) => m.id === x.assignedTo) ? { assignedTo: x.assignedTo } : {}),
        ...(x.kind === 'moud' && x.medication ? { medication: x.medication as Intervention['medication'] } : {}),
        ...(x.frequency.trim() ? { frequency: x.frequency.trim() } : {}),
        ...(x.startOn ? { startOn: x.startOn } : {}),
        ...(x.directoryProviderId ? { directoryProviderId: x.directoryProviderId } : {}),
        ...(x.referralId ? { referralId: x.referralId } : {}),
        status: x.status,
      }),
    );
    f.reset();
  };
  return (
    <Part id="interventions" title="What we will do" count={plan.interventions.length}>
      <ul class="bridge-plan-list">
        {plan.interventions.map((i) => (
          <li key={i.id}>
            <strong>{INTERVENTION_LABEL[i.kind]}</strong>: {i.description}
            <span class="bridge-muted">
              {' '}
              · {i.status}
              {i.medication ? ` · ${i.medication}` : ''}
              {i.frequency ? ` · ${i.frequency}` : ''}
              {i.assignedTo ? ` · ${plan.careTeam.find((m) => m.id === i.assignedTo)?.name ?? ''}` : ''}
            </span>
            <ItemActions
              label={`intervention ${i.description}`}
              onEdit={() =>
                f.edit(i.id, {
                  kind: i.kind,
                  description: i.description,
                  assignedTo: i.assignedTo ?? '',
                  medication: i.medication ?? '',
                  frequency: i.frequency ?? '',
                  startOn: i.startOn ?? '',
                  status: i.status,
                  goalIds: i.goalIds,
                  directoryProviderId: i.directoryProviderId ?? '',
                  referralId: i.referralId ?? '',
                })
              }
              onRemove={() => props.remove(i.id)}
            />
          </li>
        ))}
      </ul>
      <form onSubmit={submit} class="bridge-plan-form" aria-label={f.editing ? 'Edit intervention' : 'Add an intervention'}>
        <div class="bridge-plan-row">
          <label>
            Kind{' '}
            <select ref={f.first} value={f.form.kind} onChange={(e) => f.setForm({ ...f.form, kind: value(e) as Intervention['kind'] })}>
              {interventionKindSchema.options.map((k) => (
                <option key={k} value={k}>
                  {INTERVENTION_LABEL[k]}
                </option>
              ))}
            </select>
          </label>
          {f.form.kind === 'moud' && (
            <label>
              Medication{' '}
              <select value={f.form.medication} onChange={(e) => f.setForm({ ...f.form, medication: value(e) })}>
                <option value="">Not chosen yet</option>
                {MEDICATIONS.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </label>
          )}
          <StatusSelect options={interventionStatusSchema.options} value={f.form.status} onChange={(status) => f.setForm({ ...f.form, status })} />
        </div>
        <label>
          What, in plain words
          <input required maxLength={500} value={f.form.description} onInput={(e) => f.setForm({ ...f.form, description: value(e) })} />
        </label>
        <LanguageHint text={f.form.description} />
        <div class="bridge-plan-row">
          <label>
            Who{' '}
            <select value={f.form.assignedTo} onChange={(e) => f.setForm({ ...f.form, assignedTo: value(e) })}>
              <option value="">Nobody named yet</option>
              {plan.careTeam.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            How often <input maxLength={100} value={f.form.frequency} onInput={(e) => f.setForm({ ...f.form, frequency: value(e) })} />
          </label>
          <label>
            Starts <input type="date" value={f.form.startOn} onInput={(e) => f.setForm({ ...f.form, startOn: value(e) })} />
          </label>
        </div>
        {(suggestions.providers.length > 0 || suggestions.referrals.length > 0) && (
          <div class="bridge-plan-row">
            {suggestions.providers.length > 0 && (
              <label>
                Place (from Find treatment){' '}
                <select value={f.form.directoryProviderId} onChange={(e) => f.setForm({ ...f.form, directoryProviderId: value(e) })}>
                  <option value="">None</option>
                  {suggestions.providers.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {suggestions.referrals.length > 0 && (
              <label>
                Referral{' '}
                <select value={f.form.referralId} onChange={(e) => f.setForm({ ...f.form, referralId: value(e) })}>
                  <option value="">None</option>
                  {suggestions.referrals.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.label}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
        )}
        <LinkChecklist legend="Toward the goals" items={plan.goals.map((g) => ({ id: g.id, label: g.patientWords }))} chosen={f.form.goalIds} onChange={(goalIds) => f.setForm({ ...f.form, goalIds })} />
        <FormButtons editing={f.editing !== null} what="intervention" onCancel={f.reset} />
      </form>
    </Part>
  );
}

function DecisionsPart(props: PartProps<SharedDecision>) {
  const { plan, newId, today } = props;
  const recorders = plan.careTeam.filter((m) => m.role !== 'patient' && m.role !== 'support-person');
  const f = useItemForm({ topic: '', options: '', preference: '', decision: '', recordedBy: '' });
  const submit = (e: Event) => {
    e.preventDefault();
    const x = f.form;
    const recordedBy = x.recordedBy || recorders[0]?.id;
    if (!x.topic.trim() || lines(x.options).length === 0 || !x.preference.trim() || !recordedBy) return;
    const existing = plan.decisions.find((d) => d.id === f.editing);
    props.set(
      upsert(plan.decisions, {
        id: existing?.id ?? newId(),
        on: existing?.on ?? today,
        topic: x.topic.trim(),
        optionsDiscussed: lines(x.options),
        patientPreference: x.preference.trim(),
        ...(x.decision.trim() ? { decision: x.decision.trim() } : {}),
        recordedBy,
      }),
    );
    f.reset();
  };
  return (
    <Part id="decisions" title="Shared decisions" count={plan.decisions.length}>
      <ul class="bridge-plan-list">
        {plan.decisions.map((d) => (
          <li key={d.id}>
            <strong>{d.topic}</strong> <span class="bridge-muted">({d.on})</span>: options {d.optionsDiscussed.join('; ')}. The patient prefers: {d.patientPreference}
            {d.decision && <> Decision: {d.decision}</>}
            <ItemActions
              label={`decision ${d.topic}`}
              onEdit={() => f.edit(d.id, { topic: d.topic, options: d.optionsDiscussed.join('\n'), preference: d.patientPreference, decision: d.decision ?? '', recordedBy: d.recordedBy })}
              onRemove={() => props.remove(d.id)}
            />
          </li>
        ))}
      </ul>
      {recorders.length === 0 ? (
        <p class="bridge-muted">Add a clinician to the care team to record shared decisions.</p>
      ) : (
        <form onSubmit={submit} class="bridge-plan-form" aria-label={f.editing ? 'Edit shared decision' : 'Add a shared decision'}>
          <label>
            Topic <input ref={f.first} required maxLength={200} value={f.form.topic} onInput={(e) => f.setForm({ ...f.form, topic: value(e) })} />
          </label>
          <label>
            Options discussed (one per line)
            <textarea required rows={2} value={f.form.options} onInput={(e) => f.setForm({ ...f.form, options: value(e) })} />
          </label>
          <label>
            The patient’s preference
            <textarea required maxLength={1000} rows={2} value={f.form.preference} onInput={(e) => f.setForm({ ...f.form, preference: value(e) })} />
          </label>
          <LanguageHint text={`${f.form.topic}\n${f.form.options}\n${f.form.preference}\n${f.form.decision}`} />
          <div class="bridge-plan-row">
            <label>
              Decision <input maxLength={1000} value={f.form.decision} onInput={(e) => f.setForm({ ...f.form, decision: value(e) })} />
            </label>
            <label>
              Recorded by{' '}
              <select value={f.form.recordedBy || recorders[0]!.id} onChange={(e) => f.setForm({ ...f.form, recordedBy: value(e) })}>
                {recorders.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <FormButtons editing={f.editing !== null} what="decision" onCancel={f.reset} />
        </form>
      )}
    </Part>
  );
}
