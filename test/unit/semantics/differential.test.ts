// Differential test against wit-parser (jco 1.35.0): for every conformance input and for a few
// thousand seeded token mutations of them, our accept/reject verdict and our first error message
// must equal wit-parser's. Prints the agreement rate; a disagreement fails unless it matches a
// reviewed entry of `differentialAllowlist.ts`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { firstError } from '../../../server/src/semantics/index';
import { REPO_ROOT, analyzeText, checkOnDisk, conformanceCases } from './harness';
import { ALLOWED_DISAGREEMENTS } from './differentialAllowlist';
import { mutants } from './mutate';
import { oracleDir, oracleSource, type Verdict } from './oracle';

const MUTANTS_PER_FIXTURE = 60;
const MUTANTS_OF_WASI = 900;
const NAME_SWAPS_PER_FIXTURE = 30;
/** Valid inputs get many more identifier swaps: they mostly stay parseable and hit resolution. */
const NAME_SWAPS_OF_VALID = 400;
const SEED = 20260411;
const MUTANTS_PER_FOLDER = 40;

interface Outcome {
  readonly id: string;
  readonly jco: Verdict;
  readonly ours: Verdict;
}

function agrees(o: Outcome): boolean {
  if (o.jco.ok || o.ours.ok) return o.jco.ok === o.ours.ok;
  return o.jco.message === o.ours.message;
}

function allowed(o: Outcome): string | undefined {
  const jco = o.jco.ok ? 'OK' : o.jco.message;
  const ours = o.ours.ok ? 'OK' : o.ours.message;
  return ALLOWED_DISAGREEMENTS.find((a) => (a.id === undefined || a.id.test(o.id)) && a.jco.test(jco) && a.ours.test(ours))?.reason;
}

async function ours(text: string): Promise<Verdict> {
  const e = firstError(await analyzeText(text, { features: ['active'] }));
  return e ? { ok: false, message: e.message } : { ok: true };
}

/** The WASI 0.2 packages as one source: our package with each WASI package nested in it. */
function wasiSingleSource(): string {
  const dir = path.join(REPO_ROOT, 'test', 'fixtures', 'wit', 'wasi-0.2', 'all');
  const nested = fs.readdirSync(path.join(dir, 'deps')).sort().map((f) => {
    const text = fs.readFileSync(path.join(dir, 'deps', f), 'utf8');
    return text.replace(/^package ([^;]+);/m, 'package $1 {') + '}\n';
  });
  return `${fs.readFileSync(path.join(dir, 'world.wit'), 'utf8')}\n${nested.join('\n')}`;
}

function report(outcomes: readonly Outcome[], label: string): Outcome[] {
  const agreeing = outcomes.filter(agrees).length;
  const rate = ((100 * agreeing) / Math.max(1, outcomes.length)).toFixed(2);
  const rejected = outcomes.filter((o) => !o.jco.ok).length;
  console.log(`differential ${label}: ${agreeing}/${outcomes.length} agree (${rate}%), jco rejected ${rejected}`);
  const bad = outcomes.filter((o) => !agrees(o) && allowed(o) === undefined);
  for (const o of bad.slice(0, 20)) {
    console.log(`  DISAGREE ${o.id}\n    jco : ${JSON.stringify(o.jco)}\n    ours: ${JSON.stringify(o.ours)}`);
  }
  return bad;
}

test('differential: conformance inputs agree with wit-parser', async () => {
  const outcomes: Outcome[] = [];
  for (const c of conformanceCases()) {
    const jco = c.kind === 'folder' ? await oracleDir(c.path, ['active']) : await oracleSource(fs.readFileSync(c.path, 'utf8'), ['active']);
    const { analysis } = await checkOnDisk(c.path, c.path, { features: ['active'] });
    const e = firstError(analysis);
    outcomes.push({ id: c.name, jco, ours: e ? { ok: false, message: e.message } : { ok: true } });
  }
  assert.deepEqual(report(outcomes, 'conformance').map((o) => o.id), []);
});

test('differential: conformance inputs agree with wit-parser with no features and with all features', async () => {
  const outcomes: Outcome[] = [];
  for (const c of conformanceCases()) {
    for (const features of [[] as string[], 'all' as const]) {
      const jco = c.kind === 'folder' ? await oracleDir(c.path, features) : await oracleSource(fs.readFileSync(c.path, 'utf8'), features);
      const { analysis } = await checkOnDisk(c.path, c.path, features === 'all' ? { allFeatures: true } : { features });
      const e = firstError(analysis);
      outcomes.push({ id: `${c.name} [${features === 'all' ? 'all' : 'none'}]`, jco, ours: e ? { ok: false, message: e.message } : { ok: true } });
    }
  }
  assert.deepEqual(report(outcomes, 'conformance, other feature sets').map((o) => o.id), []);
});

test('differential: the WASI 0.2 packages as one source agree with wit-parser', async () => {
  const text = wasiSingleSource();
  const jco = await oracleSource(text, ['active']);
  assert.deepEqual(jco, { ok: true });
  assert.deepEqual(await ours(text), { ok: true });
});

