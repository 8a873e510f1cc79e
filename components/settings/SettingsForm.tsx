import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { PolicyWarning } from '@/lib/policy/parse';
import { INSTRUMENT_IDS, type InstrumentId } from '@/lib/policy/schema';
import { SettingRejectedError, validateLocalSetting, type EffectiveSettings } from '@/lib/settings/merge';
import { settingDescription, type LocalSettingKey, type SettingKey, type Settings } from '@/lib/settings/schema';
import { PolicyWarnings } from './PolicyWarnings';
import { SettingSourceBadge } from './SettingSource';
import './settings.css';

/** Props of `SettingsForm`. The page loads the settings and stores what `onChange` gives it. */
export interface SettingsFormProps {
  /** Effective settings with their sources and the keys the clinic's policy locks. */
  settings: EffectiveSettings;
  /** Policy values Bridge ignored, shown at the top for the clinic's IT. */
  policyWarnings: readonly PolicyWarning[];
  /** Called with a value that already passed the setting's validation; the page stores it. */
  onChange: (key: LocalSettingKey, value: Settings[LocalSettingKey]) => void | Promise<void>;
  /** Forgets this computer's value so the default applies again. Omit to hide "Use default". */
  onReset?: (key: LocalSettingKey) => void | Promise<void>;
}

const LABELS: Record<SettingKey, string> = {
  allowedEhrHosts: 'EHR sites',
  ehrAdapters: 'EHR page layouts from your organization',
  enabledInstruments: 'Screening questionnaires offered',
  auditCCutoffs: 'AUDIT-C positive score',
  rescreenIntervalMonths: 'Screen again after (months)',
  defaultLanguage: 'Default language for patients',
  clinic: 'Clinic on referrals',
  referringContacts: 'Referring contacts',
  directorySourceUrl: "Your organization's treatment directory (URL)",
  directoryRefreshHours: 'Refresh the directory every (hours)',
  fhirEndpoint: "Clinic's FHIR server (sharing between computers)",
  retentionDays: 'Keep screenings and drafts for (days)',
  selfScreenAllowed: 'Patients may answer on this device (self-screen)',
  auditLogExportAllowed: 'Audit log may be exported',
  s2biAndCageAidEnabled: 'Offer S2BI and CAGE-AID (terms of use not verified)',
  clinicianName: 'Your name',
  clinicianRole: 'Your role',
  clinicianNpi: 'Your NPI',
};

const INSTRUMENT_NAMES: Record<InstrumentId, string> = {
  'niaaa-single': 'NIAAA single alcohol question',
  'nida-single': 'NIDA single drug question',
  'audit-c': 'AUDIT-C',
  audit: 'AUDIT',
  'dast-10': 'DAST-10',
  'cage-aid': 'CAGE-AID',
  taps: 'TAPS',
  'crafft-2.1': 'CRAFFT 2.1 (ages 12-21)',
  s2bi: 'S2BI (ages 12-17)',
};

const SECTIONS: { title: string; keys: SettingKey[] }[] = [
  { title: 'You', keys: ['clinicianName', 'clinicianRole', 'clinicianNpi'] },
  { title: 'Clinic', keys: ['clinic', 'referringContacts'] },
  {
    title: 'Screening',
    keys: ['enabledInstruments', 's2biAndCageAidEnabled', 'auditCCutoffs', 'rescreenIntervalMonths', 'defaultLanguage', 'selfScreenAllowed'],
  },
  { title: 'Treatment directory', keys: ['directorySourceUrl', 'directoryRefreshHours'] },
  // The clinic FHIR server has its own section (FhirServerSettings): saving it asks for host access.
  { title: 'Records', keys: ['retentionDays', 'auditLogExportAllowed'] },
  { title: 'EHR', keys: ['ehrAdapters'] },
];

type Commit = (key: LocalSettingKey, value: unknown) => void;

/**
 * The options page's settings: every setting with where its value comes from. Settings the
 * clinic's policy sets are shown but disabled, marked "Set by your organization". A value is
 * validated before `onChange` sees it; an invalid one stays on screen with the reason.
 */
