import type { PatientContext } from '@/lib/ehr/patient';

// Interim reader for the demo EHR's banners, replaced by lib/ehr's pipeline when it lands.
export function readPatientOnPage(doc: Document, url: string): PatientContext | null {
  const pairs = new Map<string, string>();
  doc.querySelectorAll('dl dt').forEach((dt) => pairs.set(dt.textContent!.trim().toLowerCase(), dt.nextElementSibling?.textContent?.trim() ?? ''));
  doc.querySelectorAll('tr th').forEach((th) => pairs.set(th.textContent!.trim().toLowerCase(), th.nextElementSibling?.textContent?.trim() ?? ''));
  doc.querySelectorAll('.spa-kv').forEach((kv) => pairs.set(kv.children[0]!.textContent!.trim().toLowerCase(), kv.children[1]!.textContent!.trim()));
  const name = doc.querySelector('.pt-name, .spa-patient-name')?.textContent?.trim() ?? pairs.get('patient');
  const mrn = pairs.get('mrn') ?? pairs.get('chart #') ?? pairs.get('patient id') ?? null;
  if (!name || !mrn) return null;
  const dob = pairs.get('dob') ?? pairs.get('date of birth') ?? '';
  const us = dob.match(/(\d{2})\/(\d{2})\/(\d{4})/);
  const birthDate = us ? `${us[3]}-${us[1]}-${us[2]}` : (dob.match(/\d{4}-\d{2}-\d{2}/)?.[0] ?? null);
  const zip = (pairs.get('address') ?? pairs.get('zip') ?? pairs.get('home address') ?? '').match(/\b(\d{5})(?:-\d{4})?\b/)?.[1] ?? null;
  const sexText = (pairs.get('sex') ?? pairs.get('gender') ?? pairs.get('sex assigned at birth') ?? '').toLowerCase();
  const sex = sexText.startsWith('f') ? 'female' : sexText.startsWith('m') ? 'male' : 'unknown';
  let hash = 2166136261;
  for (const ch of `${new URL(url).host}|${mrn}`) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0;
  return { name, birthDate, sex, postalCode: zip, mrn, sourceUrl: url, confidence: 0.9, fingerprint: `fp-${hash.toString(16).padStart(8, '0')}` };
}
