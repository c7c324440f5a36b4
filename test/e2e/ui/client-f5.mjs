// A freshly generated C project (the "WASI: New Project… → C" template) opened as the workspace:
// a breakpoint on the template's marked line, then F5 runs the build task (clang) and the debugger
// stops there, with the access log open beside; continuing shows the template's denied write in the
// log. Screenshots of the paused session and of the log.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { accessLogFrame, waitForWasiContributions } from './client-lib/helpers.mjs';

export const options = { fixture: 'examples', workbench: false, timeoutMs: 180_000 };

export async function run({ page, wb, repoRoot, server, log: say }) {
  const require = createRequire(join(repoRoot, 'package.json'));
  const { generateProject } = require(join(repoRoot, 'out/client/src/scaffold/templates.js'));
  const { findCToolchain } = require(join(repoRoot, 'out/client/src/scaffold/toolchain.js'));
  const { nodeProbe } = require(join(repoRoot, 'out/client/src/scaffold/nodeProbe.js'));
  const toolchain = findCToolchain(nodeProbe(process.env), {});
  if (!toolchain.ok) throw new Error(`a wasm32-wasi clang is needed: ${toolchain.install.join('; ')}`);
  const dir = join(mkdtempSync(join(tmpdir(), 'wasi-studio-e2e-f5-')), 'hello-f5');
  const project = generateProject('c', { name: 'hello-f5', cToolchain: toolchain.toolchain });
  for (const f of project.files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  say(`project in ${dir}, built by ${toolchain.toolchain.compiler}`);

  await page.goto(server.workbenchUrl({ folder: dir, extensionDevelopmentPath: repoRoot }));
  await wb.waitForWorkbench();
  await waitForWasiContributions(page);
  await wb.openFile('src/main.c');
  await wb.moveCursorTo('set a breakpoint here');
  await page.keyboard.press('F9');
  await page.locator('.editor-instance .codicon-debug-breakpoint').first().waitFor({ state: 'visible', timeout: 20_000 })
    .catch(() => { throw new Error('F9 did not set a breakpoint'); });
  await page.keyboard.press('F5');
  // Paused: the editor marks the top stack frame's line.
  await page.locator('.editor-instance .debug-top-stack-frame-line, .editor-instance .codicon-debug-stackframe').first()
    .waitFor({ state: 'visible', timeout: 120_000 })
    .catch(() => { throw new Error('F5 did not stop at the breakpoint (build task, then debugger)'); });
  const position = page.locator('.statusbar-item[id="status.editor.selection"]');
  await wb.waitFor(async () => (await position.innerText()).includes(`Ln ${project.breakpoint.line},`),
    { what: `the editor at the breakpoint line ${project.breakpoint.line}` });
  await wb.waitFor(async () => /sum_to/.test(await page.locator('.debug-call-stack, .pane-body').allInnerTexts().then((t) => t.join('\n'))),
    { what: 'sum_to in the call stack', timeoutMs: 30_000 });
  const log = await accessLogFrame(page, wb);
  await wb.waitFor(async () => /Debug hello-f5/.test(await log.locator('#origin').innerText()), { what: 'the access log to follow the session' });
  await wb.screenshot('client-f5-breakpoint');

  // Continue to the end (the breakpoint is in a loop, so remove it first): the template's write to
  // /output.txt is denied because the workspace is preopened read-only.
  await wb.moveCursorTo('set a breakpoint here');
  await page.keyboard.press('F9');
  await page.locator('.editor-instance .codicon-debug-breakpoint').first().waitFor({ state: 'hidden', timeout: 20_000 })
    .catch(() => { throw new Error('F9 did not remove the breakpoint'); });
  await page.keyboard.press('F5');
  await wb.waitFor(async () => (await log.locator('tr.denied').count()) > 0, { what: 'the denied write in the access log', timeoutMs: 60_000 });
  const denied = (await log.locator('tr.denied').first().innerText()).replace(/\s+/g, ' ');
  if (!denied.includes('/output.txt')) throw new Error(`the denied row is not the write to /output.txt: ${denied}`);
  await wb.waitFor(async () => /\(ended\)/.test(await log.locator('#origin').innerText()), { what: 'the session to end' });
  await wb.screenshot('client-f5-access-log');
}
