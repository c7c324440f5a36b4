// How many of the sandbox escape cases (test/fixtures/wasi/escape-cases.json) get out under Node's
// own `node:wasi`, which its documentation says is not a sandbox, against our host in the same run.
// A case escapes when the module reports success, prints anything it read from outside, or the
// canary directory (or the read-only tree) was read or changed, or something appeared beside them.
// node:wasi has no read-only preopens, so those cases are counted separately.
// Uses the compiled test helpers in out/ (`npm run bench` compiles first) and dist/cli.js.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const layout = require(join(root, 'out/test/integration/wasi/escapeLayout.js'));
const suite = layout.loadEscapeSuite();
const escapeWasm = join(root, 'test/fixtures/wasi/build/escape.wasm');
const WATCHED = ['canary', 'ro'];

const nodeRunner = `import { WASI } from 'node:wasi'; import { readFileSync } from 'node:fs';
const [mod, preopens, ...args] = process.argv.slice(1);
const wasi = new WASI({ version: 'preview1', args: ['escape.wasm', ...args], env: {}, preopens: JSON.parse(preopens), returnOnExit: true });
process.exitCode = wasi.start(new WebAssembly.Instance(new WebAssembly.Module(readFileSync(mod)), wasi.getImportObject()));`;

function attempt(host, c) {
  const dir = mkdtempSync(join(tmpdir(), 'wasi-escape-bench-'));
  layout.plant(dir, suite);
  const t = Math.floor(Date.now() / 1000) - 3600;
  for (const w of WATCHED) layout.backdate(join(dir, w), t);
  const stable = (entries) => JSON.stringify(entries.map(({ atimeNs, ...rest }) => rest));
  const before = Object.fromEntries(WATCHED.map((w) => [w, stable(layout.snapshotMeta(join(dir, w)))]));
  const content = Object.fromEntries(WATCHED.map((w) => [w, JSON.stringify(layout.snapshotContent(join(dir, w)))]));
  const listing = JSON.stringify(layout.snapshotMeta(dir).filter((e) => !e.path.includes('/')).map((e) => e.path));
  for (const w of WATCHED) layout.backdate(join(dir, w), t);

  const args = [c.name, join(dir, suite.canaryArg)];
  const r = host === 'ours'
    ? spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'run',
      ...suite.preopens.flatMap((p) => ['--dir', `${join(dir, p.host)}::${p.guest}${p.readonly ? ':ro' : ''}`]), escapeWasm, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', nodeRunner, escapeWasm,
      JSON.stringify(Object.fromEntries(suite.preopens.map((p) => [p.guest, join(dir, p.host)]))), ...args], { encoding: 'utf8' });
  const reasons = [];
  if (/ESCAPED/.test(r.stdout)) reasons.push('call succeeded');
  if (/LEAK/.test(r.stdout)) reasons.push('read outside');
  for (const w of WATCHED) {
    const after = layout.snapshotMeta(join(dir, w));
    if (layout.readSinceBackdate(after).length > 0) reasons.push(`${w} read`);
    if (stable(after) !== before[w] || JSON.stringify(layout.snapshotContent(join(dir, w))) !== content[w]) reasons.push(`${w} changed`);
  }
  if (JSON.stringify(layout.snapshotMeta(dir).filter((e) => !e.path.includes('/')).map((e) => e.path)) !== listing) reasons.push('file created outside');
  if (!/^case /m.test(r.stdout)) reasons.push(`no verdict (exit ${r.status})`);
  rmSync(dir, { recursive: true, force: true });
  return [...new Set(reasons)];
}

const results = suite.cases.map((c) => ({ c, ours: attempt('ours', c), node: attempt('node', c) }));
const isRo = (c) => c.kind === 'read-only write';
const count = (host, pick) => results.filter((r) => pick(r.c) && r[host].length > 0).length;
const total = (pick) => results.filter((r) => pick(r.c)).length;
const all = () => true;
const notRo = (c) => !isRo(c);

console.log('| escape cases | total | escaped under our host | escaped under node:wasi |');
console.log('| --- | ---: | ---: | ---: |');
console.log(`| path, symlink, rename/link, NUL, long-path cases | ${total(notRo)} | ${count('ours', notRo)} | ${count('node', notRo)} |`);
console.log(`| read-only preopen cases (node:wasi cannot express read-only) | ${total(isRo)} | ${count('ours', isRo)} | ${count('node', isRo)} |`);
console.log(`| **all** | ${total(all)} | **${count('ours', all)}** | **${count('node', all)}** |`);
console.log('\nEscapes under node:wasi:\n');
for (const r of results.filter((x) => x.node.length > 0)) console.log(`- \`${r.c.name}\` (${r.c.kind}): ${r.node.join(', ')}`);
const oursOut = results.filter((x) => x.ours.length > 0);
if (oursOut.length > 0) {
  console.log('\nEscapes under our host:\n');
  for (const r of oursOut) console.log(`- \`${r.c.name}\`: ${r.ours.join(', ')}`);
}
