// `npm start` end to end: with its port taken it picks another and says so, serves a VS Code in which the
// extension installed from the .vsix is active and a .wit file is highlighted, and Ctrl-C (SIGINT) stops
// everything it started.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export const options = { workbench: false, timeoutMs: 180_000 };

/** All extension host logs under a user-data folder, concatenated. */
function extensionHostLogs(userDataDir) {
  const logs = join(userDataDir, 'logs');
  let text = '';
  for (const session of readdirSync(logs)) {
    for (const dir of readdirSync(join(logs, session)).filter((d) => d.startsWith('exthost'))) {
      try {
        text += readFileSync(join(logs, session, dir, 'remoteexthost.log'), 'utf8');
      } catch {
        // This extension host wrote no log yet.
      }
    }
  }
  return text;
}

export async function run({ page, wb, log, repoRoot }) {
  // Take a port so `npm start` has to pick another one.
  const blocker = createServer();
  await new Promise((r) => blocker.listen(0, '127.0.0.1', r));
  const busyPort = blocker.address().port;

  const child = spawn(process.execPath, [join(repoRoot, 'scripts/start.mjs'), '--port', String(busyPort)],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((r) => child.once('exit', (code, signal) => r(code ?? signal)));
  let exitStatus;
  void exited.then((s) => { exitStatus = s; });

  try {
    const url = await wb.waitFor(() => {
      if (exitStatus !== undefined) throw new Error(`npm start exited (${exitStatus}):\n${output}`);
      return output.match(/^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)$/m)?.[1];
    }, { what: 'npm start to print the workbench address', timeoutMs: 150_000, intervalMs: 200 });
    const busyNote = new RegExp(`port ${busyPort} is busy; using port (\\d+) instead`);
    const moved = output.match(busyNote);
    if (!moved) throw new Error(`npm start did not say that port ${busyPort} is busy:\n${output}`);
    if (!url.includes(`:${moved[1]}/`)) throw new Error(`the address ${url} does not use the announced port ${moved[1]}`);
    const userDataDir = output.match(/VS Code user data: (\S+)/)?.[1];
    if (!userDataDir) throw new Error(`npm start did not print its user-data folder:\n${output}`);
    log(`npm start serves ${url}`);

    await page.goto(url);
    await wb.waitForWorkbench();
    await wb.openFile('wit-demo/wit/world.wit');
    const mode = page.locator('.statusbar-item[id="status.editor.mode"]');
    await wb.waitFor(async () => (await mode.innerText()).trim() === 'WIT', { what: 'the language mode "WIT" in the status bar' });
    const line = await wb.waitFor(async () => (await wb.editorTokens()).find((l) => l.tokens.some((t) => t.text === 'package')),
      { what: 'the package line to be rendered' });
    const kw = line.tokens.find((t) => t.text === 'package');
    const rest = line.tokens.find((t) => t.text.includes('demo'));
    if (!kw || !rest || kw.className === rest.className) {
      throw new Error(`the .wit file is not highlighted: ${JSON.stringify(line.tokens)}`);
    }

    // The extension host log records activation and, if activate() threw, the error.
    const activation = await wb.waitFor(() => {
      const text = extensionHostLogs(userDataDir);
      if (/Activating extension wasi-studio\.wasi-studio failed/.test(text)) throw new Error(`activation failed:\n${text}`);
      return text.match(/_doActivateExtension wasi-studio\.wasi-studio[^\n]*/)?.[0];
    }, { what: 'the extension host log to record the activation of wasi-studio.wasi-studio' });
    // npm start keeps its extensions folder beside the user data; the .vsix must be installed there.
    const extensionsDir = join(dirname(userDataDir), 'extensions');
    const installed = readdirSync(extensionsDir).filter((d) => d.startsWith('wasi-studio.wasi-studio-'));
    if (installed.length !== 1) throw new Error(`expected the installed extension in ${extensionsDir}, found: ${readdirSync(extensionsDir).join(', ')}`);
    log(`${activation.trim()}`);
    await wb.screenshot('smoke-start-workbench');
  } finally {
    blocker.close();
    if (exitStatus === undefined) child.kill('SIGINT');
  }

  const { status } = await wb.waitFor(() => (exitStatus === undefined ? undefined : { status: exitStatus }), { what: 'npm start to exit after Ctrl-C (SIGINT)', timeoutMs: 20_000 })
    .catch((e) => { child.kill('SIGKILL'); throw e; });
  if (status !== 0) throw new Error(`npm start exited with ${status} after Ctrl-C:\n${output}`);
  const port = output.match(/using port (\d+) instead/)[1];
  const stillUp = await fetch(`http://127.0.0.1:${port}/healthz`).then(() => true, () => false);
  if (stillUp) throw new Error(`code-server still answers on port ${port} after Ctrl-C`);
  log('Ctrl-C stopped npm start and its code-server');
}
