// A .wit editor in the workbench: the status bar item shows the language server running and the
// file's package, and the WASI World view shows the elaborated world around the cursor. Screenshot.
import { waitForWasiContributions } from './client-lib/helpers.mjs';

export const options = { fixture: 'examples' };

export async function run({ page, wb, log }) {
  await waitForWasiContributions(page);
  await wb.openFile('wit-demo/wit/world.wit');
  const status = page.locator('.statusbar-item', { hasText: 'WIT: demo:greeter@0.1.0' }).first();
  await status.waitFor({ state: 'visible', timeout: 30_000 })
    .catch(() => { throw new Error('the status bar does not show "WIT: demo:greeter@0.1.0"'); });

  await wb.moveCursorTo('world greeter');
  await page.locator('.activitybar .action-item a[aria-label^="WASI"], .activitybar .action-item[aria-label^="WASI"]').first().click();
  const world = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: 'World' }) }).first();
  await world.waitFor({ state: 'visible', timeout: 20_000 }).catch(() => { throw new Error('the World view is not in the WASI container'); });
  const rows = world.locator('.monaco-list-row');
  const texts = await wb.waitFor(async () => {
    const t = (await rows.allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
    return t.some((s) => s.startsWith('Imports')) && t.some((s) => s.startsWith('Exports')) ? t : undefined;
  }, { what: 'Imports and Exports in the World view' });
  log(`world rows: ${texts.join(' | ')}`);
  await wb.screenshot('client-language-world');
}
