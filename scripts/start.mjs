#!/usr/bin/env node
// `npm start`: builds and packages the extension, installs the .vsix into a local VS Code (code-server,
// set up on first use by test/e2e/harness/setup.sh) with a fresh user-data folder, opens the examples/
// workspace and prints the address to open in a browser. Ctrl-C stops everything it started.
//
//   --port N     listen on 127.0.0.1:N (default 8080, or $PORT); a busy port is replaced by a free one
//   --desktop    instead, open a desktop `code` from PATH with --extensionDevelopmentPath=<this folder>
//   --folder DIR open DIR instead of examples/
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const folder = resolve(option('--folder') ?? join(repoRoot, 'examples'));

function say(line) {
  console.log(`wasi-studio: ${line}`);
}

function fail(message) {
  console.error(`wasi-studio: error: ${message}`);
  process.exit(1);
}

function runStep(what, cmd, cmdArgs) {
  say(what);
  const r = spawnSync(cmd, cmdArgs, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) fail(`${what} failed (exit ${r.status ?? r.signal})`);
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim();
}

async function startDesktop() {
  const code = onPath('code');
  if (!code) fail('no desktop `code` on PATH; run `npm start` without --desktop to use VS Code in the browser');
  runStep('building the extension', process.execPath, [join(repoRoot, 'esbuild.mjs')]);
  say(`opening ${folder} in ${code} with the development build`);
  const child = spawn(code, ['--new-window', `--extensionDevelopmentPath=${repoRoot}`, folder], { stdio: 'inherit' });
  const stop = () => child.kill('SIGTERM');
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  child.on('exit', (status) => process.exit(status ?? 0));
}

async function startBrowser() {
  const wanted = Number(option('--port') ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(wanted) || wanted <= 0 || wanted > 65535) fail(`--port must be a TCP port number, got ${option('--port')}`);

  runStep('checking the local VS Code (code-server) install', 'bash', [join(repoRoot, 'test/e2e/harness/setup.sh'), '--no-browser']);
  // Imported only now: these modules need the harness that setup.sh just made sure of.
  const { installExtension, startCodeServer } = await import('../test/e2e/harness/lib/codeServer.mjs');
  const { freePort, isPortFree } = await import('../test/e2e/harness/lib/ports.mjs');

  const stateDir = mkdtempSync(join(tmpdir(), 'wasi-studio-start-'));
  let server;
  let stopping = false;
  const stop = async (status) => {
    if (stopping) return;
    stopping = true;
    say('stopping');
    await server?.stop();
    rmSync(stateDir, { recursive: true, force: true });
    process.exit(status);
  };
  // SIGHUP: the terminal closed; code-server runs in its own process group and would outlive us.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => void stop(0));

  const vsix = join(stateDir, 'wasi-studio.vsix');
  runStep('building and packaging the extension', process.execPath, [join(repoRoot, 'scripts/package.mjs'), '--out', vsix]);
  say('installing the .vsix into a fresh VS Code profile');
  try {
    installExtension({ vsix, extensionsDir: join(stateDir, 'extensions'), stateDir });
  } catch (e) {
    fail(e.message);
  }

  let port = wanted;
  if (!(await isPortFree(wanted))) {
    port = await freePort();
    say(`port ${wanted} is busy; using port ${port} instead`);
  }
  try {
    server = await startCodeServer({ stateDir, extensionsDir: join(stateDir, 'extensions'), port });
  } catch (e) {
    rmSync(stateDir, { recursive: true, force: true });
    fail(e.message);
  }
  void server.exited.then((code) => {
    if (stopping) return;
    console.error(`wasi-studio: code-server exited unexpectedly (${code}); its log: ${server.logFile}`);
    void stop(1);
  });

  say(`VS Code user data: ${server.userDataDir}`);
  say(`WASI Studio is running. Open this address in a browser:\n\n    ${server.workbenchUrl({ folder })}\n`);
  say('Press Ctrl-C to stop.');
}

if (args.includes('--desktop')) await startDesktop();
else await startBrowser();
