import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ALLOW_DEFAULTS, ALLOW_SWITCHES, LAUNCH_ATTRIBUTE_NAMES, defaultLaunchConfiguration, effectiveAllow, substituteWorkspaceFolder, workspaceRelative,
} from '../../../client/src/debug/launchConfig';

const root = join(__dirname, '..', '..', '..', '..');

interface SchemaProperty { default?: unknown; properties?: Record<string, SchemaProperty> }
interface Manifest {
  contributes: { debuggers: { type: string; configurationAttributes: { launch: { properties: Record<string, SchemaProperty> } } }[] };
}

function launchSchema(): Record<string, SchemaProperty> {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  const wasi = manifest.contributes.debuggers.find((d) => d.type === 'wasi');
  assert.ok(wasi, 'package.json declares the wasi debugger');
  return wasi.configurationAttributes.launch.properties;
}

test('the launch attribute type matches the package.json schema', () => {
  assert.deepEqual([...LAUNCH_ATTRIBUTE_NAMES].sort(), Object.keys(launchSchema()).sort());
});

test('the allow switches and their defaults match the schema', () => {
  const allow = launchSchema()['allow']?.properties ?? {};
  assert.deepEqual([...ALLOW_SWITCHES].sort(), Object.keys(allow).sort());
  for (const name of ALLOW_SWITCHES) assert.equal(allow[name]?.default, ALLOW_DEFAULTS[name], name);
});

test('the default configuration preopens the workspace read-only as / with no env', () => {
  const config = defaultLaunchConfiguration('${workspaceFolder}/build/app.wasm', 'workspaceReadOnly');
  assert.deepEqual(config, {
    type: 'wasi', request: 'launch', name: 'Debug app.wasm', program: '${workspaceFolder}/build/app.wasm',
    args: [], env: {}, preopens: [{ host: '${workspaceFolder}', guest: '/', readonly: true }],
  });
  assert.equal(defaultLaunchConfiguration('a.wasm', 'workspaceReadWrite').preopens?.[0]?.readonly, false);
  assert.deepEqual(defaultLaunchConfiguration('a.wasm', 'none').preopens, []);
});

test('paths inside the workspace become ${workspaceFolder} paths', () => {
  assert.equal(workspaceRelative('/ws/proj/a.wasm', '/ws/proj'), '${workspaceFolder}/a.wasm');
  assert.equal(workspaceRelative('/ws/proj', '/ws/proj/'), '${workspaceFolder}');
  assert.equal(workspaceRelative('/ws/project2/a.wasm', '/ws/proj'), '/ws/project2/a.wasm');
  assert.equal(workspaceRelative('/x/a.wasm', undefined), '/x/a.wasm');
  assert.equal(substituteWorkspaceFolder('${workspaceFolder}/d:${workspaceFolderBasename}', '/ws/proj/'), '/ws/proj/d:proj');
});

test('switch defaults fill in what a configuration omits', () => {
  assert.deepEqual(effectiveAllow(undefined), { clock: true, random: true, sockets: false, exit: true });
  assert.deepEqual(effectiveAllow({ clock: false }), { clock: false, random: true, sockets: false, exit: true });
});
