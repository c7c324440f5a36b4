// Helpers for driving the VS Code workbench in a page. Every wait has a timeout and says what it
// waited for, so a failing scenario explains itself.
import { join } from 'node:path';

/** Polls `probe` (sync or async) until it returns a truthy value, which is returned. */
export async function waitFor(probe, { what, timeoutMs = 20_000, intervalMs = 100 }) {
  const started = Date.now();
  let lastError;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() - started > timeoutMs) {
      const cause = lastError ? ` (last error: ${lastError.message ?? lastError})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Rejects with `message` when `promise` has not settled after `timeoutMs`. */
export function withTimeout(promise, timeoutMs, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} (timed out after ${timeoutMs} ms)`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The helpers a UI scenario receives as `wb`. All selectors are the workbench's own CSS classes
 * (stable across VS Code releases for years: .monaco-workbench, .quick-input-widget, .tabs-container).
 */
export function workbenchHelpers(page, { outDir, log }) {
  const wb = {
    waitFor,

    /** Waits for the workbench to be laid out and its extension host to be connected. */
    async waitForWorkbench(timeoutMs = 60_000) {
      await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: timeoutMs })
        .catch(() => { throw new Error(`the workbench did not appear within ${timeoutMs} ms`); });
      // The explorer lists the folder once the remote file system answers.
      await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: timeoutMs })
        .catch(() => { throw new Error(`the explorer showed no files within ${timeoutMs} ms (is the workspace folder empty or unreachable?)`); });
    },

    /** Runs a command by its palette title, e.g. "View: Toggle Terminal". */
    async runCommand(title, { timeoutMs = 20_000 } = {}) {
      await wb.openQuickInput('F1');
      await page.keyboard.type(title);
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      await row.waitFor({ state: 'visible', timeout: timeoutMs })
        .catch(() => { throw new Error(`no command titled "${title}" in the command palette`); });
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeoutMs }).catch(() => {});
    },

    /** Opens a workspace file with Quick Open and waits until its tab is the active one. */
    async openFile(relativePath, { timeoutMs = 20_000 } = {}) {
      const name = relativePath.split('/').pop();
      await wb.openQuickInput('Control+P');
      await page.keyboard.type(relativePath);
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
      await row.waitFor({ state: 'visible', timeout: timeoutMs })
        .catch(() => { throw new Error(`Quick Open found no file "${relativePath}"`); });
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: timeoutMs })
        .catch(() => { throw new Error(`the editor tab for ${relativePath} did not become active`); });
      await page.locator('.editor-instance .monaco-editor .view-lines .view-line').first().waitFor({ state: 'visible', timeout: timeoutMs });
    },

    /** Focuses the workbench and presses `key` until the quick input shows. */
    async openQuickInput(key, { timeoutMs = 10_000 } = {}) {
      const widget = page.locator('.quick-input-widget');
      await waitFor(async () => {
        await page.keyboard.press(key);
        return widget.isVisible();
      }, { what: `the quick input to open after pressing ${key}`, timeoutMs, intervalMs: 500 });
    },

    /** Puts the cursor after the first character of the first occurrence of `text` in the active editor. */
    async moveCursorTo(text, { timeoutMs = 10_000 } = {}) {
      await page.locator('.editor-instance .monaco-editor textarea').first().focus();
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('Control+F');
      const find = page.locator('.editor-instance .find-widget.visible textarea, .editor-instance .find-widget.visible input').first();
      await find.waitFor({ state: 'visible', timeout: timeoutMs });
      await page.keyboard.type(text);
      await waitFor(async () => /^1 of|^\d+ of/.test((await page.locator('.editor-instance .find-widget .matchesCount').innerText()).trim()),
        { what: `"${text}" to be found in the active editor`, timeoutMs });
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape');
      // The match stays selected; collapse the selection onto its first character.
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowRight');
    },

    /** Text of every rendered line of the active editor, with each token's CSS classes. */
    async editorTokens() {
      return page.locator('.editor-instance .monaco-editor .view-lines').first().evaluate((root) =>
        [...root.querySelectorAll('.view-line')].map((line) => ({
          top: parseFloat(line.style.top || '0'),
          tokens: [...line.querySelectorAll('span > span')].map((s) => ({ text: s.textContent ?? '', className: s.className })),
        })).sort((a, b) => a.top - b.top));
    },

    /** Saves a PNG of the page to outDir/<name>.png and returns its path. */
    async screenshot(name) {
      const path = join(outDir, `${name}.png`);
      await page.screenshot({ path });
      log(`screenshot: ${path}`);
      return path;
    },
  };
  return wb;
}
