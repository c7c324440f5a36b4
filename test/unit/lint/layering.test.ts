// The lint configuration is the machine-checked form of the architecture's layering. In flat
// config a later block replaces an earlier block's options for the same rule, so a reordered or
// widened block can silently drop a restriction; these checks catch that. For each place in the
// tree, the effective rules from eslint.config.mjs are applied to small probe imports.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';

/** Repository root, from out/test/unit/lint. */
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** The rules that depend only on the file's place in the tree (no type information needed). */
const PLACE_RULES = ['no-restricted-imports', 'no-console', 'no-restricted-properties'] as const;

const eslint = new ESLint({ cwd: REPO_ROOT });

/** Lints `code` as if it were the repository file `file`, with that file's effective place rules. */
async function lintAs(file: string, code: string): Promise<Linter.LintMessage[]> {
  const config = await eslint.calculateConfigForFile(path.join(REPO_ROOT, file)) as Linter.Config;
  const rules: Linter.RulesRecord = {};
  for (const name of PLACE_RULES) {
    const entry = config.rules?.[name];
    if (entry !== undefined) rules[name] = entry;
  }
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, rules }], { filename: path.join(REPO_ROOT, file) });
}

/** Which of `specifiers` the file may not import. */
async function forbiddenImports(file: string, specifiers: readonly string[]): Promise<string[]> {
  const code = specifiers.map((s, i) => `import * as m${i} from '${s}';\n`).join('');
  const messages = await lintAs(file, code);
  return messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => specifiers[m.line - 1] as string);
}

// [file, allowed imports, forbidden imports]
const LAYERS: readonly [string, readonly string[], readonly string[]][] = [
  ['client/src/language/x.ts', ['vscode', 'vscode-languageclient/node', '../../../server/src/lsp/protocol'], []],
  ['test/e2e/suite/x.test.ts', ['vscode'], []],
  ['test/unit/features/x.test.ts', ['../../../server/src/features/hover'], ['vscode']],
  ['server/src/server.ts', ['vscode-languageserver/node', './features/hover', './lsp/convert'], ['vscode', '../../client/src/extension']],
  ['server/src/lsp/x.ts', ['vscode-languageserver/node', '../features/hover', 'node:fs'], ['vscode']],
  ['server/src/features/x.ts', ['../semantics/model', '../syntax/ast', './lookup'], ['vscode-languageserver/node', 'vscode-languageserver-textdocument', '../lsp/convert', '../server', 'node:fs', 'vscode']],
  ['server/src/semantics/x.ts', ['../syntax/ast', './model', 'node:path'], ['../features/hover', '../lsp/convert', '../server', '../check/checkCommand', 'vscode-languageserver', 'node:fs', 'fs/promises']],
  ['server/src/syntax/x.ts', ['./ast', 'web-tree-sitter', 'node:fs'], ['../semantics/model', '../features/hover', '../lsp/convert', '../server', 'vscode-languageserver/node']],
  ['server/src/check/x.ts', ['../semantics/index', '../syntax/parser', 'node:fs/promises'], ['vscode-languageserver/node', '../../../client/src/extension']],
  ['debug-adapter/src/session.ts', ['@vscode/debugadapter', '@vscode/debugprotocol', './runner/runtime'], ['vscode', '../../client/src/extension']],
  ['debug-adapter/src/wasi/x.ts', ['./api', 'node:fs'], ['@vscode/debugadapter', '@vscode/debugprotocol', '../session', '../adapter', '../runner/runtime', '../dwarf/lineTable', '../cli/run']],
  ['debug-adapter/src/wasm/x.ts', ['./reader'], ['@vscode/debugadapter', '../session', '../runner/runtime', '../dwarf/lineTable', '../wasi/api', 'node:fs']],
  ['debug-adapter/src/dwarf/x.ts', ['../wasm/module', '@vscode/dwarf-debugging'], ['@vscode/debugprotocol', '../session', '../runner/runtime', '../wasi/api']],
  ['debug-adapter/src/cli/x.ts', ['../wasi/index', '../wasm/module', 'node:fs'], ['vscode', '../../../client/src/extension']],
];

describe('lint: layering', () => {
  for (const [file, allowed, forbidden] of LAYERS) {
    it(`${file} imports only what its layer may`, async () => {
      assert.deepEqual(await forbiddenImports(file, [...allowed, ...forbidden]), [...forbidden]);
    });
  }
});

describe('lint: stdout is the protocol channel', () => {
  const CODE = "console.log('x');\nprocess.stdout.write('x');\n";
  // [file, whether console and process.stdout are refused]
  const PLACES: readonly [string, boolean][] = [
    ['server/src/server.ts', true],
    ['server/src/lsp/x.ts', true],
    ['server/src/check/x.ts', true],
    ['debug-adapter/src/adapter.ts', true],
    ['debug-adapter/src/session.ts', true],
    ['debug-adapter/src/wasi/x.ts', true],
    ['debug-adapter/src/cli.ts', false],
    ['debug-adapter/src/cli/x.ts', false],
    ['debug-adapter/src/runner/x.ts', false],
    ['client/src/x.ts', false],
  ];
  for (const [file, refused] of PLACES) {
    it(`${file} ${refused ? 'may not' : 'may'} write to the console or stdout`, async () => {
      const rules = (await lintAs(file, CODE)).map((m) => m.ruleId);
      assert.deepEqual(rules, refused ? ['no-console', 'no-restricted-properties'] : []);
    });
  }
});

describe('lint: type-aware rules', () => {
  it('apply everywhere, tests included', async () => {
    for (const file of ['client/src/x.ts', 'server/src/features/x.ts', 'debug-adapter/src/wasi/x.ts', 'test/unit/features/x.test.ts', 'test/e2e/suite/x.test.ts']) {
      const config = await eslint.calculateConfigForFile(path.join(REPO_ROOT, file)) as Linter.Config;
      for (const rule of ['@typescript-eslint/no-explicit-any', '@typescript-eslint/no-floating-promises', '@typescript-eslint/no-misused-promises']) {
        const entry = config.rules?.[rule];
        assert.equal(Array.isArray(entry) ? entry[0] : entry, 2, `${rule} in ${file}`);
      }
    }
  });
});
