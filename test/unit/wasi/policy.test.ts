// Capability policy: every denial returns the errno the spec and wasmtime use, is recorded with a
// reason, and leaves the host untouched (read-only preopens and a canary outside the preopen).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ERRNO_NAMES, createWasiHost, WasiConfigError, validatePolicy } from '../../../debug-adapter/src/wasi/index';
import { harness, makePolicy, preopen, tempDir, flushed, type Harness } from './helpers';

const E = (name: (typeof ERRNO_NAMES)[number]): number => ERRNO_NAMES.indexOf(name);
const R_READ = 1n << 1n;
const R_WRITE = 1n << 6n;

function snapshot(dir: string): string {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = fs.lstatSync(p);
      out.push(`${path.relative(dir, p)} ${st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : st.size} ${st.mtimeMs}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.join('\n');
}

function setup(readonly: boolean): { dir: string; canary: string; h: Harness } {
  const top = tempDir('wasi-policy-');
  const dir = path.join(top, 'pre');
  const canary = path.join(top, 'canary');
  fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
  fs.mkdirSync(canary);
  fs.writeFileSync(path.join(canary, 'secret'), 'do not touch');
  fs.writeFileSync(path.join(dir, 'f'), 'data');
  fs.symlinkSync('../canary', path.join(dir, 'out'));
  return { dir, canary, h: harness(makePolicy({ preopens: [preopen(dir, '/ro', readonly)] })) };
}

function s(h: Harness, text: string): [number, number] {
  return h.mem.data(text);
}

function lastDenial(h: Harness, call: string): { errno: string; reason?: string; target?: string } {
  const r = flushed(h).filter((x) => x.call === call && x.decision === 'denied').pop();
  assert.ok(r !== undefined, `no denial recorded for ${call}`);
  return r;
}

test('a read-only preopen refuses every write, records each denial, and changes nothing', () => {
  const { dir, h } = setup(true);
  const before = snapshot(dir);
  const out = h.mem.alloc(8, 4);
  const attempts: [string, () => number][] = [
    ['path_open', () => h.call('path_open', 3, 1, ...s(h, 'new'), 1, R_WRITE, 0n, 0, out)],
    ['path_open', () => h.call('path_open', 3, 1, ...s(h, 'f'), 8, R_READ, 0n, 0, out)],
    ['path_open', () => h.call('path_open', 3, 1, ...s(h, 'f'), 0, R_WRITE, 0n, 0, out)],
    ['path_open', () => h.call('path_open', 3, 1, ...s(h, 'f'), 0, R_READ, 0n, 1, out)],
    ['path_create_directory', () => h.call('path_create_directory', 3, ...s(h, 'd2'))],
    ['path_unlink_file', () => h.call('path_unlink_file', 3, ...s(h, 'f'))],
    ['path_remove_directory', () => h.call('path_remove_directory', 3, ...s(h, 'sub'))],
    ['path_rename', () => h.call('path_rename', 3, ...s(h, 'f'), 3, ...s(h, 'g'))],
    ['path_symlink', () => h.call('path_symlink', ...s(h, 'f'), 3, ...s(h, 'l'))],
    ['path_link', () => h.call('path_link', 3, 0, ...s(h, 'f'), 3, ...s(h, 'l'))],
    ['path_filestat_set_times', () => h.call('path_filestat_set_times', 3, 1, ...s(h, 'f'), 0n, 0n, 2 | 8)],
  ];
  for (const [call, attempt] of attempts) {
    assert.equal(attempt(), E('notcapable'), call);
    const denial = lastDenial(h, call);
    assert.equal(denial.errno, 'notcapable');
    assert.match(denial.reason ?? '', /preopen \/ro is read-only/, call);
    assert.ok((denial.target ?? '').startsWith('/ro/'), `${call} names the guest path`);
  }
  // A read-only open works, and the descriptor cannot write, truncate or set times.
  assert.equal(h.call('path_open', 3, 1, ...s(h, 'f'), 0, R_READ | (1n << 22n), 0n, 0, out), E('notcapable'));
  assert.equal(h.call('path_open', 3, 1, ...s(h, 'f'), 0, R_READ, 0n, 0, out), 0);
  const fd = h.mem.u32(out);
  assert.equal(h.call('fd_filestat_set_size', fd, 0n), E('notcapable'));
  assert.equal(h.call('fd_filestat_set_times', fd, 0n, 0n, 2), E('notcapable'));
  assert.equal(h.call('fd_allocate', fd, 0n, 10n), E('notcapable'));
  const [iov, n] = h.mem.iovecs([s(h, 'x')]);
  assert.equal(h.call('fd_write', fd, iov, n, out), E('notcapable'));
  // The preopen itself advertises no write rights.
  const st = h.mem.alloc(24);
  assert.equal(h.call('fd_fdstat_get', 3, st), 0);
  assert.equal(h.mem.u64(st + 16) & R_WRITE, 0n);
  assert.equal(snapshot(dir), before);
});

test('escapes are denied with notcapable, recorded with a reason and caller-free target, canary untouched', () => {
  const { canary, h } = setup(false);
  const before = snapshot(canary);
  const out = h.mem.alloc(8, 4);
  const tries = ['../canary/secret', '/etc/passwd', 'out/secret', 'sub/../../canary/secret', 'out'];
  for (const p of tries) {
    assert.equal(h.call('path_open', 3, 1, ...s(h, p), 0, R_READ, 0n, 0, out), E('notcapable'), p);
    const d = lastDenial(h, 'path_open');
    assert.equal(d.target, `/ro/${p}`);
    assert.ok((d.reason ?? '').length > 0);
  }
  assert.equal(h.call('path_rename', 3, ...s(h, 'f'), 3, ...s(h, '../canary/f')), E('notcapable'));
  assert.equal(h.call('path_link', 3, 0, ...s(h, 'f'), 3, ...s(h, 'out/f')), E('notcapable'));
  assert.equal(h.call('path_symlink', ...s(h, '../canary'), 3, ...s(h, 'l2')), E('notcapable'));
  assert.equal(h.call('path_symlink', ...s(h, '/etc'), 3, ...s(h, 'l3')), E('notcapable'));
  assert.equal(h.call('path_symlink', ...s(h, 'sub/../f'), 3, ...s(h, 'l4')), 0);
  assert.equal(snapshot(canary), before);
  const summary = h.host.summary();
  assert.ok((summary.byCapability.filesystem?.denied ?? 0) >= 9);
});

test('switches: clock, random and sockets off answer notcapable and record the denial', () => {
  const h = harness(makePolicy({ allow: { clock: false, random: false, sockets: false, exit: true } }));
  const buf = h.mem.alloc(16);
  assert.equal(h.call('clock_time_get', 0, 0n, buf), E('notcapable'));
  assert.equal(h.call('clock_res_get', 1, buf), E('notcapable'));
  assert.equal(h.call('random_get', buf, 16), E('notcapable'));
  assert.equal(lastDenial(h, 'clock_time_get').errno, 'notcapable');
  assert.equal(lastDenial(h, 'random_get').errno, 'notcapable');
  assert.equal(h.host.summary().byCapability.clock?.denied, 2);
  // A clock subscription in poll_oneoff is refused too, as an event error.
  const subs = h.mem.alloc(48);
  const events = h.mem.alloc(32);
  const n = h.mem.alloc(4, 4);
  h.mem.setU64(subs, 3n);
  h.mem.setU8(subs + 8, 0);
  h.mem.setU32(subs + 16, 1);
  h.mem.setU64(subs + 24, 1000n);
  assert.equal(h.call('poll_oneoff', subs, events, 1, n), 0);
  assert.equal(h.mem.u16(events + 8), E('notcapable'));
  assert.equal(lastDenial(h, 'poll_oneoff').errno, 'notcapable');
});

test('denials carry no wasm location when called from JS, and the summary counts per target', () => {
  const { h } = setup(false);
  const out = h.mem.alloc(8, 4);
  h.call('path_open', 3, 1, ...s(h, '/abs'), 0, R_READ, 0n, 0, out);
  const r = flushed(h).at(-1);
  assert.equal(r?.wasmFunction, undefined);
  assert.equal(h.host.summary().byTarget['/ro//abs']?.denied, 1);
});

test('a missing preopen directory or a bad policy is a WasiConfigError before anything runs', () => {
  assert.throws(() => createWasiHost({ policy: makePolicy({ preopens: [preopen('/nonexistent/wasi-studio', '/x')] }) }), WasiConfigError);
  assert.throws(() => createWasiHost({ policy: makePolicy({ limits: { maxOpenFds: 1 } }) }), /maxOpenFds/);
  assert.deepEqual(validatePolicy(makePolicy({ env: { 'A=B': 'x' } })), ['invalid environment variable name "A=B"']);
  assert.deepEqual(validatePolicy(makePolicy()), []);
});

test('proc_exit with exit disallowed still stops the module but records a denial', () => {
  const h = harness(makePolicy({ allow: { clock: true, random: true, sockets: false, exit: false } }));
  assert.throws(() => h.call('proc_exit', 1));
  assert.equal(lastDenial(h, 'proc_exit').errno, 'notcapable');
});

test('validatePolicy reports every problem of a malformed policy without throwing', () => {
  const bad = { args: 'x', env: [], preopens: [{ host: '', guest: '/a' }, null], stdin: { kind: 'tty' }, allow: { clock: 'yes' }, limits: { maxOpenFds: 1 } };
  const problems = validatePolicy(bad as unknown as Parameters<typeof validatePolicy>[0]);
  for (const expected of ['args must be', 'env must be', 'empty host path', 'needs readonly', 'not an object', 'stdin must be', 'allow.clock', 'maxOpenFds']) {
    assert.ok(problems.some((p) => p.includes(expected)), `missing "${expected}" in ${JSON.stringify(problems)}`);
  }
  assert.deepEqual(validatePolicy(null as unknown as Parameters<typeof validatePolicy>[0]), ['the policy is not an object']);
});
