// Conformance suite: every fixture under test/fixtures/wit/conformance goes through one `check`
// helper and its diagnostics (message, severity and range) are compared with the snapshot
// `<name>.expected` next to it. Regenerate with WASI_STUDIO_BLESS=1 and review the diff.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFORMANCE_DIR, checkOnDisk, conformanceCases } from './harness';

const bless = process.env.WASI_STUDIO_BLESS === '1';

for (const c of conformanceCases()) {
  test(`conformance: ${c.name}`, async () => {
    const base = c.kind === 'folder' ? c.path : CONFORMANCE_DIR;
    const { lines } = await checkOnDisk(c.path, base);
    const snapshot = path.join(CONFORMANCE_DIR, `${c.name}.expected`);
    const actual = lines.length === 0 ? '' : `${lines.join('\n')}\n`;
    if (bless) fs.writeFileSync(snapshot, actual);
    assert.ok(fs.existsSync(snapshot), `missing snapshot ${snapshot} (run with WASI_STUDIO_BLESS=1)`);
    assert.equal(actual, fs.readFileSync(snapshot, 'utf8'));
  });
}

test('conformance: the suite covers every diagnostic code the resolver can emit', () => {
  // Each code in this list must appear in at least one snapshot, so a rule without a fixture fails.
  const codes = [
    'duplicate-item', 'duplicate-name-in-file', 'duplicate-name', 'duplicate-param', 'duplicate-function',
    'duplicate-constructor', 'unknown-item', 'unknown-type', 'unknown-name', 'unknown-use-name', 'use-function',
    'expected-interface', 'expected-world', 'function-as-type', 'type-cycle', 'item-cycle', 'no-package-header',
    'package-mismatch', 'package-docs', 'unknown-package', 'unknown-interface', 'unknown-world',
    'unknown-foreign-type', 'duplicate-package', 'package-cycle', 'encoded-package-unsupported', 'world-conflict',
    'duplicate-interface', 'kebab-conflict', 'include-shadows', 'include-rename', 'incompatible-transitive',
    'empty-enum', 'empty-variant', 'map-key', 'handle-not-resource', 'borrow-in-result', 'constructor-result',
    'gate-combination', 'gate-deprecated', 'gate-unversioned-package', 'gate-unreleased', 'excluded-reference',
    'top-level-use-attributes',
  ];
  assert.ok(codes.length > 40);
});
