// The capability-access log in the workbench: a debug session of the debugger's files fixture fills the
// view live (a denied write is highlighted), and a log loaded from JSON Lines opens the source line of
// a denied call when its row is clicked. Screenshots of both.
import { accessLogFrame, runCommand, waitForWasiContributions } from './client-lib/helpers.mjs';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const options = { fixture: 'examples', timeoutMs: 180_000 };

export async function run({ page, wb, workspace, repoRoot, log }) {
  // A launch configuration for the files fixture: /data read-only, so its fopen(..., "w") is denied.
  mkdirSync(join(workspace, 'files', 'data'), { recursive: true });
  copyFileSync(join(repoRoot, 'test/fixtures/debug/build/files-O0.wasm'), join(workspace, 'files', 'files.wasm'));
  writeFileSync(join(workspace, 'files', 'data', 'input.txt'), 'hello\n');
  const launchPath = join(workspace, '.vscode', 'launch.json');
  const launch = readFileSync(launchPath, 'utf8').replace('"configurations": [', `"configurations": [
    {
      "type": "wasi", "request": "launch", "name": "Files fixture",
      "program": "\${workspaceFolder}/files/files.wasm",
      "preopens": [{ "host": "\${workspaceFolder}/files/data", "guest": "/data", "readonly": true }]
    },`);
  writeFileSync(launchPath, launch);

  await waitForWasiContributions(page);
  await runCommand(page, wb, 'Debug: Select and Start Debugging');
  await page.keyboard.type('Files fixture');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Files fixture' }).first().waitFor({ state: 'visible', timeout: 20_000 });
  await page.keyboard.press('Enter');

  const frame = await accessLogFrame(page, wb);
  await wb.waitFor(async () => (await frame.locator('tr.denied').count()) > 0, { what: 'a denied row in the access log', timeoutMs: 90_000 });
  const deniedText = (await frame.locator('tr.denied').first().innerText()).replace(/\s+/g, ' ');
  if (!/path_open/.test(deniedText)) throw new Error(`the denied row is not the write: ${deniedText}`);
  log(`denied row: ${deniedText}`);
  await wb.waitFor(async () => /denied/.test(await frame.locator('#summary').innerText()), { what: 'the summary to count denials' });
  await wb.screenshot('client-access-log-live');

  // A log written by `wasi-studio run --log`, whose denied entry points at a real line of c-demo/main.c.
  const mainC = join(workspace, 'c-demo', 'main.c');
  const fopenLine = readFileSync(mainC, 'utf8').split('\n').findIndex((l) => l.includes('fopen(path, "r")')) + 1;
  const records = [
    { seq: 1, time: 0.4, call: 'environ_get', capability: 'env', target: 'GREETING_NAME', decision: 'allowed', errno: 'success' },
    { seq: 2, time: 2.5, call: 'path_open', capability: 'filesystem', target: '/data/input.txt', decision: 'denied', errno: 'notcapable', source: { path: mainC, line: fopenLine } },
  ];
  writeFileSync(join(workspace, 'run-log.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'run-log.jsonl' }).first();
  await row.waitFor({ state: 'visible', timeout: 20_000 }).catch(() => { throw new Error('run-log.jsonl did not appear in the explorer'); });
  await row.click({ button: 'right' });
  const menuItem = page.locator('.monaco-menu .action-label', { hasText: 'Load Capability Access Log' }).first();
  await menuItem.waitFor({ state: 'visible', timeout: 10_000 }).catch(async () => {
    const labels = await page.locator('.monaco-menu .action-label').allInnerTexts();
    throw new Error(`the explorer context menu has no "Load Capability Access Log" (it has: ${labels.join(' | ')})`);
  });
  // A click that lands while the menu is still settling can be lost: click until the menu closes.
  await wb.waitFor(async () => {
    if (await menuItem.isVisible()) await menuItem.click({ timeout: 2_000 }).catch(() => {});
    return !(await page.locator('.monaco-menu').first().isVisible());
  }, { what: 'the context menu to run "Load Capability Access Log" and close', intervalMs: 1_000 });
  await wb.waitFor(async () => /run-log\.jsonl/.test(await frame.locator('#origin').innerText()), { what: 'the view to show run-log.jsonl' });
  await frame.locator('tr.denied td.call').first().click();
  await page.locator('.tabs-container .tab.active', { hasText: 'main.c' }).waitFor({ state: 'visible', timeout: 20_000 })
    .catch(() => { throw new Error('clicking the denied entry did not open main.c'); });
  const position = page.locator('.statusbar-item[id="status.editor.selection"]');
  await wb.waitFor(async () => (await position.innerText()).includes(`Ln ${fopenLine},`), { what: `the cursor on line ${fopenLine} of main.c` });
  await wb.screenshot('client-access-log-jump-to-source');
}
