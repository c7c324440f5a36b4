// Table-driven tests of the sandboxed path resolver, in a temp directory with real symlinks. A
// sibling "outside" directory plays the canary: the resolver must never query a host path outside
// the preopen root, which an instrumented ResolverFs checks on every case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ERRNO_NAMES } from '../../../debug-adapter/src/wasi/index';
import { resolvePath, nodeResolverFs, NodeKind, type ResolverFs } from '../../../debug-adapter/src/wasi/pathResolver';
import { tempDir } from './helpers';

const E = (name: (typeof ERRNO_NAMES)[number]): number => ERRNO_NAMES.indexOf(name);

const top = tempDir('wasi-resolver-');
const rootDir = path.join(top, 'root');
const outside = path.join(top, 'outside');
fs.mkdirSync(path.join(rootDir, 'a', 'b'), { recursive: true });
fs.mkdirSync(outside);
fs.writeFileSync(path.join(outside, 'secret'), 'canary');
fs.writeFileSync(path.join(rootDir, 'file.txt'), 'x');
fs.writeFileSync(path.join(rootDir, 'a', 'b', 'file.txt'), 'x');
const links: [string, string][] = [
  ['a/link_up', '..'],
  ['a/link_escape', '../..'],
  ['a/b/deep_escape', '../../../outside'],
  ['sym_file', 'file.txt'],
  ['sym_dir', 'a'],
  ['sym_abs', '/etc'],
  ['sym_abs_file', path.join(outside, 'secret')],
  ['sym_escape', '../outside'],
  ['sym_chain1', 'sym_chain2'],
  ['sym_chain2', 'file.txt'],
  ['loop1', 'loop2'],
  ['loop2', 'loop1'],
  ['self', 'self'],
  ['dangling', 'nothere'],
  ['sym_dotdot_inside', 'a/b/../..'],
  ['sym_trailing', 'a/'],
  ['sym_dot', '.'],
];
for (const [at, target] of links) fs.symlinkSync(target, path.join(rootDir, at));

const root = { host: rootDir, guest: '/sandbox', readonly: false };

type Expect = { components: string[]; kind?: NodeKind | 'unexamined'; dir?: boolean } | { errno: (typeof ERRNO_NAMES)[number] };
interface Case { path: string; follow?: boolean; base?: string[]; expect: Expect }

const cases: Case[] = [
  { path: 'file.txt', expect: { components: ['file.txt'], kind: NodeKind.other } },
  { path: 'a/b/file.txt', expect: { components: ['a', 'b', 'file.txt'] } },
  { path: './a/./b/', expect: { components: ['a', 'b'], kind: NodeKind.directory, dir: true } },
  { path: 'a/b/..', expect: { components: ['a'] } },
  { path: 'a/../file.txt', expect: { components: ['file.txt'] } },
  { path: 'a//b///file.txt', expect: { components: ['a', 'b', 'file.txt'] } },
  { path: '.', expect: { components: [] } },
  { path: '..', expect: { errno: 'notcapable' } },
  { path: 'a/../../outside/secret', expect: { errno: 'notcapable' } },
  { path: '/etc/passwd', expect: { errno: 'notcapable' } },
  { path: '', expect: { errno: 'noent' } },
  { path: 'a\0b', expect: { errno: 'inval' } },
  { path: 'x'.repeat(4097), expect: { errno: 'nametoolong' } },
  { path: 'y'.repeat(256), expect: { errno: 'nametoolong' } },
  { path: 'ü'.repeat(128), expect: { errno: 'nametoolong' } },
  { path: 'sym_file', expect: { components: ['file.txt'], kind: NodeKind.other } },
  { path: 'sym_file', follow: false, expect: { components: ['sym_file'], kind: 'unexamined' } },
  { path: 'sym_dir/b/file.txt', expect: { components: ['a', 'b', 'file.txt'] } },
  { path: 'sym_abs', expect: { errno: 'notcapable' } },
  { path: 'sym_abs', follow: false, expect: { components: ['sym_abs'], kind: 'unexamined' } },
  { path: 'sym_abs/passwd', follow: false, expect: { errno: 'notcapable' } },
  { path: 'sym_abs_file', expect: { errno: 'notcapable' } },
  { path: 'sym_escape', expect: { errno: 'notcapable' } },
  { path: 'sym_escape/secret', follow: false, expect: { errno: 'notcapable' } },
  { path: 'a/link_up/file.txt', expect: { components: ['file.txt'] } },
  { path: 'a/link_escape/outside/secret', expect: { errno: 'notcapable' } },
  { path: 'a/b/deep_escape', expect: { errno: 'notcapable' } },
  { path: 'a/b/deep_escape', follow: false, expect: { components: ['a', 'b', 'deep_escape'], kind: 'unexamined' } },
  { path: 'loop1', expect: { errno: 'loop' } },
  { path: 'loop1', follow: false, expect: { components: ['loop1'], kind: 'unexamined' } },
  { path: 'loop1/x', follow: false, expect: { errno: 'loop' } },
  { path: 'self', expect: { errno: 'loop' } },
  { path: 'sym_chain1', expect: { components: ['file.txt'] } },
  { path: 'dangling', expect: { components: ['nothere'], kind: NodeKind.missing } },
  { path: 'dangling/x', expect: { errno: 'noent' } },
  { path: 'file.txt/x', expect: { errno: 'notdir' } },
  { path: 'file.txt/', expect: { errno: 'notdir' } },
  { path: 'sym_file/', follow: false, expect: { errno: 'notdir' } },
  { path: 'missing/x', expect: { errno: 'noent' } },
  { path: 'missing', expect: { components: ['missing'], kind: NodeKind.missing } },
  { path: 'sym_dotdot_inside/file.txt', expect: { components: ['file.txt'] } },
  { path: 'sym_trailing', expect: { components: ['a'], kind: NodeKind.directory, dir: true } },
  { path: 'sym_dot/sym_dot/file.txt', expect: { components: ['file.txt'] } },
  { path: '../../file.txt', base: ['a', 'b'], expect: { components: ['file.txt'] } },
  { path: '../../../outside', base: ['a', 'b'], expect: { errno: 'notcapable' } },
  { path: 'file.txt', base: ['a', 'b'], expect: { components: ['a', 'b', 'file.txt'] } },
];

