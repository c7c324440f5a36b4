import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspectModule } from '../../../client/src/permissions/moduleInspect';
import { compareGrants } from '../../../client/src/permissions/capabilities';

const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures');
const read = (p: string): Uint8Array => readFileSync(join(fixtures, p));

test('a C module that opens files asks for the file system through its real imports', () => {
  const r = inspectModule(read('debug/build/files-O0.wasm'));
  assert.equal(r.kind, 'module');
  if (r.kind !== 'module') return;
  assert.deepEqual(r.requests.requests.map((x) => x.capability), ['filesystem', 'stdio', 'process']);
  assert.deepEqual(r.requests.requests[0]?.calls, ['fd_prestat_dir_name', 'fd_prestat_get', 'path_open']);
  assert.equal(r.hasDwarf, true);
  const findings = compareGrants(r.requests, { program: 'files-O0.wasm' }, {});
  assert.deepEqual(findings.map((f) => `${f.kind}:${f.capability}`), ['missingGrant:filesystem']);
});

test('a Rust std module asks for env and files; unknown imports are listed', () => {
  const rs = inspectModule(read('wasi/build/std_rs.wasm'));
  assert.ok(rs.kind === 'module' && rs.requests.requests.some((x) => x.capability === 'env') && rs.requests.writesFiles);
  const unknown = inspectModule(read('wasi/build/unknown_imports.wasm'));
  assert.ok(unknown.kind === 'module');
  if (unknown.kind === 'module') assert.deepEqual(unknown.requests.unknownWasiImports, ['not_a_wasi_call']);
});

test('components and garbage are reported, not thrown', () => {
  assert.equal(inspectModule(read('wasi/build/component.wasm')).kind, 'component');
  const bad = inspectModule(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 2, 0xff]));
  assert.equal(bad.kind, 'error');
  assert.equal(inspectModule(new TextEncoder().encode('not wasm')).kind, 'error');
});
