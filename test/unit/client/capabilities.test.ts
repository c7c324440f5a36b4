import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SIGNATURES } from '../../../debug-adapter/src/wasi/signatures';
import { compareGrants, importCapability, moduleRequests, type ImportRef } from '../../../client/src/permissions/capabilities';

const wasi = (...names: string[]): ImportRef[] => names.map((name) => ({ module: 'wasi_snapshot_preview1', name }));
const HELLO = wasi('fd_write', 'fd_close', 'fd_seek', 'fd_fdstat_get', 'proc_exit');
const READER = [...HELLO, ...wasi('fd_prestat_get', 'fd_prestat_dir_name', 'path_open', 'fd_read', 'environ_get', 'environ_sizes_get', 'clock_time_get')];

test('imports map to capabilities; non-WASI and unknown imports do not', () => {
  assert.equal(importCapability({ module: 'wasi_snapshot_preview1', name: 'path_open' }), 'filesystem');
  assert.equal(importCapability({ module: 'wasi_unstable', name: 'random_get' }), 'random');
  assert.equal(importCapability({ module: 'wasi_snapshot_preview1', name: 'sock_accept' }), 'sockets');
  assert.equal(importCapability({ module: 'env', name: 'path_open' }), undefined);
  assert.equal(importCapability({ module: 'wasi_snapshot_preview1', name: 'toString' }), undefined);
});

test('requests are grouped per capability with sorted calls', () => {
  const r = moduleRequests([...READER, { module: 'env', name: 'host_fn' }, ...wasi('frobnicate')]);
  assert.deepEqual(r.requests.map((x) => x.capability), ['filesystem', 'env', 'stdio', 'clock', 'process']);
  assert.deepEqual(r.requests[0]?.calls, ['fd_prestat_dir_name', 'fd_prestat_get', 'path_open']);
  assert.deepEqual(r.unknownWasiImports, ['frobnicate']);
  assert.equal(r.writesFiles, false);
  assert.equal(moduleRequests(wasi('path_unlink_file')).writesFiles, true);
});

test('a file-reading module without preopens or env gets missing-grant findings', () => {
  const findings = compareGrants(moduleRequests(READER), { program: 'a.wasm' }, { workspaceFolder: '/ws' });
  assert.deepEqual(findings.map((f) => `${f.kind}:${f.capability}`), ['missingGrant:filesystem', 'missingGrant:env']);
  assert.match(findings[0]?.message ?? '', /path_open/);
});

test('switched-off clock, random and sockets are missing grants when imported', () => {
  const mod = moduleRequests(wasi('clock_time_get', 'random_get', 'sock_recv'));
  const findings = compareGrants(mod, { program: 'a', allow: { clock: false, random: false } }, {});
  assert.deepEqual(findings.map((f) => f.capability), ['clock', 'random', 'sockets']);
  assert.ok(findings.every((f) => f.kind === 'missingGrant'));
});

test('a read-write preopen of the whole workspace is broader than needed', () => {
  const config = { program: 'a', preopens: [{ host: '${workspaceFolder}', guest: '/', readonly: false }], env: { A: '1' } };
  const findings = compareGrants(moduleRequests(READER), config, { workspaceFolder: '/ws/' });
  assert.deepEqual(findings.map((f) => `${f.kind}:${f.capability}:${f.preopenIndex ?? '-'}`), ['broaderThanNeeded:filesystem:0']);
  assert.match(findings[0]?.message ?? '', /whole workspace/);
  const readOnly = compareGrants(moduleRequests(READER), { ...config, preopens: [{ ...config.preopens[0]!, readonly: true }] }, { workspaceFolder: '/ws' });
  assert.deepEqual(readOnly, []);
});

test('the host root and home directory are too broad even read-only', () => {
  const config = { program: 'a', env: { A: '1' }, preopens: [{ host: '/', guest: '/', readonly: true }, { host: '/home/me/', guest: '/h', readonly: true }] };
  const findings = compareGrants(moduleRequests(READER), config, { homeDirectory: '/home/me' });
  assert.deepEqual(findings.map((f) => f.preopenIndex), [0, 1]);
});

test('grants the module does not use are reported', () => {
  const config = { program: 'a', preopens: [{ host: '/data', guest: '/data', readonly: true }], env: { TOKEN: 'x' }, allow: { sockets: true } };
  const findings = compareGrants(moduleRequests(HELLO), config, {});
  assert.deepEqual(findings.map((f) => `${f.kind}:${f.capability}`), ['broaderThanNeeded:filesystem', 'broaderThanNeeded:env', 'broaderThanNeeded:sockets']);
});

test('a writable subfolder for a module that never modifies the tree is flagged gently', () => {
  const config = { program: 'a', env: { A: '1' }, preopens: [{ host: '/ws/out', guest: '/out' }] };
  const findings = compareGrants(moduleRequests(READER), config, { workspaceFolder: '/ws' });
  assert.equal(findings.length, 1);
  assert.match(findings[0]?.message ?? '', /read-only may be enough/);
  const writer = compareGrants(moduleRequests([...READER, ...wasi('path_create_directory')]), config, { workspaceFolder: '/ws' });
  assert.deepEqual(writer, []);
});

test('inheritEnv is reported as broad even when the module reads env', () => {
  const findings = compareGrants(moduleRequests(READER), { program: 'a', inheritEnv: true, preopens: [{ host: '/d', guest: '/', readonly: true }] }, {});
  assert.deepEqual(findings.map((f) => `${f.kind}:${f.capability}`), ['broaderThanNeeded:env']);
});

test('every preview1 function of the host\'s signature table maps to a capability', () => {
  for (const name of Object.keys(SIGNATURES)) {
    assert.notEqual(importCapability({ module: 'wasi_snapshot_preview1', name }), undefined, name);
  }
  assert.equal(importCapability({ module: 'wasi_snapshot_preview1', name: 'fd_write' }), 'stdio');
  assert.equal(importCapability({ module: 'wasi_snapshot_preview1', name: 'sched_yield' }), 'process');
});
