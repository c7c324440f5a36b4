// ESLint checks the architecture's rules (style.md, "Principles for WASI Studio"), not formatting.
// Every TypeScript file is covered by tsconfig.json, so the rules can use type information.
//
// One thing to know when editing the layers below: when several blocks set `no-restricted-imports`
// for the same file, the last one wins outright (options are replaced, not merged). So every layer
// lists its part's common restrictions again through `restrict()`.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Builds one `no-restricted-imports` entry from [regex, why] pairs; the regex sees the raw specifier. */
function restrict(...rules) {
  return ['error', { patterns: rules.map(([regex, message]) => ({ regex, message })) }];
}

// Principle 1: only code that runs in the extension host may touch the VS Code API.
const VSCODE = ['^vscode$', 'Only client/src/ and test/e2e/suite/ run in the extension host; elsewhere `vscode` does not exist.'];
// The server and the adapter are shipped and run without the client.
const CLIENT = ['(^|/)client/', 'The server and the debug adapter never depend on the VS Code client.'];
// Principle 1: LSP lives only in server/src/lsp/ and server.ts; everything below speaks our own 0-based types.
const LSP = ['^vscode-languageserver', 'Only server/src/lsp/ and server.ts know LSP; convert there.'];
// Principle 1: DAP lives only in adapter.ts/session.ts; the host, wasm reader and DWARF know nothing of it.
const DAP = ['^@vscode/debug(adapter|protocol)', 'Only the session knows DAP; lower layers return plain data.'];
// Principle 2: pure cores take the file system, clock and output as parameters.
const IO = ['^(node:)?(fs|fs/promises|child_process|net|http|https|worker_threads|readline)$', 'Pure cores do no IO; take it as a parameter.'];
// Principle 3: data flows one way (syntax → semantics → features → lsp/server.ts); no upward imports.
const ABOVE_SYNTAX = ['^\\.\\./(semantics|features|lsp|check|server)(/|$)', 'syntax/ is the bottom layer of the server.'];
const ABOVE_SEMANTICS = ['^\\.\\./(features|lsp|check|server)(/|$)', 'semantics/ knows nothing of features or the protocol.'];
const ABOVE_FEATURES = ['^\\.\\./(lsp|check|server)(/|$)', 'features/ answer from the model; lsp/ converts their results.'];
// Principle 3 for the runtime: wasi/, wasm/ and dwarf/ sit below the runner, the session and the CLI.
const ABOVE_HOST = ['^\\.\\./(session|adapter|runner|dwarf|cli)(/|$)', 'The WASI host is a leaf: the runner and the CLI use it, not the other way round.'];
const ABOVE_WASM = ['^\\.\\./(session|adapter|runner|cli|wasi|dwarf)(/|$)', 'The wasm reader is a leaf.'];
const ABOVE_DWARF = ['^\\.\\./(session|adapter|runner|cli|wasi)(/|$)', 'DWARF reads modules; the runner uses it, not the other way round.'];

export default defineConfig(
  // Build output and plain JavaScript (scripts/, esbuild.mjs, the e2e harness) are not linted here.
  { ignores: ['out/', 'dist/', '.tools/', 'test-output/', 'test/fixtures/', 'server/grammar/', '**/*.{js,mjs,cjs}'] },
  {
    // Exactly the TypeScript that tsconfig.json compiles; scripts and the e2e harness are plain .mjs.
    files: ['{client,server,debug-adapter}/src/**/*.ts', 'test/{unit,integration}/**/*.ts', 'test/e2e/suite/**/*.ts', 'bench/**/*.ts'],
    plugins: { '@typescript-eslint': tseslint.plugin },
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Principle 12: `any` switches the type checker off exactly where a contract is crossed.
      '@typescript-eslint/no-explicit-any': 'error',
      // A dropped promise loses its rejection: the server or adapter dies on an unhandled rejection.
      // `node:test`'s test()/describe() return promises the runner itself tracks, so they are exempt.
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }],
      }],
      // An async callback where a void one is expected (event handlers, forEach) drops its rejection too.
      '@typescript-eslint/no-misused-promises': 'error',
      'no-restricted-imports': restrict(VSCODE),
    },
  },
  {
    // LoggingDebugSession calls its request handlers without awaiting them; the session's constructor
    // wraps every async override (ASYNC_HANDLERS) so a rejection becomes an error response. The lint
    // cannot see that wrapping, so async overrides of inherited handlers are allowed in this file only.
    files: ['debug-adapter/src/session.ts'],
    rules: { '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { inheritedMethods: false } }] },
  },
  { files: ['client/src/**/*.ts', 'test/e2e/suite/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['server/**/*.ts', 'debug-adapter/**/*.ts'], rules: { 'no-restricted-imports': restrict(VSCODE, CLIENT) } },
  { files: ['server/src/syntax/**/*.ts'], rules: { 'no-restricted-imports': restrict(VSCODE, CLIENT, LSP, ABOVE_SYNTAX) } },
  { files: ['server/src/semantics/**/*.ts'], rules: { 'no-restricted-imports': restrict(VSCODE, CLIENT, LSP, IO, ABOVE_SEMANTICS) } },
  { files: ['server/src/features/**/*.ts'], rules: { 'no-restricted-imports': restrict(VSCODE, CLIENT, LSP, IO, ABOVE_FEATURES) } },
  // `check` is a CLI front end over semantics: it may read files, but it prints diagnostics, not LSP.
  { files: ['server/src/check/**/*.ts'], rules: { 'no-restricted-imports': restrict(VSCODE, CLIENT, LSP) } },
  { files: ['debug-adapter/src/wasi/**/*.ts'], rules: { 'no-restricted-imports': restrict(VSCODE, CLIENT, DAP, ABOVE_HOST) } },
  { files: ['debug-adapter/src/wasm/**/*.ts'], rules: { 'no-restricted-imports': restrict(VSCODE, CLIENT, DAP, IO, ABOVE_WASM) } },
  { files: ['debug-adapter/src/dwarf/**/*.ts'], rules: { 'no-restricted-imports': restrict(VSCODE, CLIENT, DAP, ABOVE_DWARF) } },
  // The language server's stdout is the LSP channel and the adapter's is the DAP channel: a stray
  // console.log corrupts the protocol. Log through the connection / the DAP output event instead.
  // The CLI and the runner child own their stdout/stderr, so console use is legitimate there.
  {
    files: ['server/src/**/*.ts', 'debug-adapter/src/**/*.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-properties': ['error', { object: 'process', property: 'stdout', message: 'stdout is the protocol channel here.' }],
    },
  },
  {
    files: ['debug-adapter/src/cli.ts', 'debug-adapter/src/cli/**/*.ts', 'debug-adapter/src/runner/**/*.ts'],
    rules: { 'no-console': 'off', 'no-restricted-properties': 'off' },
  },
);
