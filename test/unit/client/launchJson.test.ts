import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addConfiguration, applyPolicyEdit, detectFormatting, listWasiConfigurations, newLaunchJson, type EditResult } from '../../../client/src/permissions/launchJson';
import { defaultLaunchConfiguration } from '../../../client/src/debug/launchConfig';

const LAUNCH = `{
    // Keep this comment: it explains the sandbox.
    "version": "0.2.0",
    "configurations": [
        {
            "type": "node",
            "request": "launch",
            "name": "Not ours"
        },
        {
            "type": "wasi",
            "request": "launch",
            "name": "Debug demo",
            "program": "\${workspaceFolder}/demo.wasm",
            /* the data folder */
            "preopens": [
                { "host": "\${workspaceFolder}/data", "guest": "/data", "readonly": false }
            ],
            "env": { "MODE": "test" }, // trailing comment
        },
    ]
}
`;

function ok(result: EditResult): string {
  if ('error' in result) assert.fail(result.error);
  return result.text;
}

test('lists only wasi launch configurations with their array index', () => {
  const entries = listWasiConfigurations(LAUNCH);
  assert.equal(entries.length, 1);
  assert.equal(entries[0]?.index, 1);
  assert.equal(entries[0]?.config.name, 'Debug demo');
  assert.deepEqual(entries[0]?.config.preopens, [{ host: '${workspaceFolder}/data', guest: '/data', readonly: false }]);
});

test('an unreadable launch.json lists nothing instead of throwing', () => {
  assert.deepEqual(listWasiConfigurations('not json at all'), []);
  assert.deepEqual(listWasiConfigurations('{"configurations": 3}'), []);
});

test('toggling read-only changes only that value and keeps every comment', () => {
  const text = ok(applyPolicyEdit(LAUNCH, 1, { kind: 'setPreopenReadonly', preopenIndex: 0, readonly: true }));
  assert.match(text, /\/\/ Keep this comment: it explains the sandbox\./);
  assert.match(text, /\/\* the data folder \*\//);
  assert.match(text, /\/\/ trailing comment/);
  assert.match(text, /"readonly": true/);
  assert.equal(text.replace('"readonly": true', '"readonly": false'), LAUNCH);
  assert.equal(listWasiConfigurations(text)[0]?.config.preopens?.[0]?.readonly, true);
});

test('adding a preopen appends to the array with the file indentation', () => {
  const text = ok(applyPolicyEdit(LAUNCH, 1, { kind: 'addPreopen', preopen: { host: '/tmp/out', guest: '/out', readonly: false } }));
  const preopens = listWasiConfigurations(text)[0]?.config.preopens;
  assert.deepEqual(preopens?.[1], { host: '/tmp/out', guest: '/out', readonly: false });
  assert.match(text, /\/\/ Keep this comment/);
  assert.match(text, /\n {16}\{\n {20}"host": "\/tmp\/out"/);
});

test('removing a preopen leaves the others', () => {
  const added = ok(applyPolicyEdit(LAUNCH, 1, { kind: 'addPreopen', preopen: { host: '/a', guest: '/a' } }));
  const text = ok(applyPolicyEdit(added, 1, { kind: 'removePreopen', preopenIndex: 0 }));
  assert.deepEqual(listWasiConfigurations(text)[0]?.config.preopens, [{ host: '/a', guest: '/a', readonly: false }]);
  assert.match(text, /\/\* the data folder \*\//);
});

test('env variables are set, replaced and removed', () => {
  let text = ok(applyPolicyEdit(LAUNCH, 1, { kind: 'setEnv', name: 'HOME', value: '/' }));
  text = ok(applyPolicyEdit(text, 1, { kind: 'setEnv', name: 'MODE', value: 'prod' }));
  assert.deepEqual(listWasiConfigurations(text)[0]?.config.env, { MODE: 'prod', HOME: '/' });
  text = ok(applyPolicyEdit(text, 1, { kind: 'removeEnv', name: 'MODE' }));
  assert.deepEqual(listWasiConfigurations(text)[0]?.config.env, { HOME: '/' });
  assert.match(text, /\/\/ Keep this comment/);
});

test('a missing env or allow object is created', () => {
  const base = ok(applyPolicyEdit(LAUNCH, 1, { kind: 'removeEnv', name: 'MODE' }));
  const text = ok(applyPolicyEdit(base, 1, { kind: 'setAllow', capability: 'sockets', value: true }));
  assert.deepEqual(listWasiConfigurations(text)[0]?.config.allow, { sockets: true });
  const again = ok(applyPolicyEdit(text, 1, { kind: 'setAllow', capability: 'clock', value: false }));
  assert.deepEqual(listWasiConfigurations(again)[0]?.config.allow, { sockets: true, clock: false });
});

test('arguments and stdin are edited', () => {
  let text = ok(applyPolicyEdit(LAUNCH, 1, { kind: 'addArg', value: '--verbose' }));
  text = ok(applyPolicyEdit(text, 1, { kind: 'addArg', value: 'in.txt' }));
  text = ok(applyPolicyEdit(text, 1, { kind: 'removeArg', argIndex: 0 }));
  text = ok(applyPolicyEdit(text, 1, { kind: 'setStdin', path: '${workspaceFolder}/in.txt' }));
  const config = listWasiConfigurations(text)[0]?.config;
  assert.deepEqual(config?.args, ['in.txt']);
  assert.equal(config?.stdin, '${workspaceFolder}/in.txt');
  const cleared = ok(applyPolicyEdit(text, 1, { kind: 'setStdin', path: undefined }));
  assert.equal(listWasiConfigurations(cleared)[0]?.config.stdin, undefined);
});

test('bad addresses and names are errors, not exceptions', () => {
  assert.ok('error' in applyPolicyEdit(LAUNCH, 7, { kind: 'addArg', value: 'x' }));
  assert.ok('error' in applyPolicyEdit(LAUNCH, 1, { kind: 'removePreopen', preopenIndex: 5 }));
  assert.ok('error' in applyPolicyEdit(LAUNCH, 1, { kind: 'setEnv', name: 'A=B', value: 'x' }));
  assert.ok('error' in applyPolicyEdit(LAUNCH, 1, { kind: 'removeEnv', name: 'NOPE' }));
  assert.ok('error' in applyPolicyEdit('{', 0, { kind: 'addArg', value: 'x' }));
});

test('adding a configuration creates launch.json or appends to it', () => {
  const config = defaultLaunchConfiguration('${workspaceFolder}/a.wasm', 'workspaceReadOnly');
  const created = ok(addConfiguration('', config));
  assert.equal(created, newLaunchJson(config));
  assert.equal(listWasiConfigurations(created).length, 1);
  const appended = ok(addConfiguration(LAUNCH, config));
  assert.equal(listWasiConfigurations(appended).length, 2);
  assert.match(appended, /\/\/ Keep this comment/);
  const noList = ok(addConfiguration('{\n  "version": "0.2.0"\n}\n', config));
  assert.equal(listWasiConfigurations(noList)[0]?.config.name, 'Debug a.wasm');
});

test('formatting follows tabs, spaces and CRLF', () => {
  assert.deepEqual(detectFormatting('{\n\t"a": 1\n}'), { insertSpaces: false, tabSize: 4, eol: '\n' });
  assert.deepEqual(detectFormatting('{\r\n    "a": 1\r\n}'), { insertSpaces: true, tabSize: 4, eol: '\r\n' });
  assert.deepEqual(detectFormatting('{}'), { insertSpaces: true, tabSize: 2, eol: '\n' });
});
