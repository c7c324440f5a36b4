// Hover: the markdown for names of every kind.

import { describe, it } from 'node:test';
import { hover } from '../../../server/src/features/hover';
import { analyseFixture, APP_FIXTURE, cursorAfter, expectSnapshot } from './check';

const CASES: readonly [string, string, string][] = [
  ['used record (original shown)', '/api.wit', 'plot: func(p: po'],
  ['renamed resource', '/api.wit', 'borrow<surf'],
  ['resource from deps/', '/api.wit', 'borrow<input-'],
  ['deprecated alias with its gate', '/api.wit', 'key: i'],
  ['function', '/api.wit', 'pai'],
  ['parameter', '/api.wit', 'paint: func(s'],
  ['interface', '/types.wit', 'interface ty'],
  ['field', '/types.wit', '    y'],
  ['method', '/types.wit', '    dra'],
  ['constructor', '/types.wit', 'constr'],
  ['world', '/api.wit', 'world a'],
  ['world import of an interface', '/api.wit', 'import a'],
  ['world export of a function', '/api.wit', 'export r'],
  ['package', '/types.wit', 'package exa'],
  ['keyword (nothing)', '/api.wit', 'fun'],
  ['built-in generic', '/api.wit', '-> li'],
  ['built-in primitive', '/types.wit', 'x: s3'],
];

describe('hover', () => {
  it('describes each kind of name', async () => {
    const out: string[] = [];
    for (const [name, file, needle] of CASES) {
      const fx = await analyseFixture(cursorAfter(APP_FIXTURE, file, needle));
      const h = hover(fx.model, fx.cursorFile.uri, fx.cursors[0], fx.cursorFile.text);
      out.push(`## ${name}`);
      out.push(h ? `[${fx.cursorFile.text.slice(h.span.start, h.span.end)}]\n${h.markdown}` : '-');
      out.push('');
    }
    expectSnapshot('hover', out.join('\n'));
  });
});