export function SettingsForm({ settings, policyWarnings, onChange, onReset }: SettingsFormProps) {
  const [errors, setErrors] = useState<Partial<Record<SettingKey, string>>>({});

  const commit: Commit = (key, value) => {
    try {
      const accepted = validateLocalSetting(key, value);
      setErrors((current) => ({ ...current, [key]: undefined }));
      void onChange(key, accepted);
    } catch (error) {
      if (!(error instanceof SettingRejectedError)) throw error;
      setErrors((current) => ({ ...current, [key]: `Not saved: it ${error.reason}.` }));
    }
  };

  return (
    <div class="bridge-settings" data-testid="settings-form">
      <PolicyWarnings warnings={policyWarnings} />
      {SECTIONS.map((section) => (
        <section class="bridge-card bridge-settings-section" key={section.title} aria-label={section.title}>
          <h2>{section.title}</h2>
          {section.keys.map((key) => (
            <SettingRow
              key={key}
              settingKey={key}
              settings={settings}
              error={errors[key]}
              onReset={onReset && settings.sources[key] === 'local' ? () => void onReset(key as LocalSettingKey) : undefined}
            >
              <SettingEditor settingKey={key} values={settings.values} commit={commit} />
            </SettingRow>
          ))}
        </section>
      ))}
    </div>
  );
}

function SettingRow(props: { settingKey: SettingKey; settings: EffectiveSettings; error?: string; onReset?: () => void; children: ComponentChildren }) {
  const { settingKey: key, settings, error, onReset, children } = props;
  const locked = settings.lockedKeys.has(key);
  const ids = { help: `bridge-${key}-help`, source: `bridge-${key}-source`, error: `bridge-${key}-error` };
  return (
    <fieldset
      class={`bridge-setting${locked ? ' bridge-setting-locked' : ''}`}
      disabled={locked}
      data-setting={key}
      aria-describedby={`${ids.source} ${ids.help}${error ? ` ${ids.error}` : ''}`}
      aria-invalid={error ? 'true' : undefined}
    >
      <legend>{LABELS[key]}</legend>
      <SettingSourceBadge source={settings.sources[key]} id={ids.source} />
      <p id={ids.help} class="bridge-setting-help">
        {settingDescription(key)}
      </p>
      {children}
      {error && (
        <p id={ids.error} class="bridge-setting-error" role="alert">
          {error}
        </p>
      )}
      {onReset && !locked && (
        <button type="button" class="bridge-setting-reset" onClick={onReset}>
          Use default
        </button>
      )}
    </fieldset>
  );
}

function SettingEditor({ settingKey: key, values, commit }: { settingKey: SettingKey; values: Settings; commit: Commit }) {
  const id = `bridge-${key}-input`;
  const label = LABELS[key];
  switch (key) {
    case 'selfScreenAllowed':
    case 'auditLogExportAllowed':
    case 's2biAndCageAidEnabled':
      return (
        <label class="bridge-setting-inline">
          <input type="checkbox" name={key} checked={values[key]} onChange={(event) => commit(key, event.currentTarget.checked)} /> {label}
        </label>
      );
    case 'rescreenIntervalMonths':
    case 'directoryRefreshHours':
    case 'retentionDays':
      return (
        <NumberInput id={id} label={label} name={key} value={values[key]} onCommit={(value) => commit(key, value)} />
      );
    case 'defaultLanguage':
      return (
        <label class="bridge-setting-inline">
          <span class="bridge-visually-hidden">{label}</span>
          <select name={key} value={values.defaultLanguage} onChange={(event) => commit(key, event.currentTarget.value)}>
            <option value="en">English</option>
            <option value="es">Español</option>
          </select>
        </label>
      );
    case 'clinicianName':
    case 'clinicianRole':
    case 'clinicianNpi':
    case 'directorySourceUrl':
      return (
        <TextInput
          id={id}
          label={label}
          name={key}
          type={key === 'directorySourceUrl' ? 'url' : 'text'}
          value={values[key] ?? ''}
          onCommit={(text) => commit(key, text.trim() === '' ? null : text)}
        />
      );
    case 'enabledInstruments':
      return <InstrumentChoice enabled={values.enabledInstruments} onCommit={(ids) => commit(key, ids)} />;
    case 'auditCCutoffs':
      return (
        <div class="bridge-setting-group">
          <NumberInput id={`${id}-men`} label="Men" name="auditCMen" value={values.auditCCutoffs.men} onCommit={(men) => commit(key, { ...values.auditCCutoffs, men })} visibleLabel />
          <NumberInput
            id={`${id}-women`}
            label="Women"
            name="auditCWomen"
            value={values.auditCCutoffs.women}
            onCommit={(women) => commit(key, { ...values.auditCCutoffs, women })}
            visibleLabel
          />
        </div>
      );
    case 'clinic':
      return <GroupEditor idPrefix={id} fields={CLINIC_FIELDS} value={values.clinic} nullable onCommit={(value) => commit(key, value)} />;
    case 'referringContacts':
      return <ContactsEditor idPrefix={id} contacts={values.referringContacts} onCommit={(value) => commit(key, value)} />;
    case 'ehrAdapters':
      return values.ehrAdapters.length === 0 ? (
        <p class="bridge-muted">None. Your organization can describe its EHR's pages in policy (docs/deploy.md).</p>
      ) : (
        <ul class="bridge-setting-list" data-testid="ehr-adapters">
          {values.ehrAdapters.map((adapter) => (
            <li key={adapter.id}>
              {adapter.label} <code>{adapter.id}</code>: {adapter.urlPatterns.join(', ')}
            </li>
          ))}
        </ul>
      );
    case 'allowedEhrHosts':
      return (
        <ul class="bridge-setting-list">
          {values.allowedEhrHosts.map((host) => (
            <li key={host}>
              <code>{host}</code>
            </li>
          ))}
        </ul>
      );
  }
}

