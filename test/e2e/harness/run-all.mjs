#!/usr/bin/env node
// Runs every end-to-end test against a real VS Code (code-server) in headless Chromium:
//   1. the mocha suites in the extension host with the development build (test/e2e/suite/*.test.js);
//   2. the UI scenarios (test/e2e/ui/*.mjs), each in a fresh workbench page and workspace;
//   3. the packaged .vsix: installed with --install-extension into a second server, then the
//      *.installed.test.js suites run against it.
// Writes screenshots and logs to test-output/e2e/ and the counts to test-output/e2e/summary.json.
// Expects `npx tsc -p tsconfig.json` and `node esbuild.mjs` to have run (npm test does both).
//
//   --only mocha|ui|installed   run one part (repeatable, comma-separated)
//   --grep TEXT                 only UI scenarios whose file name contains TEXT, and mocha tests whose title matches
//   VERBOSE=1                   also print the workbench messages filtered out as noise (servers log to servers/*/server.log)
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { launchBrowser, newPage } from './lib/browser.mjs';
import { installExtension, startCodeServer } from './lib/codeServer.mjs';
import { assertHarnessInstalled, harnessDir, repoRoot } from './lib/paths.mjs';
import { withTimeout, workbenchHelpers } from './lib/workbench.mjs';

const args = process.argv.slice(2);
const argValues = (flag) => args.flatMap((a, i) => (a === flag && args[i + 1] ? args[i + 1].split(',') : []));
const only = new Set(argValues('--only'));
const grep = argValues('--grep')[0];
const wants = (part) => only.size === 0 || only.has(part);

// WASI_STUDIO_E2E_OUT lets two runs on one checkout keep their results apart.
const outDir = resolve(process.env.WASI_STUDIO_E2E_OUT ?? join(repoRoot, 'test-output/e2e'));
const suiteIndex = join(repoRoot, 'out/test/e2e/suite/index.js');
const uiDir = join(repoRoot, 'test/e2e/ui');
const started = Date.now();
const summary = { passed: 0, failed: 0, tests: [] };
const cleanups = [];
/** Workbench messages that say nothing about our extension (offline marketplace, shutdown notes). */
const harmlessNoise = /open-vsx\.org|ENOTFOUND|vsda|Long running operations during shutdown|autoUpdateBuiltinExtensions|marketplace|gallery/i;

