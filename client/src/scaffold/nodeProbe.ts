// The real machine behind toolchain.ts's Probe: PATH lookups and file checks with Node's fs, and
// `rustup target list --installed`. No `vscode` import.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Probe } from './toolchain';

export function nodeProbe(env: NodeJS.ProcessEnv): Probe {
  const pathDirs = (env['PATH'] ?? '').split(delimiter).filter((d) => d.length > 0);
  const commandExists = (name: string): boolean => {
    if (name.includes('/')) return isExecutable(name);
    return pathDirs.some((dir) => isExecutable(join(dir, name)));
  };
  return {
    commandExists,
    fileExists: (path) => existsSync(path),
    listDir: (path) => {
      try {
        return readdirSync(path);
      } catch {
        return [];
      }
    },
    rustupTargets: () => {
      if (!commandExists('rustup')) return undefined;
      const r = spawnSync('rustup', ['target', 'list', '--installed'], { encoding: 'utf8', timeout: 15000, env });
      return r.status === 0 ? r.stdout.split('\n').map((s) => s.trim()).filter((s) => s.length > 0) : undefined;
    },
  };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
