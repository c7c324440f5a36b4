import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAUNCH_ATTRIBUTES } from '../../../debug-adapter/src/session';

const root = join(__dirname, '..', '..', '..', '..');

test('WasiLaunchArguments lists exactly the launch attributes of the wasi debugger in package.json', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    contributes: { debuggers: { type: string; configurationAttributes: { launch: { properties: Record<string, unknown> } } }[] };
  };
  const wasi = manifest.contributes.debuggers.find((d) => d.type === 'wasi');
  assert.ok(wasi);
  assert.deepEqual([...LAUNCH_ATTRIBUTES].sort(), Object.keys(wasi.configurationAttributes.launch.properties).sort());
});
