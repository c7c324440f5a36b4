// The server's protocol-free layer: debouncing with hand-driven timers, settings validation,
// analysis units, incremental document updates, and the workspace's re-validation of a package
// and its dependents, on an in-memory disk.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../../server/src/syntax/ast';
import type { DirEntry, DiskAccess } from '../../../server/src/lsp/disk';
import { DocumentStore } from '../../../server/src/lsp/documents';
import { Debouncer, type Timers } from '../../../server/src/lsp/scheduler';
import { readSettings } from '../../../server/src/lsp/settings';
import { isInDeps, unitForPath } from '../../../server/src/lsp/units';
import { pathToUri } from '../../../server/src/lsp/uris';
import { Workspace } from '../../../server/src/lsp/workspace';
import { witParser } from './check';

/** Timers that only fire when the test says so. */
class ManualTimers implements Timers {
  private next = 1;
  readonly pending = new Map<number, () => void>();
  readonly delays: number[] = [];
  time = 0;
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, callback);
    this.delays.push(ms);
    return id;
  }
  now(): number {
    return this.time;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  fireAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const f of due) f();
  }
}

/** A disk held in a map of absolute paths to texts. */
class MemoryDisk implements DiskAccess {
  constructor(readonly files: Map<string, string>) {}
  readDir(dir: string): readonly DirEntry[] | undefined {
    const names = new Map<string, 'file' | 'directory'>();
    for (const p of this.files.keys()) {
      if (!p.startsWith(`${dir}/`)) continue;
      const rest = p.slice(dir.length + 1).split('/');
      names.set(rest[0], rest.length > 1 ? 'directory' : 'file');
    }
    return names.size === 0 ? undefined : [...names].sort().map(([name, kind]) => ({ name, kind }));
  }
  readFile(p: string): string | undefined {
    return this.files.get(p);
  }
  stat(p: string): 'file' | 'directory' | undefined {
    if (this.files.has(p)) return 'file';
    return [...this.files.keys()].some((f) => f.startsWith(`${p}/`)) ? 'directory' : undefined;
  }
  realPath(p: string): string {
    return p;
  }
  forget(): void {}
}

