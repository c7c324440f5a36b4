// "WASI: New Project…" → C from the command palette: the toolchain check passes with the Debian clang
// route, the project is created in the chosen folder and opened, main.c shows the breakpoint line.
import { runCommand, waitForWasiContributions } from './client-lib/helpers.mjs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const options = { fixture: 'examples', timeoutMs: 180_000 };

export async function run({ page, wb, workspace, log }) {
  await waitForWasiContributions(page);
  await runCommand(page, wb, 'WASI: New Project');
  const c = page.locator('.quick-input-list .monaco-list-row', { hasText: 'clang + wasi-libc' }).first();
  await c.waitFor({ state: 'visible', timeout: 20_000 }).catch(() => { throw new Error('the C template is not offered'); });
  await c.click();

  // The folder dialog is VS Code's own quick-input dialog in the browser: type the parent folder.
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  await input.fill(`${workspace}/`);
  await page.locator('.quick-input-widget .monaco-button', { hasText: 'Create Project Here' }).first().click();

  const name = page.locator('.quick-input-widget input').first();
  await wb.waitFor(async () => /Project name/.test(await page.locator('.quick-input-widget').innerText()), { what: 'the project name prompt' });
  await name.fill('hello-ui');
  await page.keyboard.press('Enter');

  const project = join(workspace, 'hello-ui');
  await wb.waitFor(() => existsSync(join(project, '.vscode', 'launch.json')) && existsSync(join(project, 'src', 'main.c')), { what: 'the project files on disk' });
  log(`created ${project}`);
  // The project opens in the window; wait for its explorer and open main.c.
  await wb.waitForWorkbench();
  await wb.waitFor(async () => (await page.locator('.explorer-folders-view .monaco-list-row').allInnerTexts()).some((t) => t.trim() === 'src'), { what: 'the new project in the explorer' });
  await wb.openFile('src/main.c');
  await wb.moveCursorTo('set a breakpoint here');
  await wb.screenshot('client-new-project-c');
}
