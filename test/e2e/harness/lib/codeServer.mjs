// Starting and stopping code-server (VS Code 1.139 served to a browser) for tests and `npm start`.
// Each server runs detached in its own process group, so stopping it also ends the extension
// hosts, language servers and debug adapters it spawned.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertHarnessInstalled, codeServerEntry, node24 } from './paths.mjs';
import { freePort } from './ports.mjs';

/** User settings that keep a test workbench quiet and deterministic. */
const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

const live = new Set();
// A crash of the calling script must not leave servers behind.
process.on('exit', () => {
  for (const pid of live) killGroup(pid, 'SIGKILL');
});

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** The environment code-server and its children run with: no writes to the real home configuration. */
function serverEnv(stateDir, extra) {
  return { ...process.env, XDG_CONFIG_HOME: join(stateDir, 'xdg'), XDG_DATA_HOME: join(stateDir, 'xdg'), ...extra };
}

/**
 * Installs a .vsix into an extensions folder with `code-server --install-extension`.
 * Throws with code-server's output when the install fails.
 */
export function installExtension({ vsix, extensionsDir, stateDir }) {
  assertHarnessInstalled({ browser: false });
  mkdirSync(stateDir, { recursive: true });
  const r = spawnSync(node24, [codeServerEntry, '--user-data-dir', join(stateDir, 'user-data'), '--extensions-dir', extensionsDir,
    '--install-extension', vsix, '--force'], { encoding: 'utf8', env: serverEnv(stateDir, {}), timeout: 120_000 });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/was successfully installed/.test(output)) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status ?? r.signal}):\n${output}`);
  }
  return output.trim();
}

/**
 * Starts code-server and resolves once it answers /healthz.
 * @param {object} o
 * @param {string} o.stateDir  folder for config, user data, logs (created; fresh per server)
 * @param {string} [o.extensionsDir]  defaults to stateDir/extensions
 * @param {number} [o.port]  a fixed port; otherwise a free one is picked (and re-picked if taken meanwhile)
 * @param {boolean} [o.smokeTestDriver]  enables the payload that runs extension tests in the extension host
 * @param {Record<string,string>} [o.env]  extra environment for the server and its extension hosts
 * @param {string[]} [o.args]  extra code-server arguments
 * @param {(s: string) => void} [o.log]
 * @param {number} [o.timeoutMs]
 */
export async function startCodeServer(o) {
  assertHarnessInstalled({ browser: false });
  const attempts = o.port ? 1 : 3;
  let lastError;
  for (let i = 0; i < attempts; i++) {
    const port = o.port ?? (await freePort());
    try {
      return await startOnce({ ...o, port });
    } catch (e) {
      lastError = e;
      if (!/EADDRINUSE/.test(String(e))) throw e;
    }
  }
  throw lastError;
}

async function startOnce({ stateDir, extensionsDir, port, smokeTestDriver = false, env = {}, args = [], log = () => {}, timeoutMs = 60_000 }) {
  const userDataDir = join(stateDir, 'user-data');
  extensionsDir ??= join(stateDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const config = join(stateDir, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  writeFileSync(join(userDataDir, 'User/settings.json'), JSON.stringify(quietSettings, null, 2));
  const argv = [codeServerEntry, '--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--ignore-last-opened', ...args];
  if (smokeTestDriver) argv.push('--vscode-option', 'enable-smoke-test-driver');

  const logFile = join(stateDir, 'server.log');
  const logStream = createWriteStream(logFile);
  const child = spawn(node24, argv, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv(stateDir, env) });
  live.add(child.pid);
  let output = '';
  const collect = (d) => {
    logStream.write(d);
    if (output.length < 200_000) output += d;
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => {
    live.delete(child.pid);
    logStream.end();
    resolveExit(code ?? signal);
  }));

  const origin = `http://127.0.0.1:${port}`;
  const started = Date.now();
  let exitCode;
  void exited.then((c) => { exitCode = c; });
  for (;;) {
    if (exitCode !== undefined) {
      throw new Error(`code-server exited (${exitCode}) before answering on ${origin}:\n${output.slice(-3000)}`);
    }
    try {
      const r = await fetch(`${origin}/healthz`);
      if (r.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() - started > timeoutMs) {
      killGroup(child.pid, 'SIGKILL');
      throw new Error(`code-server did not answer on ${origin}/healthz within ${timeoutMs} ms; log: ${logFile}\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const remoteAuthority = await readRemoteAuthority(origin);
  log(`code-server listening on ${origin} (pid ${child.pid}, remote authority ${remoteAuthority})`);

  async function stop() {
    if (exitCode !== undefined) return;
    killGroup(child.pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    // Extension hosts may outlive the server process itself; they are in the same group.
    killGroup(child.pid, 'SIGKILL');
  }

  return {
    port, origin, remoteAuthority, stateDir, userDataDir, extensionsDir, logFile, pid: child.pid, exited, stop,
    /** The extension host logs (exthost*.log) under the user data folder. */
    logsDir: join(userDataDir, 'logs'),
    /**
     * The workbench URL for a folder, optionally with a smoke-test-driver payload
     * (`extensionDevelopmentPath`, `extensionTestsPath`: absolute paths on this machine).
     */
    workbenchUrl({ folder, extensionDevelopmentPath, extensionTestsPath } = {}) {
      const params = [];
      // Slashes stay readable: the printed address is meant for people too.
      if (folder) params.push(`folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}`);
      const payload = [];
      if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', `vscode-remote://${remoteAuthority}${extensionDevelopmentPath}`]);
      if (extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://${remoteAuthority}${extensionTestsPath}`]);
      if (payload.length) params.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
      return `${origin}/${params.length ? `?${params.join('&')}` : ''}`;
    },
  };
}

/** The workbench page embeds its configuration; the remote authority names the server in vscode-remote URIs. */
async function readRemoteAuthority(origin) {
  const html = await (await fetch(`${origin}/`)).text();
  const m = html.match(/vscode-workbench-web-configuration" data-settings="([^"]*)"/);
  if (!m) throw new Error(`the workbench page at ${origin}/ has no web configuration; is this code-server?`);
  const settings = JSON.parse(m[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
  return settings.remoteAuthority;
}

/** Reads every extension host log of a server, for activation checks and failure reports. */
export function readText(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
