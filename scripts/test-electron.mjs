#!/usr/bin/env node
// `npm run test:electron`: the mocha suites of test/e2e/suite in desktop VS Code via @vscode/test-electron,
// for machines that can download VS Code (this needs update.code.visualstudio.com; CI here uses
// code-server instead: `npm run test:e2e`). Runs the same suite index as the code-server harness.
//
//   VSCODE_VERSION=1.100.0   which VS Code to download (default: stable)
//   VSCODE_EXECUTABLE=path   use an installed VS Code instead of downloading one
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const suiteIndex = join(repoRoot, 'out/test/e2e/suite/index.js');
const resultsFile = join(repoRoot, 'test-output/electron/results.json');

function fail(message) {
  console.error(`test:electron: ${message}`);
  process.exit(1);
}

for (const [what, cmd, args] of [['compile', 'npx', ['tsc', '-p', 'tsconfig.json']], ['build', process.execPath, ['esbuild.mjs']]]) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
  // tsc still writes out/ when other parts have type errors; only a missing suite index stops us.
  if (r.status !== 0) console.warn(`test:electron: ${what} reported errors (exit ${r.status}); continuing with what was emitted`);
}
if (!existsSync(suiteIndex)) fail(`${suiteIndex} was not produced by tsc`);

const { downloadAndUnzipVSCode, runTests } = await import('@vscode/test-electron');

let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
if (!vscodeExecutablePath) {
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({
      version: process.env.VSCODE_VERSION ?? 'stable', cachePath: join(repoRoot, '.vscode-test'), timeout: 30_000,
    });
  } catch (e) {
    fail(`could not download VS Code (${e.message ?? e}).\n` +
      'This machine cannot reach the VS Code download servers. Set VSCODE_EXECUTABLE to an installed VS Code,\n' +
      'or run the same suites in code-server, which needs only npm and apt: npm run test:e2e');
  }
}

// The suites expect the examples/ workspace; give them a fresh copy.
const workspace = mkdtempSync(join(tmpdir(), 'wasi-studio-electron-ws-'));
cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
mkdirSync(dirname(resultsFile), { recursive: true });
rmSync(resultsFile, { force: true });
let exitCode = 0;
try {
  exitCode = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: suiteIndex,
    extensionTestsEnv: { WASI_STUDIO_E2E: '1', WASI_STUDIO_E2E_RESULTS: resultsFile },
    launchArgs: [workspace, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (e) {
  console.error(`test:electron: VS Code reported failure: ${e.message ?? e}`);
  exitCode = 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
if (existsSync(resultsFile)) {
  const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
  console.log(`\n${r.passed} passed, ${r.failed} failed`);
}
process.exit(exitCode);