/** Wraps the real fs and fails the test if a query leaves the preopen. */
function guardedFs(): ResolverFs & { queried: string[] } {
  const queried: string[] = [];
  const check = (p: string): void => {
    queried.push(p);
    assert.ok(p === rootDir || p.startsWith(rootDir + '/'), `resolver queried ${p} outside the preopen`);
  };
  return {
    queried,
    kind(p) { check(p); return nodeResolverFs.kind(p); },
    readlink(p) { check(p); return nodeResolverFs.readlink(p); },
  };
}

test('the resolver table has at least 30 cases', () => {
  assert.ok(cases.length >= 30, `${cases.length} cases`);
});

for (const c of cases) {
  const label = `resolve ${JSON.stringify(c.path.length > 40 ? c.path.slice(0, 20) + '…' : c.path)} follow=${c.follow ?? true}${c.base ? ` base=${c.base.join('/')}` : ''}`;
  test(label, () => {
    const host = guardedFs();
    const res = resolvePath(root, c.base ?? [], c.path, { followFinal: c.follow ?? true }, host);
    if ('errno' in c.expect) {
      assert.equal(res.errno, E(c.expect.errno), `errno for ${c.path}`);
      assert.ok('reason' in res && res.reason.length > 0);
      return;
    }
    assert.equal(res.errno, 0, `unexpected refusal: ${'reason' in res ? res.reason : ''}`);
    if (res.errno !== 0 || !('components' in res)) return;
    assert.deepEqual(res.components, c.expect.components);
    assert.equal(res.hostPath, c.expect.components.length === 0 ? rootDir : path.join(rootDir, ...c.expect.components));
    if (c.expect.kind !== undefined) assert.equal(res.kind, c.expect.kind === 'unexamined' ? undefined : c.expect.kind);
    if (c.expect.dir !== undefined) assert.equal(res.mustBeDirectory, c.expect.dir);
  });
}

test('the canary outside the preopen is untouched after the table ran', () => {
  assert.deepEqual(fs.readdirSync(outside), ['secret']);
  assert.equal(fs.readFileSync(path.join(outside, 'secret'), 'utf8'), 'canary');
});

test('a preopen of the host root joins paths without doubled slashes and still refuses `..`', () => {
  const seen: string[] = [];
  const fake: ResolverFs = {
    kind(p) { seen.push(p); return p === '/etc' ? NodeKind.directory : p === '/etc/link' ? NodeKind.symlink : NodeKind.other; },
    readlink: () => '../../escape',
  };
  const slash = { host: '/', guest: '/', readonly: true };
  const ok = resolvePath(slash, [], 'etc/hostname', { followFinal: true }, fake);
  assert.equal(ok.errno, 0);
  assert.ok('hostPath' in ok && ok.hostPath === '/etc/hostname');
  assert.deepEqual(seen, ['/etc', '/etc/hostname']);
  assert.equal(resolvePath(slash, [], '..', { followFinal: true }, fake).errno, E('notcapable'));
  assert.equal(resolvePath(slash, [], 'etc/link', { followFinal: true }, fake).errno, E('notcapable'));
  const root = resolvePath(slash, [], '.', { followFinal: true }, fake);
  assert.ok('hostPath' in root && root.hostPath === '/');
});
