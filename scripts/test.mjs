// `npm test`: type-check and compile, lint, bundle, run unit + integration tests under node:test,
// then the end-to-end tests in a real VS Code (code-server + Chromium). Ends with one summary
// line "N passed, N failed" covering every suite, which is what CI reads.
//
//   --only unit|e2e   run only that part (unit includes integration)
//   WASI_STUDIO_SKIP_E2E=1  skip the e2e stage (local inner loop only; the summary says so)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const totals = { passed: 0, failed: 0 };
mkdirSync('test-output', { recursive: true });

function run(cmd, args, opts = {}) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

function findTests(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

/** Reads "# pass N" / "# fail N" from a TAP file written by node:test. */
function tapCounts(file) {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const num = (key) => Number((text.match(new RegExp(`^# ${key} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  return { passed: num('pass'), failed: num('fail') + num('cancelled') };
}

function stage(name, status) {
  if (status === 0) { totals.passed += 1; return; }
  console.error(`\n${name} failed (exit ${status})`);
  totals.failed += 1;
}

// A lockfile that `npm ci` would refuse breaks every fresh clone; catch it here, where it is made.
stage('lockfile', run(process.execPath, ['scripts/lockfile-check.mjs', 'package-lock.json']));
// Type-check and compile (tests run from out/), then bundle (integration tests spawn dist/).
stage('type-check', run('npx', ['tsc', '-p', 'tsconfig.json']));
// The architecture's layering and protocol-channel rules, machine-checked (eslint.config.mjs).
stage('lint', run('npx', ['eslint', '--max-warnings', '0', '.']));
stage('build', run('node', ['esbuild.mjs']));

if (only !== 'e2e') {
  const files = [...findTests('out/test/unit'), ...findTests('out/test/integration')];
  const tap = 'test-output/node-test.tap';
  const status = run(process.execPath, ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files]);
  const c = tapCounts(tap);
  totals.passed += c.passed; totals.failed += c.failed;
  if (status !== 0 && c.failed === 0) stage('node:test', status);
}

if (only !== 'unit') {
  if (process.env.WASI_STUDIO_SKIP_E2E === '1') {
    console.log('\ne2e: skipped because WASI_STUDIO_SKIP_E2E=1');
  } else {
    const setup = run('bash', ['test/e2e/harness/setup.sh']);
    stage('e2e setup', setup);
    if (setup === 0) {
      // A summary left over from an earlier run must never be counted for this one.
      const summaryFile = join(process.env.WASI_STUDIO_E2E_OUT ?? 'test-output/e2e', 'summary.json');
      rmSync(summaryFile, { force: true });
      const status = run(process.execPath, ['test/e2e/harness/run-all.mjs']);
      const s = existsSync(summaryFile) ? JSON.parse(readFileSync(summaryFile, 'utf8')) : { passed: 0, failed: 0 };
      totals.passed += s.passed; totals.failed += s.failed;
      if (status !== 0 && s.failed === 0) stage('e2e', status);
    }
  }
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