function log(line) {
  console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${line}`);
}

function record(kind, title, error, extra = {}) {
  summary[error ? 'failed' : 'passed'] += 1;
  summary.tests.push({ kind, title, state: error ? 'failed' : 'passed', ...(error ? { error } : {}), ...extra });
  log(`${error ? 'FAIL' : 'ok  '} ${kind}: ${title}${error ? `\n${indent(error)}` : ''}`);
}

function indent(text) {
  return String(text).split('\n').map((l) => `        ${l}`).join('\n');
}

/** A fresh copy of a fixture folder (relative to the repository) in the temp directory. */
function makeWorkspace(fixture) {
  const from = join(repoRoot, fixture);
  if (!existsSync(from)) throw new Error(`fixture folder ${fixture} does not exist`);
  const dir = mkdtempSync(join(tmpdir(), 'wasi-studio-e2e-ws-'));
  cpSync(from, dir, { recursive: true });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Opens the workbench with the smoke-test-driver payload, which makes the extension host load
 * `extensionTestsPath` and call its run(); the page reports the exit code through codeAutomationExit.
 */
async function runExtensionTests({ browser, server, label, workspace, extensionDevelopmentPath, resultsFile, timeoutMs = 300_000 }) {
  rmSync(resultsFile, { force: true });
  const { context, page, consoleLines } = await newPage(browser);
  try {
    let reportExit;
    const exited = new Promise((r) => { reportExit = r; });
    await page.exposeFunction('codeAutomationExit', (code) => reportExit(code));
    // The extension host's console (mocha's spec reporter included) arrives here as console.log arguments.
    await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
      const text = Array.isArray(logArgs) ? format(...logArgs) : String(logArgs);
      if (!process.env.VERBOSE && harmlessNoise.test(text)) return;
      for (const line of text.split('\n')) if (line.trim()) console.log(`  [${label}] ${line}`);
    });
    const url = server.workbenchUrl({ folder: workspace, extensionDevelopmentPath, extensionTestsPath: suiteIndex });
    log(`${label}: opening the workbench with the test payload`);
    await page.goto(url);
    const code = await withTimeout(exited, timeoutMs, `the ${label} extension tests did not report an exit code`);
    await page.screenshot({ path: join(outDir, `${label}-workbench.png`) }).catch(() => {});
    log(`${label}: extension tests exited with code ${code}`);
    if (!existsSync(resultsFile)) {
      throw new Error(`the ${label} tests exited with ${code} but wrote no results to ${resultsFile} (did run() in test/e2e/suite/index.ts throw before mocha ran?)`);
    }
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    for (const t of results.tests) record('mocha', `${label}: ${t.title}`, t.error, { durationMs: t.durationMs });
    if (code !== 0 && results.failed === 0) record('mocha', `${label}: exit code`, `the run exited with ${code} although no test failed`);
    if (results.tests.length === 0) record('mocha', `${label}: tests found`, `no tests ran${grep ? ` (grep "${grep}")` : ''}`);
  } catch (e) {
    record('mocha', `${label}: run`, e.stack ?? String(e));
    await page.screenshot({ path: join(outDir, `${label}-failure.png`) }).catch(() => {});
  } finally {
    writeFileSync(join(outDir, `${label}-console.log`), consoleLines.join('\n'));
    await context.close().catch(() => {});
  }
}

/** Loads and runs one UI scenario module in a fresh page; returns nothing, records the result. */
async function runScenario({ browser, server, file }) {
  const name = basename(file, '.mjs');
  const { context, page, consoleLines } = await newPage(browser);
  const scenarioLog = (line) => log(`  ${name}: ${line}`);
  const wb = workbenchHelpers(page, { outDir, log: scenarioLog });
  try {
    const mod = await import(pathToFileURL(file).href);
    if (typeof mod.run !== 'function') throw new Error(`${file} exports no async function run(ctx)`);
    const options = { fixture: 'examples', workbench: true, timeoutMs: 120_000, ...(mod.options ?? {}) };
    const workspace = makeWorkspace(options.fixture);
    const body = async () => {
      if (options.workbench) {
        await page.goto(server.workbenchUrl({ folder: workspace, extensionDevelopmentPath: repoRoot }));
        await wb.waitForWorkbench();
      }
      await mod.run({ page, workspace, outDir, log: scenarioLog, wb, repoRoot, server, browser, name });
    };
    await withTimeout(body(), options.timeoutMs, `scenario ${name} did not finish`);
    record('ui', name);
  } catch (e) {
    record('ui', name, e.stack ?? String(e));
    await page.screenshot({ path: join(outDir, `${name}-failure.png`) }).catch(() => {});
  } finally {
    writeFileSync(join(outDir, `${name}-console.log`), consoleLines.join('\n'));
    await context.close().catch(() => {});
  }
}

/**
 * A fresh state folder (config, user data, extensions) for one server, in the temp directory; its logs
 * are copied to outDir/servers/<name>/ when the run ends.
 */
function serverStateDir(name) {
  const dir = mkdtempSync(join(tmpdir(), `wasi-studio-e2e-${name}-`));
  cleanups.push(() => {
    const keep = join(outDir, 'servers', name);
    mkdirSync(keep, { recursive: true });
    if (existsSync(join(dir, 'server.log'))) cpSync(join(dir, 'server.log'), join(keep, 'server.log'));
    if (existsSync(join(dir, 'user-data/logs'))) cpSync(join(dir, 'user-data/logs'), join(keep, 'logs'), { recursive: true });
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Builds the .vsix with scripts/package.mjs and returns its path. */
async function packageVsix() {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts/package.mjs'), '--out', join(outDir, 'wasi-studio.vsix')],
    { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run package failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return join(outDir, 'wasi-studio.vsix');
}

async function main() {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  assertHarnessInstalled();
  if (!existsSync(suiteIndex)) throw new Error(`${suiteIndex} is missing; compile first: npx tsc -p tsconfig.json`);
  if (!existsSync(join(repoRoot, 'dist/extension.js'))) throw new Error('dist/extension.js is missing; build first: node esbuild.mjs');

  const browser = await launchBrowser();
  cleanups.push(() => browser.close());
  const env = { WASI_STUDIO_E2E: '1', ...(grep ? { WASI_STUDIO_E2E_GREP: grep } : {}) };

  if (wants('mocha') || wants('ui')) {
    const server = await startCodeServer({
      stateDir: serverStateDir('dev'), smokeTestDriver: true, log,
      env: { ...env, WASI_STUDIO_E2E_RESULTS: join(outDir, 'dev-results.json') },
      // Closed pages' extension hosts (and their language servers) go away soon instead of after 3 hours.
      args: ['--reconnection-grace-time', '5'],
    });
    cleanups.push(() => server.stop());
    if (wants('mocha')) {
      await runExtensionTests({ browser, server, label: 'dev', workspace: makeWorkspace('examples'), extensionDevelopmentPath: repoRoot,
        resultsFile: join(outDir, 'dev-results.json') });
    }
    if (wants('ui')) {
      const files = existsSync(uiDir) ? readdirSync(uiDir).filter((f) => f.endsWith('.mjs')).sort() : [];
      for (const f of files) {
        if (grep && !f.includes(grep)) continue;
        await runScenario({ browser, server, file: join(uiDir, f) });
      }
    }
    await server.stop();
  }

  if (wants('installed')) {
    try {
      log('installed: packaging the .vsix');
      const vsix = await packageVsix();
      const stateDir = serverStateDir('installed');
      const extensionsDir = join(stateDir, 'extensions');
      log(`installed: ${installExtension({ vsix, extensionsDir, stateDir })}`);
      const resultsFile = join(outDir, 'installed-results.json');
      const server = await startCodeServer({
        stateDir, extensionsDir, smokeTestDriver: true, log, args: ['--reconnection-grace-time', '5'],
        env: { ...env, WASI_STUDIO_E2E_MODE: 'installed', WASI_STUDIO_E2E_RESULTS: resultsFile, WASI_STUDIO_E2E_EXTENSIONS_DIR: extensionsDir },
      });
      cleanups.push(() => server.stop());
      await runExtensionTests({ browser, server, label: 'installed', workspace: makeWorkspace('examples'),
        extensionDevelopmentPath: join(harnessDir, 'probe-extension'), resultsFile });
      await server.stop();
    } catch (e) {
      record('installed', 'package and install the .vsix', e.stack ?? String(e));
    }
  }
}

let crashed;
try {
  await main();
} catch (e) {
  crashed = e;
  record('harness', 'run-all', e.stack ?? String(e));
} finally {
  for (const c of cleanups.reverse()) await Promise.resolve().then(c).catch(() => {});
  summary.durationMs = Date.now() - started;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2));
}
for (const t of summary.tests.filter((x) => x.state === 'failed')) log(`failed: ${t.kind}: ${t.title}`);
log(`${summary.passed} passed, ${summary.failed} failed (e2e, ${(summary.durationMs / 1000).toFixed(0)} s; details in ${outDir})`);
process.exit(summary.failed === 0 && !crashed ? 0 : 1);
