// The getting-started walkthrough opens from the palette and shows its steps; screenshot.
import { runCommand, waitForWasiContributions } from './client-lib/helpers.mjs';
export const options = { fixture: 'examples' };

export async function run({ page, wb }) {
  await waitForWasiContributions(page);
  await runCommand(page, wb, 'Welcome: Open Walkthrough...');
  const entry = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with WASI Studio' }).first();
  await entry.waitFor({ state: 'visible', timeout: 20_000 }).catch(() => { throw new Error('the walkthrough is not offered'); });
  await entry.click();
  for (const step of ['Create a WASI project', 'Stop at your first breakpoint', 'Read the capability-access log']) {
    await page.locator('.gettingStartedContainer', { hasText: step }).first().waitFor({ state: 'visible', timeout: 20_000 })
      .catch(() => { throw new Error(`the walkthrough does not show "${step}"`); });
  }
  await wb.screenshot('client-walkthrough');
}
