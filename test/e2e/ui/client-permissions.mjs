// The permissions panel in the workbench: the WASI activity-bar view lists the examples' launch
// configurations, shows the /data preopen and the grants "c-demo without the /data preopen" misses,
// and its "Toggle Read-Only" action rewrites launch.json while keeping its comment. Screenshots of both.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const options = { fixture: 'examples' };

export async function run({ page, wb, workspace, log }) {
  const launchPath = join(workspace, '.vscode', 'launch.json');
  const before = readFileSync(launchPath, 'utf8');

  await openWasiView(page, wb);
  const rows = page.locator('.pane-body .monaco-list-row');
  // Rows of the Permissions view (the World view sits below it in the same container).
  const rowTexts = async () => (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  await wb.waitFor(async () => (await rowTexts()).some((t) => t.startsWith('Debug c-demo')), { what: 'the "Debug c-demo" configuration in the WASI view' });
  await wb.waitFor(async () => (await rowTexts()).some((t) => t.startsWith('/data') && t.includes('read-only')), { what: 'the /data preopen row (read-only)' });
  await wb.waitFor(async () => (await rowTexts()).some((t) => t.startsWith('Missing grant: filesystem')), { what: 'the "Missing grant: filesystem" warning' });
  log(`rows: ${(await rowTexts()).join(' | ')}`);
  await wb.screenshot('client-permissions-panel');

  // Toggle read-only with the row's inline action.
  const preopen = rows.filter({ hasText: '/data' }).filter({ hasText: 'read-only' }).first();
  await preopen.hover();
  await preopen.locator('.action-label[aria-label="Toggle Read-Only"]').click();
  const after = await wb.waitFor(() => {
    const text = readFileSync(launchPath, 'utf8');
    return text !== before ? text : undefined;
  }, { what: 'launch.json to change after "Toggle Read-Only"' });
  if (!after.includes('// Debug configurations for the examples workspace.')) throw new Error(`the comment was lost:\n${after}`);
  if (after.replace(/"readonly":\s*false/, '"readonly": true') !== before) throw new Error(`more than the readonly value changed:\n${after}`);
  await wb.waitFor(async () => (await rowTexts()).some((t) => t.startsWith('/data') && t.includes('read-write')), { what: 'the /data row to show read-write' });
  await wb.openFile('.vscode/launch.json');
  await wb.screenshot('client-permissions-toggled');
}

/** Clicks the WASI activity-bar item and waits for the Permissions view. */
async function openWasiView(page, wb) {
  const item = page.locator('.activitybar .action-item a[aria-label^="WASI"], .activitybar .action-item[aria-label^="WASI"]').first();
  await item.waitFor({ state: 'visible', timeout: 30_000 }).catch(() => { throw new Error('no WASI item in the activity bar'); });
  await item.click();
  // The view's title is a pane header, or the side bar title when it is the container's only view.
  await page.locator('.part.sidebar .pane-header, .part.sidebar .composite.title').filter({ hasText: 'Permissions' }).first().waitFor({ state: 'visible', timeout: 20_000 })
    .catch(() => { throw new Error('the Permissions view did not open'); });
  await wb.waitFor(() => page.locator('.pane-body .monaco-list-row').count(), { what: 'rows in the Permissions view' });
}