function TextInput(props: { id: string; label: string; name: string; type?: 'text' | 'url'; value: string; onCommit: (text: string) => void; visibleLabel?: boolean }) {
  const { id, label, name, type = 'text', value, onCommit, visibleLabel } = props;
  return (
    <span class="bridge-setting-field">
      <label for={id} class={visibleLabel ? undefined : 'bridge-visually-hidden'}>
        {label}
      </label>
      {/* Keyed by the value so a live policy change re-renders what the field shows. */}
      <input key={value} id={id} name={name} type={type as 'text'} defaultValue={value} onChange={(event) => onCommit(event.currentTarget.value)} />
    </span>
  );
}

function NumberInput(props: { id: string; label: string; name: string; value: number; onCommit: (value: number | undefined) => void; visibleLabel?: boolean }) {
  const { id, label, name, value, onCommit, visibleLabel } = props;
  return (
    <span class="bridge-setting-field">
      <label for={id} class={visibleLabel ? undefined : 'bridge-visually-hidden'}>
        {label}
      </label>
      <input
        key={value}
        id={id}
        name={name}
        type="number"
        inputMode="numeric"
        step={1}
        defaultValue={String(value)}
        onChange={(event) => {
          const text = event.currentTarget.value.trim();
          onCommit(text === '' ? undefined : Number(text));
        }}
      />
    </span>
  );
}

function InstrumentChoice({ enabled, onCommit }: { enabled: readonly InstrumentId[]; onCommit: (ids: InstrumentId[]) => void }) {
  const toggle = (id: InstrumentId, on: boolean) => onCommit(INSTRUMENT_IDS.filter((other) => (other === id ? on : enabled.includes(other))));
  return (
    <ul class="bridge-setting-choices">
      {INSTRUMENT_IDS.map((id) => (
        <li key={id}>
          <label>
            <input type="checkbox" name="enabledInstruments" value={id} checked={enabled.includes(id)} onChange={(event) => toggle(id, event.currentTarget.checked)} />{' '}
            {INSTRUMENT_NAMES[id]}
          </label>
        </li>
      ))}
    </ul>
  );
}

interface GroupField {
  name: string;
  label: string;
  type?: 'text' | 'url' | 'tel' | 'email' | 'password';
  options?: readonly string[];
}

const CLINIC_FIELDS: GroupField[] = [
  { name: 'name', label: 'Clinic name' },
  { name: 'address', label: 'Street address, city and state' },
  { name: 'postalCode', label: 'ZIP code' },
  { name: 'npi', label: 'Organization NPI' },
  { name: 'phone', label: 'Phone', type: 'tel' },
];

