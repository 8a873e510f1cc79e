import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendToBackground } from '@/lib/messaging/client.browser';
import { originPatternFor } from '@/lib/hosts/ehr-hosts';
import { DataOnDevice } from './DataOnDevice';

/** The options page: this machine's settings and which EHR sites Bridge may read. */
export function OptionsApp() {
  const [values, setValues] = useState<Record<string, unknown> | null>(null);
  const [status, setStatus] = useState('');
  const [origins, setOrigins] = useState<string[]>([]);
  const [ehrUrl, setEhrUrl] = useState('');

  const loadOrigins = () => browser.permissions.getAll().then((p) => setOrigins(p.origins ?? []));
  useEffect(() => {
    void sendToBackground('settings.readLocal', {}).then((r) => setValues(r.values));
    void loadOrigins();
  }, []);

  if (!values) return <p class="bridge-card">Loading settings…</p>;
  const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : '');

  const save = async (event: Event) => {
    event.preventDefault();
    await sendToBackground('settings.saveLocal', { values });
    setStatus('Saved.');
  };
  const grant = async (event: Event) => {
    event.preventDefault();
    const pattern = originPatternFor(ehrUrl);
    if (!pattern) return setStatus(`"${ehrUrl}" is not a web address (it must start with https:// or http://).`);
    const granted = await browser.permissions.request({ origins: [pattern] });
    setStatus(granted ? `Bridge may now read ${pattern}.` : `Access to ${pattern} was not granted.`);
    await loadOrigins();
  };

  return (
    <main class="bridge-options">
      <h1>Bridge settings</h1>
      <form class="bridge-card" onSubmit={save} aria-labelledby="you-heading">
        <h2 id="you-heading">You and your clinic</h2>
        <label>
          Your name (referring clinician)
          <input name="clinicianName" value={text('clinicianName')} onInput={(e) => setValues({ ...values, clinicianName: e.currentTarget.value })} />
        </label>
        <label>
          Clinic name
          <input name="clinicName" value={text('clinicName')} onInput={(e) => setValues({ ...values, clinicName: e.currentTarget.value })} />
        </label>
        <button type="submit" class="bridge-primary">Save</button>
      </form>
      <form class="bridge-card" onSubmit={grant} aria-labelledby="hosts-heading">
        <h2 id="hosts-heading">EHR sites Bridge may read</h2>
        <ul data-testid="granted-origins">
          {origins.length === 0 ? <li class="bridge-muted">None yet.</li> : origins.map((o) => <li key={o}>{o}</li>)}
        </ul>
        <label>
          EHR address
          <input name="ehrUrl" type="url" placeholder="https://ehr.example.org" value={ehrUrl} onInput={(e) => setEhrUrl(e.currentTarget.value)} />
        </label>
        <button type="submit">Grant access to this EHR</button>
      </form>
      <p role="status" data-testid="status">{status}</p>
      <DataOnDevice />
    </main>
  );
}
