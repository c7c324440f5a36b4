// The WIT language server seen in the workbench: hovering a type shows its definition and doc
// comment, and completion in a type position lists the declared types. Saves screenshots of both
// (test-output/e2e/wit-hover.png, wit-completion.png).

export const options = { fixture: 'examples' };

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export async function run({ page, wb, log, workspace }) {
  await wb.openFile('wit-demo/wit/world.wit');
  const mode = page.locator('.statusbar-item[id="status.editor.mode"]');
  await wb.waitFor(async () => (await mode.innerText()).trim() === 'WIT', { what: 'the WIT language mode' });

  // Hover: cursor inside `greeting` in `result<greeting, greet-error>`, then "Show or Focus Hover".
  await wb.moveCursorTo('greeting, greet-error');
  const hover = page.locator('.monaco-hover:not(.hidden)');
  const hoverText = await wb.waitFor(async () => {
    await wb.runCommand('Show or Focus Hover');
    const visible = await hover.first().isVisible().catch(() => false);
    const text = visible ? await hover.first().innerText() : '';
    return /record greeting/.test(text) ? text : undefined;
  }, { what: 'the hover to show "record greeting" from the language server', timeoutMs: 45_000, intervalMs: 1000 });
  if (!/A finished greeting\./.test(hoverText)) throw new Error(`the hover lacks the doc comment:\n${hoverText}`);
  log('hover shows the record and its doc comment');
  await wb.screenshot('wit-hover');
  // "Show or Focus Hover" may have focused the hover; close it and give the editor the keyboard.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await hover.first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);

  // Completion: on a new line inside the record, type a field and ask for suggestions. The line is
  // reached with "Go to Line" (the find widget used by moveCursorTo keeps the keyboard otherwise).
  const source = readFileSync(join(workspace, 'wit-demo', 'wit', 'world.wit'), 'utf8');
  const line = source.split('\n').findIndex((l) => l.includes('logged-at:')) + 1;
  if (line === 0) throw new Error('world.wit has no `logged-at:` field');
  await page.locator('.editor-instance .monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+G');
  await wb.waitFor(() => page.locator('.quick-input-widget input').first().isVisible(), { what: 'the Go to Line input' });
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await wb.waitFor(async () => !(await page.locator('.quick-input-widget input').first().isVisible()), { what: 'Go to Line to close' });
  await wb.waitFor(async () => (await page.locator('.statusbar-item[id="status.editor.selection"]').innerText()).includes(`Ln ${line},`),
    { what: `the cursor to reach line ${line}` });
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('extra: ');
  const suggest = page.locator('.suggest-widget.visible');
  const labels = await wb.waitFor(async () => {
    if (!(await suggest.isVisible().catch(() => false))) await page.keyboard.press('Control+Space');
    const rows = await suggest.locator('.monaco-list-row').allInnerTexts().catch(() => []);
    return rows.some((r) => /\btone\b/.test(r)) ? rows : undefined;
  }, { what: 'the suggestion list to offer the declared type `tone`', timeoutMs: 45_000, intervalMs: 1000 });
  log(`completion offers: ${labels.slice(0, 8).map((r) => r.split('\n')[0]).join(', ')}`);
  await wb.screenshot('wit-completion');
  await page.keyboard.press('Escape');
}