const CONTACT_FIELDS: GroupField[] = [
  { name: 'name', label: 'Name' },
  { name: 'role', label: 'Role' },
  { name: 'npi', label: 'NPI' },
  { name: 'phone', label: 'Phone', type: 'tel' },
  { name: 'email', label: 'Email', type: 'email' },
];

/** The object a group of text fields describes; empty fields are left out. */
function groupValue(group: HTMLElement, fields: readonly GroupField[]): Record<string, string> {
  const value: Record<string, string> = {};
  for (const field of fields) {
    // Field names are constants of this file, so they are safe inside the selector.
    const input = group.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${field.name}"]`);
    const text = input?.value.trim() ?? '';
    if (text !== '') value[field.name] = text;
  }
  return value;
}

function GroupFields({ idPrefix, fields, value }: { idPrefix: string; fields: readonly GroupField[]; value: Record<string, unknown> | null }) {
  return (
    <>
      {fields.map((field) => {
        const id = `${idPrefix}-${field.name}`;
        const current = typeof value?.[field.name] === 'string' ? (value[field.name] as string) : '';
        return (
          <span class="bridge-setting-field" key={field.name}>
            <label for={id}>{field.label}</label>
            {field.options ? (
              <select key={current} id={id} name={field.name} value={current || field.options[0]}>
                {field.options.map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </select>
            ) : (
              // A secret is never written back into the page; an empty field keeps the stored one.
              <input
                key={current}
                id={id}
                name={field.name}
                type={(field.type ?? 'text') as 'text'}
                defaultValue={field.type === 'password' ? '' : current}
                placeholder={field.type === 'password' && current ? 'Set (hidden); type to replace' : undefined}
                autocomplete="off"
              />
            )}
          </span>
        );
      })}
    </>
  );
}

function GroupEditor(props: {
  idPrefix: string;
  fields: readonly GroupField[];
  value: Record<string, unknown> | null;
  nullable?: boolean;
  onCommit: (value: Record<string, string> | null) => void;
}) {
  const { idPrefix, fields, value, nullable, onCommit } = props;
  return (
    <div class="bridge-setting-group" id={idPrefix}>
      <GroupFields idPrefix={idPrefix} fields={fields} value={value} />
      <div class="bridge-setting-actions">
        <button
          type="button"
          onClick={(event) => {
            const entered = groupValue(event.currentTarget.closest('.bridge-setting-group') as HTMLElement, fields);
            for (const field of fields) {
              const kept = value?.[field.name];
              if (field.type === 'password' && entered[field.name] === undefined && typeof kept === 'string') entered[field.name] = kept;
            }
            onCommit(entered);
          }}
        >
          Save
        </button>
        {nullable && value !== null && (
          <button type="button" onClick={() => onCommit(null)}>
            Clear
          </button>
        )}
      </div>
    </div>
  );
}

function ContactsEditor({ idPrefix, contacts, onCommit }: { idPrefix: string; contacts: Settings['referringContacts']; onCommit: (value: unknown[]) => void }) {
  const addId = `${idPrefix}-new`;
  return (
    <div class="bridge-setting-contacts">
      {contacts.length === 0 ? (
        <p class="bridge-muted">No contacts yet.</p>
      ) : (
        <ul class="bridge-setting-list" data-testid="referring-contacts">
          {contacts.map((contact, index) => (
            <li key={`${contact.name}-${index}`}>
              {contact.name}, {contact.role}
              {contact.phone ? `, ${contact.phone}` : ''}
              {contact.email ? `, ${contact.email}` : ''}{' '}
              <button type="button" aria-label={`Remove ${contact.name}`} onClick={() => onCommit(contacts.filter((_, other) => other !== index))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="bridge-setting-group" role="group" aria-label="Add a contact">
        <GroupFields idPrefix={addId} fields={CONTACT_FIELDS} value={null} />
        <div class="bridge-setting-actions">
          <button
            type="button"
            onClick={(event) => onCommit([...contacts, groupValue(event.currentTarget.closest('.bridge-setting-group') as HTMLElement, CONTACT_FIELDS)])}
          >
            Add contact
          </button>
        </div>
      </div>
    </div>
  );
}
