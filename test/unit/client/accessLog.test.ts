import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NO_FILTER, filterEntries, formatTime, grantFor, keepRecord, parseAccessLog, summarise, toJsonLines, toLogEntry, type AccessRecord, type LogEntry,
} from '../../../client/src/accessLog/records';

let seq = 0;
function rec(partial: Partial<AccessRecord> & Pick<AccessRecord, 'call' | 'capability'>): AccessRecord {
  seq += 1;
  return { seq, time: seq * 1.5, decision: 'allowed', errno: 'success', ...partial };
}

const ENTRIES: LogEntry[] = [
  { record: rec({ call: 'path_open', capability: 'filesystem', target: '/data/in.txt', hostPath: '/ws/data/in.txt' }), source: { path: '/ws/main.c', line: 12 } },
  { record: rec({ call: 'path_open', capability: 'filesystem', target: '/data/out.txt', decision: 'denied', errno: 'notcapable' }), source: { path: '/ws/main.c', line: 20 } },
  { record: rec({ call: 'environ_get', capability: 'env', target: 'HOME', decision: 'denied', errno: 'notcapable' }) },
  { record: rec({ call: 'clock_time_get', capability: 'clock', target: 'realtime' }) },
  { record: rec({ call: 'path_open', capability: 'filesystem', target: '/data/in.txt', hostPath: '/ws/data/in.txt' }) },
];

test('JSON Lines parse both bare records and {record, source} lines, and report bad lines', () => {
  const text = [
    JSON.stringify(ENTRIES[0]!.record),
    JSON.stringify({ record: ENTRIES[1]!.record, source: { path: '/ws/main.c', line: 20 } }),
    '',
    '{not json',
    JSON.stringify({ call: 'x', capability: 'teleport', decision: 'allowed', time: 0, errno: 'success', seq: 1 }),
    JSON.stringify({ ...ENTRIES[2]!.record, source: { path: '/ws/main.c', line: 0 } }),
  ].join('\n');
  const parsed = parseAccessLog(text);
  assert.equal(parsed.entries.length, 3);
  assert.equal(parsed.entries[0]?.source, undefined);
  assert.deepEqual(parsed.entries[1]?.source, { path: '/ws/main.c', line: 20 });
  assert.equal(parsed.entries[2]?.source, undefined, 'line 0 is not a source line');
  assert.deepEqual(parsed.errors, [{ line: 4, message: 'not valid JSON' }, { line: 5, message: 'missing or unknown "capability"' }]);
  assert.equal(typeof toLogEntry([1, 2]), 'string');
});

test('export writes lines that parse back to the same entries', () => {
  const round = parseAccessLog(toJsonLines(ENTRIES));
  assert.deepEqual(round.errors, []);
  assert.deepEqual(round.entries, ENTRIES);
  assert.equal(toJsonLines([]), '');
});

test('filters by decision, capability, path prefix and search text', () => {
  assert.equal(filterEntries(ENTRIES, NO_FILTER).length, 5);
  assert.deepEqual(filterEntries(ENTRIES, { ...NO_FILTER, decision: 'denied' }).map((e) => e.record.call), ['path_open', 'environ_get']);
  assert.equal(filterEntries(ENTRIES, { ...NO_FILTER, capabilities: ['clock', 'env'] }).length, 2);
  assert.equal(filterEntries(ENTRIES, { ...NO_FILTER, pathPrefix: '/data/in' }).length, 2);
  assert.equal(filterEntries(ENTRIES, { ...NO_FILTER, pathPrefix: '/ws/data' }).length, 2, 'host paths match too');
  assert.equal(filterEntries(ENTRIES, { ...NO_FILTER, search: 'NOTCAP' }).length, 2);
  assert.equal(filterEntries(ENTRIES, { ...NO_FILTER, search: 'main.c' }).length, 2);
  assert.equal(filterEntries(ENTRIES, { ...NO_FILTER, decision: 'denied', capabilities: ['filesystem'], search: 'out' }).length, 1);
});

test('summary counts per capability and per target', () => {
  const s = summarise(ENTRIES);
  assert.deepEqual(s.total, { allowed: 3, denied: 2 });
  assert.deepEqual(s.byCapability, [
    { capability: 'filesystem', counts: { allowed: 2, denied: 1 } },
    { capability: 'env', counts: { allowed: 0, denied: 1 } },
    { capability: 'clock', counts: { allowed: 1, denied: 0 } },
  ]);
  assert.deepEqual(s.byTarget[0], { target: '/data/in.txt', counts: { allowed: 2, denied: 0 } });
  assert.equal(s.byTarget.length, 4);
});

test('verbosity keeps all, only denials, or nothing', () => {
  const denied = ENTRIES[1]!.record;
  const allowed = ENTRIES[0]!.record;
  assert.deepEqual([keepRecord(allowed, 'all'), keepRecord(denied, 'all')], [true, true]);
  assert.deepEqual([keepRecord(allowed, 'denied'), keepRecord(denied, 'denied')], [false, true]);
  assert.deepEqual([keepRecord(allowed, 'off'), keepRecord(denied, 'off')], [false, false]);
  assert.equal(formatTime(1234.5), '1.234 s');
});

test('"grant this" on a path outside every preopen proposes a read-only preopen of its folder', () => {
  const g = grantFor(ENTRIES[1]!.record, { program: 'a' }, { workspaceFolder: '/ws' });
  assert.deepEqual(g?.edit, { kind: 'addPreopen', preopen: { host: '${workspaceFolder}/data', guest: '/data', readonly: true } });
  const top = grantFor(rec({ call: 'path_open', capability: 'filesystem', target: '/x.txt', decision: 'denied', errno: 'notcapable' }), { program: 'a' }, {});
  assert.deepEqual(top?.edit, { kind: 'addPreopen', preopen: { host: '/', guest: '/', readonly: true } });
});

test('"grant this" on a write below a read-only preopen makes the most specific one writable', () => {
  const config = { program: 'a', preopens: [{ host: '/ws', guest: '/', readonly: true }, { host: '/ws/data', guest: '/data', readonly: true }] };
  assert.deepEqual(grantFor(ENTRIES[1]!.record, config, {})?.edit, { kind: 'setPreopenReadonly', preopenIndex: 1, readonly: false });
  const writable = { program: 'a', preopens: [{ host: '/ws/data', guest: '/data', readonly: false }] };
  assert.equal(grantFor(ENTRIES[1]!.record, writable, {}), undefined, 'a writable preopen was not the reason');
  assert.equal(grantFor(rec({ call: 'path_open', capability: 'filesystem', target: '/database', decision: 'denied', errno: 'notcapable' }), config, {})?.edit.kind, 'setPreopenReadonly');
});

test('"grant this" for env, switches, and nothing for allowed or process records', () => {
  const env = grantFor(ENTRIES[2]!.record, { program: 'a' }, {});
  assert.deepEqual(env, { edit: { kind: 'setEnv', name: 'HOME', value: '' }, description: 'Set environment variable HOME.', needsValue: true });
  assert.deepEqual(grantFor(rec({ call: 'random_get', capability: 'random', decision: 'denied', errno: 'notcapable' }), { program: 'a' }, {})?.edit,
    { kind: 'setAllow', capability: 'random', value: true });
  assert.equal(grantFor(ENTRIES[0]!.record, { program: 'a' }, {}), undefined);
  assert.equal(grantFor(rec({ call: 'proc_exit', capability: 'process', decision: 'denied', errno: 'notcapable' }), { program: 'a' }, {}), undefined);
});
