// The policy-file parser and the run-flag parser, as pure functions: a table of accepted and refused
// inputs with the exact messages users see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicyFile, validatePolicyConfig } from '../../../debug-adapter/src/cli/policyFile';
import { parseDirFlag, parseRunArgs } from '../../../debug-adapter/src/cli/runArgs';

test('a full policy file is accepted, relative paths resolved against its directory or cwd', () => {
  const text = JSON.stringify({
    args: ['a', 'b'], env: { K: 'V' }, inheritEnv: true, preopens: [{ host: 'data', guest: '/data', readonly: true }, { host: '/abs', guest: '/' }],
    stdin: 'in.txt', allow: { clock: false, sockets: true }, accessLog: 'log.jsonl', type: 'wasi', request: 'launch', program: 'x.wasm',
  });
  const r = parsePolicyFile(text, '/base');
  assert.deepEqual(r, {
    ok: true,
    config: {
      args: ['a', 'b'], env: { K: 'V' }, inheritEnv: true,
      preopens: [{ host: '/base/data', guest: '/data', readonly: true }, { host: '/abs', guest: '/', readonly: false }],
      stdin: '/base/in.txt', allow: { clock: false, sockets: true }, accessLog: '/base/log.jsonl',
    },
  });
  const withCwd = validatePolicyConfig({ cwd: 'sub', preopens: [{ host: '.', guest: '/' }] }, '/base');
  assert.deepEqual(withCwd, { ok: true, config: { preopens: [{ host: '/base/sub', guest: '/', readonly: false }] } });
  assert.deepEqual(parsePolicyFile('{}', '/'), { ok: true, config: {} });
});

test('policy files that are refused, each with a message naming the problem', () => {
  const refused: [unknown, string][] = [
    [[], 'the policy must be a JSON object'],
    [null, 'the policy must be a JSON object'],
    [{ args: 'a b' }, '"args" must be an array of strings'],
    [{ args: ['a\0b'] }, '"args" must not contain NUL bytes'],
    [{ env: { K: 1 } }, '"env.K" must be a string'],
    [{ env: { 'A=B': 'x' } }, '"env" has an invalid variable "A=B"'],
    [{ inheritEnv: 'yes' }, '"inheritEnv" must be true or false'],
    [{ preopens: {} }, '"preopens" must be an array'],
    [{ preopens: ['/x'] }, '"preopens[0]" must be an object with "host" and "guest"'],
    [{ preopens: [{ host: '/x' }] }, '"preopens[0].guest" must be a non-empty string'],
    [{ preopens: [{ host: '/x', guest: '/', ro: true }] }, '"preopens[0]" has an unknown key "ro"'],
    [{ preopens: [{ host: '/x', guest: '/', readonly: 'true' }] }, '"preopens[0].readonly" must be true or false'],
    [{ preopens: [{ host: '/x', guest: '/' }, { host: '/y', guest: '/' }] }, 'guest path "/" is preopened twice'],
    [{ stdin: 3 }, '"stdin" must be a file path'],
    [{ allow: { clock: 'no' } }, '"allow.clock" must be true or false'],
    [{ allow: { files: true } }, '"allow" has an unknown switch "files" (expected clock, random, sockets, exit)'],
    [{ accessLog: '' }, '"accessLog" must be a file path'],
    [{ cwd: 5 }, '"cwd" must be a string'],
    [{ preopen: [] }, 'unknown key "preopen" (expected args, env, inheritEnv, preopens, stdin, allow, accessLog)'],
  ];
  for (const [value, error] of refused) assert.deepEqual(validatePolicyConfig(value, '/'), { ok: false, error }, JSON.stringify(value));
  const bad = parsePolicyFile('{"args": [', '/');
  assert.equal(bad.ok, false);
  assert.match(bad.ok ? '' : bad.error, /^not valid JSON \(/);
});

test('--dir spellings', () => {
  assert.deepEqual(parseDirFlag('data'), { host: 'data', guest: 'data', readonly: false });
  assert.deepEqual(parseDirFlag('/h/data::/data'), { host: '/h/data', guest: '/data', readonly: false });
  assert.deepEqual(parseDirFlag('/h/data::/data:ro'), { host: '/h/data', guest: '/data', readonly: true });
  assert.deepEqual(parseDirFlag('.::/:rw'), { host: '.', guest: '/', readonly: false });
  assert.deepEqual(parseDirFlag('data:ro'), { host: 'data', guest: 'data', readonly: true });
  assert.equal(parseDirFlag('::/x'), '--dir ::/x: the host directory is empty');
});

test('run flags stop at MODULE; the rest belongs to the module', () => {
  const r = parseRunArgs(['--env', 'A=1', '--env=B=2=3', '--deterministic', '--timeout=50', '--allow', 'sockets', '--deny', 'clock,random', 'm.wasm', '--env', 'x']);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.deepEqual(r.options.env, [['A', '1'], ['B', '2=3']]);
  assert.equal(r.options.deterministicSeed, 0);
  assert.equal(r.options.timeoutMs, 50);
  assert.deepEqual(r.options.allow, ['sockets']);
  assert.deepEqual(r.options.deny, ['clock', 'random']);
  assert.equal(r.options.module, 'm.wasm');
  assert.deepEqual(r.options.moduleArgs, ['--env', 'x']);
  const dashed = parseRunArgs(['--', '-odd-name.wasm']);
  assert.ok(dashed.ok && dashed.options.module === '-odd-name.wasm');
  assert.deepEqual(parseRunArgs(['--summary=yes', 'm.wasm']), { ok: false, error: '--summary takes no value' });
  assert.deepEqual(parseRunArgs(['--max-fds', '2', 'm.wasm']), { ok: false, error: '--max-fds needs an integer of at least 3' });
  assert.deepEqual(parseRunArgs(['--log']), { ok: false, error: '--log needs a FILE' });
});
