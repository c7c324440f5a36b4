// The real WASI 0.2 WIT packages, each a folder with its dependencies in deps/: no diagnostics
// at all from us, and wit-parser (jco) accepts every folder as well.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, checkOnDisk } from './harness';
import { oracleDir } from './oracle';

const WASI_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'wit', 'wasi-0.2');
const folders = fs.readdirSync(WASI_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

test('wasi-0.2: all seven packages and the combined package are present', () => {
  assert.deepEqual(folders, ['all', 'cli', 'clocks', 'filesystem', 'http', 'io', 'random', 'sockets']);
});

for (const name of folders) {
  test(`wasi-0.2: ${name} has zero diagnostics and jco accepts it`, async () => {
    const dir = path.join(WASI_DIR, name);
    for (const features of [{ features: [] as string[] }, { allFeatures: true }]) {
      const { analysis, lines } = await checkOnDisk(dir, dir, features);
      assert.deepEqual(lines, []);
      const root = analysis.packages[analysis.packages.length - 1];
      assert.ok(root?.isRoot, 'the root package is joined last');
      assert.ok((root?.interfaces.length ?? 0) + (root?.worlds.length ?? 0) > 0);
      // Every reference was resolved to a definition.
      const unresolved = analysis.references.filter((r) => r.target === undefined).map((r) => `${path.basename(r.uri)}:${r.name}`);
      assert.deepEqual(unresolved, []);
    }
    assert.deepEqual(await oracleDir(dir, []), { ok: true });
  });
}

test('wasi-0.2: world elaboration of wasi:http/proxy imports what its interfaces use', async () => {
  const dir = path.join(WASI_DIR, 'http');
  const { analysis } = await checkOnDisk(dir, dir, {});
  const http = analysis.packages.find((p) => p.id === 'wasi:http@0.2.12');
  const proxy = http?.worlds.find((w) => w.definition.name === 'proxy');
  assert.ok(proxy);
  const imports = proxy.imports.map((i) => i.key);
  // `wasi:http/types` uses wasi:io streams and poll, so those are imported (implied) before it.
  const streams = imports.indexOf('wasi:io/streams@0.2.12');
  const types = imports.indexOf('wasi:http/types@0.2.12');
  assert.ok(streams >= 0 && types > streams, imports.join(', '));
  assert.deepEqual(proxy.exports.map((e) => e.key), ['wasi:http/incoming-handler@0.2.12']);
});
