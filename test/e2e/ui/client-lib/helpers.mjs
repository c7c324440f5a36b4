// Helpers shared by the client-*.mjs scenarios (kept in a folder so the harness does not load it as one).

/** Waits until the extension's contributions are in the workbench (the WASI activity-bar item). */
export async function waitForWasiContributions(page) {
  await page.locator('.activitybar .action-item a[aria-label^="WASI"], .activitybar .action-item[aria-label^="WASI"]').first()
    .waitFor({ state: 'visible', timeout: 60_000 })
    .catch(() => { throw new Error('the WASI activity-bar item never appeared: the extension\'s contributions were not loaded'); });
}

/**
 * Runs a palette command, retrying while the palette's command list is still being filled in
 * (right after start-up it can lack commands that appear a moment later).
 */
export async function runCommand(page, wb, title, attempts = 5) {
  for (let i = 1; ; i++) {
    try {
      await wb.runCommand(title, { timeoutMs: 5_000 });
      return;
    } catch (e) {
      await page.keyboard.press('Escape');
      if (i >= attempts) throw e;
    }
  }
}

/** The access-log webview's inner frame (the one holding #log). */
export async function accessLogFrame(page, wb) {
  return wb.waitFor(async () => {
    for (const f of page.frames()) {
      if (await f.locator('#log').count().catch(() => 0)) return f;
    }
    return undefined;
  }, { what: 'the access-log webview', timeoutMs: 60_000 });
}
