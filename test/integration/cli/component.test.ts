// The component import/export name reader on the committed component fixture and on broken bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readComponentNames } from '../../../debug-adapter/src/cli/component';
import { classifyImports } from '../../../debug-adapter/src/cli/capabilities';
import { fixture } from '../wasi/helpers';

test('names and kinds of a component\'s imports and exports', () => {
  const names = readComponentNames(readFileSync(fixture('component')));
  assert.deepEqual(names, {
    imports: [{ name: 'wasi:cli/environment@0.2.0', kind: 'instance' }, { name: 'log', kind: 'func' }],
    exports: [{ name: 'answer', kind: 'func' }],
  });
});

test('every truncation of the component is an error value, never an exception', () => {
  const bytes = readFileSync(fixture('component'));
  let errors = 0;
  for (let n = 9; n < bytes.length; n++) {
    const r = readComponentNames(bytes.subarray(0, n));
    if ('error' in r) errors += 1;
  }
  assert.ok(errors > 0);
  assert.deepEqual(readComponentNames(Uint8Array.from([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 10, 3, 1, 0x07, 0])), { error: 'unknown import/export name form 0x7' });
});

test('imports are grouped by capability; anything unknown is listed with its kind', () => {
  const r = classifyImports([
    { module: 'wasi_snapshot_preview1', name: 'fd_write', kind: 'func', typeIndex: 0 },
    { module: 'wasi_snapshot_preview1', name: 'path_open', kind: 'func', typeIndex: 0 },
    { module: 'wasi_snapshot_preview1', name: 'sched_yield', kind: 'func', typeIndex: 0 },
    { module: 'wasi_snapshot_preview1', name: 'sock_accept', kind: 'func', typeIndex: 0 },
    { module: 'wasi_unstable', name: 'fd_write', kind: 'func', typeIndex: 0 },
    { module: 'env', name: 'memory', kind: 'memory', limits: { min: 1, shared: false, memory64: false } },
  ]);
  assert.deepEqual(Object.fromEntries(r.capabilities), {
    'files and stdio (by descriptor)': ['fd_write'], filesystem: ['path_open'], scheduling: ['sched_yield'], sockets: ['sock_accept'],
  });
  assert.deepEqual(r.unknown, ['wasi_unstable.fd_write', 'env.memory (memory)']);
});
