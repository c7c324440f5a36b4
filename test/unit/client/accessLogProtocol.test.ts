import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_ROWS, buildState, parseWebviewMessage } from '../../../client/src/accessLog/protocol';
import { NO_FILTER, substitutePath, type LogEntry } from '../../../client/src/accessLog/records';
import { AccessLogStore } from '../../../client/src/accessLog/store';

function entry(seq: number, decision: 'allowed' | 'denied', source?: { path: string; line: number }): LogEntry {
  const record = { seq, time: seq, call: 'path_open', capability: 'filesystem' as const, target: `/f${seq}`, decision, errno: decision === 'denied' ? 'notcapable' : 'success' };
  return source ? { record, source } : { record };
}

test('rows carry what the table shows, with a short source label and the full path as title', () => {
  const state = buildState([entry(1, 'allowed'), entry(2, 'denied', { path: '/ws/src/main.c', line: 21 })], NO_FILTER, { kind: 'file', path: '/ws/log.jsonl' });
  assert.equal(state.origin, '/ws/log.jsonl');
  assert.equal(state.total, 2);
  assert.deepEqual(state.rows[1], {
    seq: 2, time: '0.002 s', call: 'path_open', capability: 'filesystem', target: '/f2', hostPath: '', decision: 'denied',
    errno: 'notcapable', source: 'main.c:21', sourceTitle: '/ws/src/main.c:21',
  });
  assert.equal(state.rows[0]?.source, '');
  assert.deepEqual(state.summary.total, { allowed: 1, denied: 1 });
});

test('the filter applies to rows and summary; very long logs keep the newest rows', () => {
  const many = Array.from({ length: MAX_ROWS + 10 }, (_, i) => entry(i + 1, i % 2 === 0 ? 'allowed' : 'denied'));
  const denied = buildState(many, { ...NO_FILTER, decision: 'denied' }, { kind: 'none' });
  assert.equal(denied.shown, (MAX_ROWS + 10) / 2);
  assert.deepEqual(denied.summary.total, { allowed: 0, denied: (MAX_ROWS + 10) / 2 });
  const all = buildState(many, NO_FILTER, { kind: 'none' });
  assert.equal(all.rows.length, MAX_ROWS);
  assert.equal(all.truncated, true);
  assert.equal(all.rows[all.rows.length - 1]?.seq, MAX_ROWS + 10);
});

test('webview messages are validated; unknown capabilities in a filter are dropped', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'open', seq: 3 }), { type: 'open', seq: 3 });
  assert.equal(parseWebviewMessage({ type: 'open', seq: '3' }), undefined);
  assert.equal(parseWebviewMessage({ type: 'launch-missiles' }), undefined);
  assert.equal(parseWebviewMessage(null), undefined);
  assert.deepEqual(parseWebviewMessage({ type: 'filter', filter: { decision: 'denied', capabilities: ['env', 'bogus'], pathPrefix: '/d', search: 7 } }),
    { type: 'filter', filter: { decision: 'denied', capabilities: ['env'], pathPrefix: '/d', search: '' } });
  assert.equal(parseWebviewMessage({ type: 'filter', filter: { decision: 'maybe', capabilities: [] } }), undefined);
});

test('the store keeps one session at a time and ignores stray records', () => {
  const store = new AccessLogStore();
  let changes = 0;
  store.onDidChange(() => { changes += 1; });
  store.add('s1', entry(1, 'allowed'));
  assert.equal(store.entries.length, 0, 'no session yet');
  store.startSession('s1', 'Debug demo', 'file:///ws');
  store.add('s1', entry(1, 'allowed'));
  store.add('other', entry(2, 'denied'));
  assert.equal(store.entries.length, 1);
  assert.equal(store.find(1)?.record.seq, 1);
  store.endSession('s1');
  assert.equal(buildState(store.entries, NO_FILTER, store.origin).origin, 'Debug session "Debug demo" (ended)');
  store.load('/ws/x.jsonl', [entry(5, 'denied')]);
  assert.deepEqual(store.origin, { kind: 'file', path: '/ws/x.jsonl' });
  store.clear();
  assert.equal(store.entries.length, 0);
  assert.equal(changes, 5);
});

test('source paths are rewritten by the longest matching prefix only at path boundaries', () => {
  const map = { '/build': '/home/me/proj', '/build/vendor': '/opt/vendor' };
  assert.equal(substitutePath('/build/src/main.c', map), '/home/me/proj/src/main.c');
  assert.equal(substitutePath('/build/vendor/lib.c', map), '/opt/vendor/lib.c');
  assert.equal(substitutePath('/builder/x.c', map), '/builder/x.c');
  assert.equal(substitutePath('/elsewhere/x.c', {}), '/elsewhere/x.c');
});
