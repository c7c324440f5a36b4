// Shared helpers of the WASI and CLI integration tests: where things are, how to run the bundled
// CLI (spawned, like a user would), and how to read its JSON Lines access log.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessRecord } from '../../../debug-adapter/src/wasi/api';

/** Repository root, from out/test/integration/wasi. */
export const ROOT = join(__dirname, '..', '..', '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'wasi');

export function fixture(name: string): string {
  return join(FIXTURES, 'build', `${name}.wasm`);
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], options: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    input: options.input ?? '',
    cwd: options.cwd ?? ROOT,
    env: options.env ?? { PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const created: string[] = [];
// Temporary directories live until the test process ends (a failing test's files stay inspectable
// while it runs, and nothing is left behind afterwards).
process.on('exit', () => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `wasi-studio-${prefix}-`));
  created.push(dir);
  return dir;
}

export function readLog(file: string): AccessRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as AccessRecord);
}

/** True when the CLI bundle exists; the tests need `node esbuild.mjs` first (npm test does it). */
export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`node esbuild.mjs\` first`);
}

export interface NodeWasiRequest {
  readonly module: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Guest path → host path. */
  readonly preopens: Readonly<Record<string, string>>;
}

/** Runs a module under node:wasi in a child process (its stdio must not mix with the test's). */
export function runNodeWasi(request: NodeWasiRequest, input = ''): CliResult {
  const r = spawnSync(process.execPath, ['--no-warnings', join(__dirname, 'nodeWasiRun.js'), JSON.stringify(request)], {
    input, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
