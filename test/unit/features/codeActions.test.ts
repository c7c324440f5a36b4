// Code actions: for each case, the titles offered at the cursor and the text after applying each.

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeActions, editDistance, toKebabCase } from '../../../server/src/features/codeActions';
import { unusedUseHints } from '../../../server/src/features/unusedUses';
import { analyseFixture, expectSnapshot } from './check';

const PKG = '//- /main.wit\npackage example:fix@1.0.0;\n\n';

const CASES: readonly [string, string][] = [
  ['add a use to a new line', `${PKG}interface shapes {\n  record point { x: u32 }\n}\n\ninterface api {\n  f: func(p: poi$0nt);\n}\n`],
  ['add to an existing use', `${PKG}interface shapes {\n  record point { x: u32 }\n  type size = u32;\n}\n\ninterface api {\n  use shapes.{size};\n  f: func(p: poi$0nt, s: size);\n}\n`],
  ['add a use from deps/', `${PKG}interface api {\n  f: func(s: input-str$0eam);\n}\n//- /deps/io/streams.wit\npackage wasi:io@0.2.0;\n\ninterface streams {\n  resource input-stream;\n}\n`],
  ['did you mean a type', `${PKG}interface api {\n  type size = u32;\n  f: func(s: si$0se);\n}\n`],
  ['did you mean a built-in', `${PKG}interface api {\n  f: func(s: strng$0);\n}\n`],
  ['did you mean an interface', `${PKG}interface shapes {}\n\nworld w {\n  import shape$0;\n}\n`],
  ['did you mean a package', `${PKG}interface api {\n  use wasi:iio$0/streams@0.2.0.{input-stream};\n}\n//- /deps/io/streams.wit\npackage wasi:io@0.2.0;\n\ninterface streams {\n  resource input-stream;\n}\n`],
  ['did you mean an interface of a dependency', `${PKG}interface api {\n  use wasi:io/streamz$0@0.2.0.{input-stream};\n}\n//- /deps/io/streams.wit\npackage wasi:io@0.2.0;\n\ninterface streams {\n  resource input-stream;\n}\n`],
  ['did you mean a used name', `${PKG}interface shapes {\n  type size = u32;\n}\n\ninterface api {\n  use shapes.{sise$0};\n}\n`],
  ['remove the only unused use name', `${PKG}interface shapes {\n  type size = u32;\n}\n\ninterface api {\n  use shapes.{size$0};\n  f: func();\n}\n`],
  ['remove one of several unused names', `${PKG}interface shapes {\n  type size = u32;\n  type len = u32;\n}\n\ninterface api {\n  use shapes.{size$0, len};\n  f: func(l: len);\n}\n`],
  ['kebab-case fix renames every use', `${PKG}interface api {\n  type myT$0ype = u32;\n  f: func(a: myType);\n}\n`],
  ['@since before @deprecated', `${PKG}interface api {\n  @deprec$0ated(version = 1.0.0)\n  f: func();\n}\n`],
  ['@since refactoring', `${PKG}@since(version = 1.0.0)\ninterface api {\n  g$0: func();\n}\n`],
];

describe('code actions', () => {
  it('offers quick fixes and refactorings', async () => {
    const out: string[] = [];
    for (const [name, fixture] of CASES) {
      const fx = await analyseFixture(fixture);
      const { uri, text, ast } = fx.cursorFile;
      const hints = unusedUseHints(fx.model, new Set([uri])).get(uri) ?? [];
      const diagnostics = [...fx.model.diagnostics.filter((d) => d.uri === uri), ...hints];
      const offset = fx.cursors[0];
      const fixes = codeActions({ model: fx.model, uri, text, ast, range: { start: offset, end: offset }, diagnostics });
      out.push(`## ${name}`);
      if (fixes.length === 0) out.push('-');
      for (const f of fixes) {
        let result = text;
        for (const e of [...f.edits].filter((x) => x.uri === uri).sort((a, b) => b.span.start - a.span.start)) {
          result = result.slice(0, e.span.start) + e.newText + result.slice(e.span.end);
        }
        out.push(`### ${f.title} (${f.kind}${f.preferred ? ', preferred' : ''}${f.fixes ? `, fixes "${f.fixes.message}"` : ''})`);
        out.push(result.slice(result.indexOf('\n\n') + 2).trimEnd());
      }
      out.push('');
    }
    expectSnapshot('code-actions', out.join('\n'));
  });

  it('measures names for "did you mean" and makes names kebab-case', () => {
    assert.equal(editDistance('sise', 'size'), 1);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(toKebabCase('myType'), 'my-type');
    assert.equal(toKebabCase('my_type'), 'my-type');
    assert.equal(toKebabCase('HTTPServer'), 'httpserver');
    assert.equal(toKebabCase('--a--b--'), 'a-b');
    assert.equal(toKebabCase('a-2x'), 'a-n2x');
    assert.equal(toKebabCase('___'), undefined);
  });
});
