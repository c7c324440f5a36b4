// dist/cli.js is a launcher that runs dist/cli-main.js through a V8 code cache kept beside it. These
// tests run a copy of the bundles in a folder of their own, so the cache they write, damage and
// check is theirs alone: it is written by a `run`, reused without being rewritten, and a stale or
// damaged one changes nothing but speed (it is replaced, and the run behaves exactly as without it).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../../../debug-adapter/src/cli/exitCodes';
import { assertBuilt, fixture, ROOT, tempDir, type CliResult } from '../wasi/helpers';

const BUNDLES = ['cli.js', 'cli-main.js', 'cli-lines.js'];
const KEY_LINE = /^wasi-studio code cache 1 \S+ \S+ ([0-9a-f]{16})\n/;
const STAMP = /^\/\* wasi-studio build ([0-9a-f]{16}) \*\//;

/** A folder with its own copy of the CLI bundles. */
function copyOfCli(): string {
  assertBuilt();
  const dir = tempDir('launcher');
  for (const name of BUNDLES) copyFileSync(join(ROOT, 'dist', name), join(dir, name));
  return dir;
}

function run(dir: string, args: readonly string[]): CliResult {
  const r = spawnSync(process.execPath, [join(dir, 'cli.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function assertHello(r: CliResult): void {
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, 'hello from wasm\n');
  assert.equal(r.code, 0);
}

describe('wasi-studio launcher and its code cache', () => {
  test('a run writes the cache beside the bundle, and the next run uses it without rewriting it', () => {
    const dir = copyOfCli();
    const cache = join(dir, 'cli-main.js.cache');
    assert.equal(run(dir, ['--help']).code, 0);
    assert.equal(existsSync(cache), false, 'only run writes the cache');

    assertHello(run(dir, ['run', fixture('hello')]));
    const key = KEY_LINE.exec(readFileSync(cache, 'latin1'));
    assert.ok(key, 'the cache starts with its key line');
    assert.equal(key[1], STAMP.exec(readFileSync(join(dir, 'cli-main.js'), 'utf8'))?.[1], 'keyed by the build stamp');

    const written = statSync(cache);
    assertHello(run(dir, ['run', fixture('hello')]));
    const after = statSync(cache);
    // Rewritten only when missing or refused by V8: the same file means V8 took it.
    assert.equal(after.ino, written.ino);
    assert.equal(after.mtimeMs, written.mtimeMs);
  });

  test('a stale or damaged cache is ignored and replaced, and the run is unchanged', () => {
    const dir = copyOfCli();
    const cache = join(dir, 'cli-main.js.cache');
    assertHello(run(dir, ['run', fixture('hello')]));
    const keyLine = KEY_LINE.exec(readFileSync(cache, 'latin1'))?.[0];
    assert.ok(keyLine !== undefined);

    // Another build's cache (another stamp): not used, replaced by this bundle's.
    writeFileSync(cache, Buffer.concat([Buffer.from(keyLine.replace(/[0-9a-f]{16}\n$/, '0123456789abcdef\n'), 'latin1'), Buffer.alloc(4096, 7)]));
    assertHello(run(dir, ['run', fixture('hello')]));
    assert.ok(readFileSync(cache, 'latin1').startsWith(keyLine));

    // The right key over damaged data: V8 refuses it; a trap still exits 134 with its source line.
    const junk = Buffer.concat([Buffer.from(keyLine, 'latin1'), Buffer.alloc(4096, 7)]);
    writeFileSync(cache, junk);
    const r = run(dir, ['run', fixture('trap')]);
    assert.equal(r.code, EXIT.trap, r.stderr);
    assert.match(r.stderr, /^wasi-studio: trap: .* at test\/fixtures\/wasi\/src\/trap\.c:\d+ /m);
    assert.notDeepEqual(readFileSync(cache), junk);
    assertHello(run(dir, ['run', fixture('hello')]));
  });

  test('a cache that can be neither read nor written changes nothing, and leaves no files behind', () => {
    const dir = copyOfCli();
    mkdirSync(join(dir, 'cli-main.js.cache'));
    assertHello(run(dir, ['run', fixture('hello')]));
    assert.deepEqual(readdirSync(dir).sort(), [...BUNDLES, 'cli-main.js.cache'].sort());
  });

  test('a bundle without a build stamp runs without a cache', () => {
    const dir = copyOfCli();
    const main = join(dir, 'cli-main.js');
    writeFileSync(main, readFileSync(main, 'utf8').replace(STAMP, (m) => ' '.repeat(m.length)));
    assertHello(run(dir, ['run', fixture('hello')]));
    assert.equal(existsSync(join(dir, 'cli-main.js.cache')), false);
  });

  test('without the main bundle: one line and the host-error exit code', () => {
    const dir = copyOfCli();
    rmSync(join(dir, 'cli-main.js'));
    const r = run(dir, ['run', fixture('hello')]);
    assert.equal(r.code, EXIT.hostError);
    assert.match(r.stderr, /^wasi-studio: internal error: cannot start the CLI bundle: .*cli-main\.js/);
    assert.equal(r.stderr.split('\n').filter((l) => l.length > 0).length, 1);
  });
});
