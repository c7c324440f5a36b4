// Rename and prepareRename: the snapshot shows every edit (file:line:col old → new) or the refusal.

import { describe, it } from 'node:test';
import { prepareRename, rename } from '../../../server/src/features/rename';
import { analyseFixture, APP_FIXTURE, cursorAfter, expectSnapshot, where } from './check';

const CASES: readonly [string, string, string, string][] = [
  ['record across files and uses', '/types.wit', 'record poi', 'spot'],
  ['from a reference', '/api.wit', 'plot: func(p: po', 'spot'],
  ['renamed use only renames the alias', '/api.wit', 'borrow<surf', 'board'],
  ['original of a renamed use keeps the alias', '/types.wit', 'resource can', 'board'],
  ['interface', '/types.wit', 'interface ty', 'shapes'],
  ['function', '/api.wit', 'plo', 'draw-point'],
  ['keyword needs %', '/api.wit', 'lookup: func(ke', 'type'],
  ['uppercase segment is valid', '/api.wit', 'lookup: func(ke', 'KEY-id'],
  ['not kebab-case', '/api.wit', 'lookup: func(ke', 'my_key'],
  ['empty name', '/api.wit', 'lookup: func(ke', '%'],
  ['built-in type', '/api.wit', '-> list<u', 'x'],
  ['keyword', '/api.wit', 'interf', 'x'],
  ['name in deps/', '/api.wit', 'borrow<input-', 'x'],
  ['package', '/api.wit', 'use wasi:i', 'x'],
  ['clash with a function of the interface', '/api.wit', 'plo', 'paint'],
  ['clash with a use, case-insensitively', '/api.wit', 'plo', 'POINT'],
  ['clash with another interface', '/types.wit', 'interface ty', 'api'],
  ['no clash with a field of another record', '/types.wit', 'record poi', 'x'],
];

describe('rename', () => {
  it('renames everywhere or refuses with a reason', async () => {
    const out: string[] = [];
    for (const [name, file, needle, newName] of CASES) {
      const fx = await analyseFixture(cursorAfter(APP_FIXTURE, file, needle));
      const { uri, text } = fx.cursorFile;
      const prep = prepareRename(fx.model, uri, text, fx.cursors[0]);
      out.push(`## ${name} → ${newName}`);
      out.push(prep.kind === 'ok' ? `prepare: [${text.slice(prep.span.start, prep.span.end)}] placeholder ${prep.placeholder}` : `prepare refused: ${prep.reason}`);
      const result = rename(fx.model, uri, text, fx.cursors[0], newName);
      if (result.kind === 'refused') {
        out.push(`refused: ${result.reason}`);
      } else {
        const textOf = (u: string): string => [...fx.files.values()].find((f) => f.uri === u)?.text ?? '';
        for (const e of [...result.edits].sort((a, b) => a.uri.localeCompare(b.uri) || a.span.start - b.span.start)) {
          out.push(`${where(fx.files, e.uri, e.span.start)} ${textOf(e.uri).slice(e.span.start, e.span.end)} → ${e.newText}`);
        }
      }
      out.push('');
    }
    expectSnapshot('rename', out.join('\n'));
  });
});