describe('lsp layer', () => {
  it('debounces per key, cancels, flushes, and survives a throwing run', () => {
    const timers = new ManualTimers();
    const runs: string[] = [];
    const errors: string[] = [];
    const d = new Debouncer<string>((k) => {
      if (k === 'bad') throw new Error('boom');
      runs.push(k);
    }, 10, (k, e) => errors.push(`${k}: ${(e as Error).message}`), timers);
    d.schedule('a');
    d.schedule('a');
    d.schedule('b');
    assert.equal(timers.pending.size, 2);
    // The first schedule after a quiet period runs on the next turn; a repeat waits the delay.
    assert.deepEqual(timers.delays, [0, 10, 0]);
    assert.equal(d.flush('b'), true);
    assert.equal(d.flush('b'), false);
    timers.fireAll();
    assert.deepEqual(runs, ['b', 'a']);
    timers.delays.length = 0;
    d.schedule('a');
    timers.time = 20;
    d.schedule('b');
    d.schedule('b');
    assert.deepEqual(timers.delays, [10, 0, 10], 'a was scheduled just now, b 20 ms ago, then b again at once');
    timers.pending.clear();
    d.schedule('c');
    d.cancel('c');
    d.schedule('bad');
    timers.fireAll();
    assert.deepEqual(runs, ['b', 'a']);
    assert.deepEqual(errors, ['bad: boom']);
  });

  it('reads settings from the section or the initialization options, rejecting bad values', () => {
    assert.deepEqual(readSettings({ wit: { features: ['a', ' b ', ''], allFeatures: true } }), { settings: { features: ['a', 'b'], allFeatures: true }, problems: [] });
    assert.deepEqual(readSettings({ features: ['x'], allFeatures: false }).settings, { features: ['x'], allFeatures: false });
    const bad = readSettings({ wit: { features: 'a', allFeatures: 'yes' } });
    assert.deepEqual(bad.settings, { features: [], allFeatures: false });
    assert.equal(bad.problems.length, 2);
    assert.deepEqual(readSettings(undefined).settings, { features: [], allFeatures: false });
  });

  it('puts files of deps/ in the unit of the folder that owns deps/', () => {
    assert.deepEqual(unitForPath('/p/wit/a.wit'), { key: '/p/wit', dir: '/p/wit' });
    assert.equal(unitForPath('/p/wit/deps/io/streams.wit').key, '/p/wit');
    assert.equal(unitForPath('/p/wit/deps/single.wit').key, '/p/wit');
    assert.equal(isInDeps('/p/wit/deps/io/streams.wit'), true);
    assert.equal(isInDeps('/p/wit/a.wit'), false);
  });

  it('applies incremental changes in order and re-parses', async () => {
    const store = new DocumentStore(await witParser());
    store.open('file:///d.wit', 1, 'interface a {\n  f: func();\n}\n');
    const doc = store.change('file:///d.wit', 2, [
      { kind: 'edit', edit: { range: { start: { line: 1, character: 2 }, end: { line: 1, character: 3 } }, newText: 'g' } },
      { kind: 'edit', edit: { range: { start: { line: 0, character: 10 }, end: { line: 0, character: 11 } }, newText: 'bb' } },
    ]);
    assert.equal(doc?.parsed.text, 'interface bb {\n  g: func();\n}\n');
    assert.equal(doc?.version, 2);
    const item = doc?.parsed.ast.items[0];
    assert.equal(item?.kind === 'interface' ? item.name.name : undefined, 'bb');
    const full = store.change('file:///d.wit', 3, [{ kind: 'full', text: 'world w {}' }]);
    assert.equal(full?.parsed.ast.items[0]?.kind, 'world');
    assert.equal(store.change('file:///other.wit', 1, []), undefined);
  });

  it('re-validates a package when a file of its deps/ changes, and only publishes current results', async () => {
    const root = path.resolve('/mem/pkg');
    const files = new Map([
      [`${root}/a.wit`, 'package ex:a@1.0.0;\n\ninterface a {\n  use wasi:io/streams@0.2.0.{input-stream};\n  f: func(s: borrow<input-stream>);\n}\n'],
      [`${root}/deps/io/streams.wit`, 'package wasi:io@0.2.0;\n\ninterface streams {\n  resource input-stream;\n}\n'],
    ]);
    const timers = new ManualTimers();
    const published: { uri: string; diagnostics: readonly Diagnostic[] }[] = [];
    const ws = new Workspace(await witParser(), new MemoryDisk(files), {
      publish: (uri, _version, diagnostics) => published.push({ uri, diagnostics }),
      analysed: () => undefined,
      log: (m) => assert.fail(m),
    }, { debounceMs: 5, timers });
    const a = pathToUri(`${root}/a.wit`);
    const dep = pathToUri(`${root}/deps/io/streams.wit`);
    ws.didOpen(a, 1, files.get(`${root}/a.wit`) ?? '');
    assert.equal(published.length, 0, 'nothing before the debounce fires');
    const first = await ws.analysisFor(a);
    assert.deepEqual(first?.diagnostics.get(a), []);
    assert.equal(timers.pending.size, 0, 'the request started the pending run');

    ws.didOpen(dep, 1, 'package wasi:io@0.2.0;\n\ninterface streams {\n  resource in-stream;\n}\n');
    timers.fireAll();
    const second = await ws.analysisFor(a);
    assert.match(second?.diagnostics.get(a)?.[0]?.message ?? '', /input-stream/);
    assert.ok(published.some((p) => p.uri === a && p.diagnostics.length > 0));

    ws.didClose(dep);
    const third = await ws.analysisFor(a);
    assert.deepEqual(third?.diagnostics.get(a), []);
    assert.deepEqual(published[published.length - 1], { uri: a, diagnostics: [] });
  });
});
