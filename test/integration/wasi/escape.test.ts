// The sandbox escape suite: every case of test/fixtures/wasi/escape-cases.json runs build/escape.wasm
// through the bundled CLI with a read-write preopen /sandbox and a read-only preopen /ro, beside a
// canary directory. Each case must be refused by the module's own account, recorded in the access
// log, leak nothing, and leave the canary (and the read-only tree) unread and unchanged.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { assertBuilt, fixture, readLog, runCli, tempDir } from './helpers';
import { backdate, loadEscapeSuite, plant, readSinceBackdate, snapshotContent, snapshotMeta, type EntrySnapshot } from './escapeLayout';

const suite = loadEscapeSuite();
const WATCHED = ['canary', 'ro'];

const stable = (entries: readonly EntrySnapshot[]): Omit<EntrySnapshot, 'atimeNs'>[] =>
  entries.map(({ atimeNs: _ignored, ...rest }) => rest);

describe('sandbox escape suite', () => {
  test('has at least 25 adversarial cases of every kind the issue names', () => {
    assert.ok(suite.cases.length >= 25, `only ${suite.cases.length} cases`);
    const kinds = new Set(suite.cases.map((c) => c.kind));
    for (const k of ['traversal', 'absolute path', 'planted symlink', 'rename/link out', 'read-only write', 'NUL byte', 'long path', 'O_NOFOLLOW']) {
      assert.ok(kinds.has(k), `no case of kind ${k}`);
    }
  });

  for (const c of suite.cases) {
    test(`${c.kind}: ${c.name}`, () => {
      assertBuilt();
      const root = tempDir('escape');
      plant(root, suite);
      const t = Math.floor(Date.now() / 1000) - 3600;
      for (const w of WATCHED) backdate(join(root, w), t);
      const before = Object.fromEntries(WATCHED.map((w) => [w, snapshotMeta(join(root, w))]));
      const content = Object.fromEntries(WATCHED.map((w) => [w, snapshotContent(join(root, w))]));
      const rootListing = snapshotMeta(root).filter((e) => !e.path.includes('/')).map((e) => e.path);
      // Snapshots read the trees; restore the access times so that only the module's reads show.
      for (const w of WATCHED) backdate(join(root, w), t);

      const log = join(root, 'access.jsonl');
      const args = ['run', '--log', log, ...suite.preopens.flatMap((p) => ['--dir', `${join(root, p.host)}::${p.guest}${p.readonly ? ':ro' : ''}`]),
        fixture('escape'), c.name, join(root, suite.canaryArg)];
      const r = runCli(args);

      assert.equal(r.stderr, '');
      assert.match(r.stdout, new RegExp(`^case ${c.name}: denied \\((\\w+)\\)$`, 'm'), r.stdout);
      assert.doesNotMatch(r.stdout, /LEAK|TOP-SECRET|inner secret/);
      assert.equal(r.code, 0);

      const records = readLog(log).filter((rec) => c.calls.includes(rec.call));
      if (c.logged === 'denied') {
        assert.ok(records.some((rec) => rec.decision === 'denied' && rec.errno !== 'success'),
          `no denied ${c.calls.join('/')} record: ${JSON.stringify(records)}`);
      } else if (c.logged === 'error') {
        assert.ok(records.some((rec) => rec.errno !== 'success'), `no failed ${c.calls.join('/')} record: ${JSON.stringify(records)}`);
      } else {
        assert.ok(records.every((rec) => rec.errno !== 'success'), `a ${c.calls.join('/')} call succeeded: ${JSON.stringify(records)}`);
      }

      for (const w of WATCHED) {
        const after = snapshotMeta(join(root, w));
        assert.deepEqual(readSinceBackdate(after), [], `${w} was read`);
        assert.deepEqual(stable(after), stable(before[w]), `${w} changed`);
        assert.deepEqual(snapshotContent(join(root, w)), content[w], `${w} content changed`);
      }
      const nowListing = snapshotMeta(root).filter((e) => !e.path.includes('/')).map((e) => e.path);
      assert.deepEqual(nowListing.filter((p) => p !== 'access.jsonl'), rootListing, 'something appeared beside the preopens');
    });
  }
});
