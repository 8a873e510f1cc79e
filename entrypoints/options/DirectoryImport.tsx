import { useEffect, useState } from 'preact/hooks';
import { sendToBackground } from '@/lib/messaging/client.browser';
import type { DirectoryImportFormat, DirectoryStatus } from '@/lib/messaging/messages/directory';
import type { ResponseOf } from '@/lib/messaging/protocol';
import { saveTextFile } from '@/components/ui/save-file';

// The options page's treatment directory section: what is in use, importing a file (validated
// whole by the background before anything changes), and exporting the flags clinicians left.

const FORMATS: readonly { id: DirectoryImportFormat; label: string }[] = [
  { id: 'findtreatment-json', label: 'FindTreatment.gov export (JSON)' },
  { id: 'findtreatment-csv', label: 'FindTreatment.gov facility listing (CSV)' },
  { id: 'hsds', label: 'Open Referral HSDS data package (JSON): community resources' },
  { id: 'samhsa-su-2021', label: 'SAMHSA substance use facilities 2021 (CSV)' },
  { id: 'samhsa-otp-2021', label: 'SAMHSA opioid treatment programs 2021 (CSV, Latin-1)' },
  { id: 'locator-2017', label: 'SAMHSA treatment locator listing 2017 (CSV)' },
];

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const day = (iso: string) => iso.slice(0, 10);

/** Bytes as base64, in chunks (String.fromCharCode takes a bounded number of arguments). */
function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function StatusLine({ status }: { status: DirectoryStatus }) {
  const withServices =
    status.withServices === 0
      ? 'no listing states its services (filters apply only to what a source says: OTPs offer methadone)'
      : `${status.withServices.toLocaleString('en-US')} state their services`;
  return (
    <div data-testid="directory-status">
      <p>
        <strong>{status.providerCount.toLocaleString('en-US')} listings</strong> ({status.origin === 'bundled' ? 'bundled with Bridge' : 'imported'} on{' '}
        {day(status.importedAt)}); {withServices}.
      </p>
      <ul class="bridge-directory-sources">
        {status.sources.map((s) => (
          <li key={s.id}>
            {s.title}
            {s.asOf && `, as of ${s.asOf}`}
          </li>
        ))}
      </ul>
      {status.previous && (
        <p class="bridge-muted">
          Kept one step back: the previous directory ({status.previous.providerCount.toLocaleString('en-US')} listings, {day(status.previous.importedAt)}).
        </p>
      )}
    </div>
  );
}

/** Current directory, import (file, format, replace or merge) with row-level errors, and the flags export. */
export function DirectoryImport() {
  const [status, setStatus] = useState<DirectoryStatus | null>(null);
  const [format, setFormat] = useState<DirectoryImportFormat>('findtreatment-json');
  const [mode, setMode] = useState<'replace' | 'merge'>('merge');
  const [asOf, setAsOf] = useState(new Date().toISOString().slice(0, 10));
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ResponseOf<'directory.import'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [flagNote, setFlagNote] = useState('');

  useEffect(() => {
    void sendToBackground('directory.status', {}).then(setStatus, (e: unknown) => setError(message(e)));
  }, []);

  const runImport = async (event: Event) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    setError(null);
    try {
      // The 2021 OTP list is Latin-1: its raw bytes go to the importer, which detects the encoding.
      const body = format === 'samhsa-otp-2021' ? { base64: base64Of(new Uint8Array(await file.arrayBuffer())) } : { text: await file.text() };
      const reply = await sendToBackground('directory.import', { format, mode, asOf, fileName: file.name.slice(0, 300), ...body });
      setOutcome(reply);
      setStatus(reply.status);
    } catch (e) {
      // No reply came (the service worker stopped mid-import, or the import failed inside it).
      // Say so in words and show the directory actually in use, not a stale status: the swap is
      // one transaction, so it is either the previous directory or the complete new one.
      const now = await sendToBackground('directory.status', {}).catch(() => null);
      if (now) setStatus(now);
      setError(
        now
          ? `The import was interrupted before Bridge could confirm it. The directory in use has ${now.providerCount.toLocaleString('en-US')} listings; import the file again if that is not the new one.`
          : message(e),
      );
    } finally {
      setBusy(false);
    }
  };

  const exportFlags = async () => {
    try {
      const { csv, count } = await sendToBackground('directory.flagsCsv', {});
      if (count === 0) {
        setFlagNote('No listing has been flagged on this computer.');
        return;
      }
      saveTextFile(`bridge-directory-flags-${new Date().toISOString().slice(0, 10)}.csv`, csv);
      setFlagNote(`${count} flag${count > 1 ? 's' : ''} exported.`);
    } catch (e) {
      setFlagNote(message(e));
    }
  };

  return (
    <section class="bridge-card bridge-directory-import" aria-labelledby="bridge-directory-heading" data-testid="directory-import">
      <h2 id="bridge-directory-heading">Treatment directory</h2>
      {status ? <StatusLine status={status} /> : <p>{error ?? 'Reading the directory…'}</p>}
      <form onSubmit={(event) => void runImport(event)}>
        <label>
          Directory file
          <input type="file" accept=".json,.csv,application/json,text/csv" onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)} />
        </label>
        <label>
          Format
          <select value={format} onChange={(event) => setFormat(event.currentTarget.value as DirectoryImportFormat)}>
            {FORMATS.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Date of the export
          <input type="date" value={asOf} required onInput={(event) => setAsOf(event.currentTarget.value)} />
        </label>
        <fieldset>
          <legend>How to use it</legend>
          <label>
            <input type="radio" name="bridge-directory-mode" value="merge" checked={mode === 'merge'} onChange={() => setMode('merge')} />
            Merge into the current directory (the file wins for listings in both)
          </label>
          <label>
            <input type="radio" name="bridge-directory-mode" value="replace" checked={mode === 'replace'} onChange={() => setMode('replace')} />
            Replace the current directory
          </label>
        </fieldset>
        <button type="submit" disabled={!file || busy}>
          {busy ? 'Checking the file…' : 'Import'}
        </button>
      </form>
      {error && (
        <p class="bridge-alert" role="alert">
          {error}
        </p>
      )}
      {outcome?.ok === false && (
        <div class="bridge-alert" role="alert" data-testid="import-error">
          <p>{outcome.message}</p>
          <ul>
            {outcome.errors.slice(0, 10).map((e) => (
              <li key={`${e.row}-${e.field}`}>
                Row {e.row}, field <code>{e.field}</code>: {e.message}
              </li>
            ))}
          </ul>
          {outcome.errorCount > 10 && <p>…and {outcome.errorCount - 10} more.</p>}
          <p>The directory in use was kept unchanged ({outcome.status.providerCount.toLocaleString('en-US')} listings).</p>
        </div>
      )}
      {outcome?.ok === true && (
        <div role="status" data-testid="import-done">
          <p>
            Imported {outcome.imported.toLocaleString('en-US')} listings ({mode === 'replace' ? 'replaced' : 'merged'}); the directory now holds{' '}
            {outcome.status.providerCount.toLocaleString('en-US')}. The previous directory is kept one step back.
          </p>
          {outcome.notes.length > 0 && (
            <ul>
              {outcome.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <h3>Listings flagged as wrong</h3>
      <p>Clinicians flag listings in "Find treatment"; export the flags for the directory's maintainers.</p>
      <button type="button" onClick={() => void exportFlags()}>
        Export flags (CSV)
      </button>
      <p role="status">{flagNote}</p>
    </section>
  );
}
