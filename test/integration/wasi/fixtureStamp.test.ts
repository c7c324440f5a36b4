// The built WASI fixtures are committed; this test fails when a source (or a built module) changed
// without re-running scripts/fixtures/build-wasi-fixtures.sh, which rewrites build-stamp.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'wasi');

function sha(file: string): string {
  return createHash('sha256').update(readFileSync(join(fixtures, file))).digest('hex');
}

function list(sub: string): string[] {
  return readdirSync(join(fixtures, sub)).sort().map((name) => `${sub}/${name}`);
}

test('every WASI fixture source and module matches build-stamp.json', () => {
  const recorded = JSON.parse(readFileSync(join(fixtures, 'build-stamp.json'), 'utf8')) as Record<string, string>;
  const files = [...list('src'), ...list('build').filter((f) => f.endsWith('.wasm'))];
  const current = Object.fromEntries(files.map((f) => [f, sha(f)]));
  const stale = Object.keys({ ...recorded, ...current }).filter((f) => recorded[f] !== current[f]);
  assert.deepEqual(stale, [], `rebuild with scripts/fixtures/build-wasi-fixtures.sh; out of date: ${stale.join(', ')}`);
});

test('every C, Rust and WAT source has a built module', () => {
  const sources = list('src').filter((f) => /\.(c|rs|wat)$/.test(f)).map((f) => f.replace(/^src\/(.*)\.\w+$/, '$1'));
  const built = new Set(list('build').map((f) => f.replace(/^build\/(.*)\.wasm$/, '$1')));
  assert.deepEqual(sources.filter((s) => !built.has(s)), []);
});