test('differential: seeded token mutations agree with wit-parser', async () => {
  const sources: { name: string; text: string; count: number }[] = conformanceCases()
    .filter((c) => c.kind === 'file')
    .map((c) => ({ name: c.name, text: fs.readFileSync(c.path, 'utf8'), count: MUTANTS_PER_FIXTURE }));
  sources.push({ name: 'wasi-0.2', text: wasiSingleSource(), count: MUTANTS_OF_WASI });
  const outcomes: Outcome[] = [];
  let seed = SEED;
  for (const s of sources) {
    seed += 1;
    for (const [i, m] of mutants(s.text, s.count, seed).entries()) {
      outcomes.push({ id: `${s.name}#${i} (${m.kind} token ${m.index})`, jco: await oracleSource(m.text, ['active']), ours: await ours(m.text) });
    }
    const swaps = s.name.startsWith('valid-') || s.name === 'wasi-0.2' ? NAME_SWAPS_OF_VALID : NAME_SWAPS_PER_FIXTURE;
    for (const [i, m] of mutants(s.text, swaps, seed + 7919, true).entries()) {
      outcomes.push({ id: `${s.name}#n${i} (${m.kind} token ${m.index})`, jco: await oracleSource(m.text, ['active']), ours: await ours(m.text) });
    }
  }
  assert.ok(outcomes.length >= 2000, `only ${outcomes.length} mutants`);
  const allowedCount = outcomes.filter((o) => !agrees(o) && allowed(o) !== undefined).length;
  console.log(`differential mutations: ${allowedCount} disagreements are allow-listed`);
  assert.deepEqual(report(outcomes, 'mutations').map((o) => o.id), []);
});

/** Every `.wit` file under a folder (deps/ included), as relative path → text. */
function readTree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = path.join(prefix, e.name);
    if (e.isDirectory()) Object.assign(out, readTree(dir, rel));
    else out[rel] = fs.readFileSync(path.join(dir, rel), 'utf8');
  }
  return out;
}

function writeTree(dir: string, files: Readonly<Record<string, string>>): void {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

test('differential: seeded mutations of package folders with deps/ agree with wit-parser', async () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wit-differential-'));
  const outcomes: Outcome[] = [];
  let seed = SEED + 1000;
  try {
    const wasiDir = path.join(REPO_ROOT, 'test', 'fixtures', 'wit', 'wasi-0.2');
    const folders = [
      ...conformanceCases().filter((k) => k.kind === 'folder' && k.name !== 'deps-encoded'),
      ...['cli', 'http'].map((name) => ({ name: `wasi-0.2/${name}`, path: path.join(wasiDir, name), kind: 'folder' as const })),
    ];
    for (const c of folders) {
      const tree = readTree(c.path);
      const witFiles = Object.keys(tree).filter((f) => f.endsWith('.wit')).sort();
      seed += 1;
      const variants: { kind: string; files: Record<string, string> }[] = [];
      witFiles.forEach((file, fileIndex) => {
        const count = Math.ceil(MUTANTS_PER_FOLDER / witFiles.length);
        for (const m of mutants(tree[file] as string, count, seed * 31 + fileIndex, fileIndex % 2 === 0)) {
          variants.push({ kind: `${file} ${m.kind} token ${m.index}`, files: { ...tree, [file]: m.text } });
        }
      });
      for (const [i, v] of variants.entries()) {
        const dir = path.join(scratch, `${c.name.replace('/', '-')}-${i}`);
        writeTree(dir, v.files);
        const jco = await oracleDir(dir, ['active']);
        const { analysis } = await checkOnDisk(dir, dir, { features: ['active'] });
        const e = firstError(analysis);
        outcomes.push({ id: `${c.name}#${i} (${v.kind})`, jco, ours: e ? { ok: false, message: e.message } : { ok: true } });
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  assert.ok(outcomes.length >= 300, `only ${outcomes.length} folder mutants`);
  assert.deepEqual(report(outcomes, 'folder mutations').map((o) => o.id), []);
});

test('differential: mutations of the gate fixtures agree with wit-parser under other feature sets', async () => {
  const outcomes: Outcome[] = [];
  let seed = SEED + 5000;
  for (const c of conformanceCases().filter((k) => k.kind === 'file' && (k.name.startsWith('gate-') || k.name === 'valid-gates'))) {
    const text = fs.readFileSync(c.path, 'utf8');
    seed += 1;
    for (const [i, m] of [...mutants(text, 40, seed), ...mutants(text, 40, seed + 1, true)].entries()) {
      const features = i % 2 === 0 ? ([] as string[]) : ('all' as const);
      const jco = await oracleSource(m.text, features);
      const e = firstError(await analyzeText(m.text, features === 'all' ? { allFeatures: true } : { features }));
      outcomes.push({ id: `${c.name}#g${i} (${m.kind} token ${m.index}, ${features === 'all' ? 'all' : 'no'} features)`, jco, ours: e ? { ok: false, message: e.message } : { ok: true } });
    }
  }
  assert.ok(outcomes.length >= 400, `only ${outcomes.length} mutants`);
  assert.deepEqual(report(outcomes, 'gate mutations under other feature sets').map((o) => o.id), []);
});
