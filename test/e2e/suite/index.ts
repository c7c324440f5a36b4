// The mocha entry the extension host calls (the `extensionTestsPath` / runTests contract). It loads
// every *.test.js beside it, runs them inside the real extension host, and writes the results to the
// JSON file named by WASI_STUDIO_E2E_RESULTS so the harness can count every test, not just the exit code.
//
// WASI_STUDIO_E2E_MODE=installed loads only *.installed.test.js (the extension installed from the .vsix);
// otherwise those are left out. WASI_STUDIO_E2E_GREP narrows the run to matching test titles.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

interface TestResult {
  title: string;
  state: 'passed' | 'failed';
  durationMs?: number;
  error?: string;
}

export interface SuiteResults {
  passed: number;
  failed: number;
  tests: TestResult[];
}

export async function run(): Promise<void> {
  const installed = process.env.WASI_STUDIO_E2E_MODE === 'installed';
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .filter((f) => f.endsWith('.installed.test.js') === installed)
    // The smoke tests go first: they see the window before other suites open editors or start sessions,
    // and a broken activation then shows up as the first failure.
    .sort((a, b) => Number(!a.startsWith('smoke')) - Number(!b.startsWith('smoke')) || a.localeCompare(b));
  if (files.length === 0) {
    throw new Error(`no ${installed ? '*.installed.test.js' : '*.test.js'} files in ${__dirname}; was the project compiled (npx tsc -p tsconfig.json)?`);
  }

  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  if (process.env.WASI_STUDIO_E2E_GREP) mocha.grep(process.env.WASI_STUDIO_E2E_GREP);
  for (const f of files) mocha.addFile(join(__dirname, f));

  const results: SuiteResults = { passed: 0, failed: 0, tests: [] };
  const failures = await new Promise<number>((resolveRun) => {
    const runner = mocha.run(resolveRun);
    runner.on('pass', (test) => {
      results.passed += 1;
      results.tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration });
    });
    // Hook failures arrive here too, so a broken before() counts instead of silently dropping its tests.
    runner.on('fail', (test, err: Error) => {
      results.failed += 1;
      results.tests.push({ title: test.fullTitle(), state: 'failed', error: err.stack ?? String(err) });
    });
  });

  if (process.env.WASI_STUDIO_E2E_RESULTS) {
    writeFileSync(process.env.WASI_STUDIO_E2E_RESULTS, JSON.stringify(results, null, 2));
  }
  if (failures > 0) throw new Error(`${failures} end-to-end test(s) failed`);
}
