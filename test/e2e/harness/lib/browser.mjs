// Headless Debian Chromium driven by playwright-core. One browser per run; every scenario gets its
// own context (fresh storage, so one workbench's state never leaks into the next).
import { chromiumPath, loadPlaywright } from './paths.mjs';

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export async function launchBrowser() {
  const { chromium } = loadPlaywright();
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

/**
 * A new page in a new context. Console messages and page errors are kept (newest 2,000) so a failing
 * scenario can save them next to its screenshot.
 */
export async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const consoleLines = [];
  const keep = (line) => {
    consoleLines.push(line);
    if (consoleLines.length > 2000) consoleLines.shift();
  };
  page.on('console', (m) => keep(`[console.${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => keep(`[pageerror] ${e.message}`));
  return { context, page, consoleLines };
}
