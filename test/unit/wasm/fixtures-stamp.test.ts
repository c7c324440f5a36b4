import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..', '..');

test('debug fixtures were rebuilt after their sources changed (stamp matches)', () => {
  const r = spawnSync(process.execPath, [join(root, 'test/fixtures/debug/stamp.mjs'), 'check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
