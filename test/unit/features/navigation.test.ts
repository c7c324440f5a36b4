// Definition, declaration, type definition, references and highlights on one fixture; each case
// is a cursor position, the snapshot lists what every feature answers there.

import { describe, it } from 'node:test';
import { declaration, definition, typeDefinition } from '../../../server/src/features/definition';
import { documentHighlights, references } from '../../../server/src/features/references';
import { analyseFixture, APP_FIXTURE, cursorAfter, expectSnapshot, where } from './check';

const CASES: readonly [string, string, string][] = [
  ['type reference to a used name', '/api.wit', 'plot: func(p: po'],
  ['renamed use', '/api.wit', 'borrow<surf'],
  ['use name itself', '/api.wit', 'use types.{poi'],
  ['interface in a use path', '/api.wit', 'use typ'],
  ['type from deps/', '/api.wit', 'borrow<input-'],
  ['package in a path', '/api.wit', 'use wasi:i'],
  ['parameter', '/api.wit', 'paint: func(s: borrow<surface>, a'],
  ['function', '/api.wit', 'loo'],
  ['record definition', '/types.wit', 'record poi'],
  ['record field', '/types.wit', '    x'],
  ['world import', '/api.wit', 'import a'],
  ['keyword (nothing)', '/api.wit', 'interf'],
];

describe('navigation features', () => {
  it('answers definition, declaration, type definition, references and highlights', async () => {
    const lines: string[] = [];
    for (const [name, file, needle] of CASES) {
      const fx = await analyseFixture(cursorAfter(APP_FIXTURE, file, needle));
      const uri = fx.cursorFile.uri;
      const offset = fx.cursors[0];
      const show = (locs: readonly { uri: string; span: { start: number } }[]): string =>
        locs.length === 0 ? '-' : locs.map((l) => where(fx.files, l.uri, l.span.start)).join(', ');
      lines.push(`## ${name} (${where(fx.files, uri, offset)})`);
      lines.push(`definition:      ${show(definition(fx.model, uri, offset))}`);
      lines.push(`declaration:     ${show(declaration(fx.model, uri, offset))}`);
      lines.push(`type definition: ${show(typeDefinition(fx.model, uri, offset))}`);
      lines.push(`references:      ${show(references(fx.model, uri, offset, { includeDeclaration: true }))}`);
      lines.push(`highlights:      ${documentHighlights(fx.model, uri, offset).map((h) => `${where(fx.files, uri, h.span.start)}/${h.kind}`).join(', ') || '-'}`);
      lines.push('');
    }
    expectSnapshot('navigation', lines.join('\n'));
  });
});
