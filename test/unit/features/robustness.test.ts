// Every feature on broken input: mechanically mutated copies of the test inputs (a token deleted,
// duplicated or swapped with its neighbour, with a fixed seed) are analysed, and every feature is
// asked at several offsets. Nothing may throw; formatting, when it does not refuse, must keep the
// tokens and be idempotent.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeSources } from '../../../server/src/semantics/index';
import { codeActions } from '../../../server/src/features/codeActions';
import { complete } from '../../../server/src/features/completion';
import { declaration, definition, typeDefinition } from '../../../server/src/features/definition';
import { documentSymbols } from '../../../server/src/features/documentSymbols';
import { foldingRanges } from '../../../server/src/features/foldingRanges';
import { formatDocument } from '../../../server/src/features/formatting';
import { hover } from '../../../server/src/features/hover';
import { inlayHints } from '../../../server/src/features/inlayHints';
import { documentHighlights, references } from '../../../server/src/features/references';
import { prepareRename, rename } from '../../../server/src/features/rename';
import { selectionRanges } from '../../../server/src/features/selectionRanges';
import { semanticTokens } from '../../../server/src/features/semanticTokens';
import { signatureHelp } from '../../../server/src/features/signatureHelp';
import { lexWit } from '../../../server/src/features/tokens';
import { unusedUseHints } from '../../../server/src/features/unusedUses';
import { worldView } from '../../../server/src/features/worldView';
import { FEATURE_TESTS, REPO_ROOT, witParser } from './check';
// A seeded generator (mulberry32), shared with the semantics differential test, so failures reproduce.
import { prng } from '../semantics/mutate';

// WIT_FUZZ_SEED / WIT_FUZZ_MUTATIONS explore further locally; the defaults are what CI runs.
const SEED = Number(process.env.WIT_FUZZ_SEED ?? 20261122);
const MUTATIONS_PER_INPUT = Number(process.env.WIT_FUZZ_MUTATIONS ?? 12);
const OFFSETS_PER_MUTATION = 6;

function mutate(text: string, rnd: () => number): string {
  const tokens = lexWit(text).tokens;
  if (tokens.length < 2) return text;
  const i = Math.floor(rnd() * (tokens.length - 1));
  const t = tokens[i];
  const next = tokens[i + 1];
  switch (Math.floor(rnd() * 3)) {
    case 0: return text.slice(0, t.start) + text.slice(t.end);
    case 1: return text.slice(0, t.end) + ' ' + t.text + text.slice(t.end);
    default: return text.slice(0, t.start) + next.text + text.slice(t.end, next.start) + t.text + text.slice(next.end);
  }
}

function inputs(): string[] {
  const dirs = [
    path.join(FEATURE_TESTS, 'fixtures', 'formatting'),
    path.join(REPO_ROOT, 'test', 'fixtures', 'wit', 'wasi-0.2', 'io'),
    path.join(REPO_ROOT, 'test', 'fixtures', 'wit', 'wasi-0.2', 'http'),
    path.join(REPO_ROOT, 'examples', 'wit-demo', 'wit'),
  ];
  return dirs.filter((d) => fs.existsSync(d)).flatMap((d) => fs.readdirSync(d).filter((n) => n.endsWith('.wit')).map((n) => path.join(d, n)));
}

describe('features on mutated input', () => {
  it('never throw, and formatting keeps its invariants', async () => {
    const parser = await witParser();
    const rnd = prng(SEED);
    let checked = 0;
    for (const file of inputs()) {
      const original = fs.readFileSync(file, 'utf8');
      for (let m = 0; m < MUTATIONS_PER_INPUT; m += 1) {
        const text = mutate(original, rnd);
        const uri = `file:///fuzz/${path.basename(file)}`;
        const parsed = parser.parse(uri, text);
        const model = analyzeSources({ location: 'file:///fuzz', files: [parsed.ast] }, [], {});
        const label = `${path.basename(file)} mutation ${m} (seed ${SEED})`;
        try {
          documentSymbols(parsed.ast);
          foldingRanges(parsed.ast, text);
          semanticTokens(parsed.ast, model);
          unusedUseHints(model, new Set([uri]));
          inlayHints(model, uri, text, { start: 0, end: text.length });
          worldView(model, uri, {});
          const offsets = Array.from({ length: OFFSETS_PER_MUTATION }, () => Math.floor(rnd() * (text.length + 1)));
          selectionRanges(parsed.ast, text.length, offsets);
          for (const offset of offsets) {
            complete(model, uri, text, offset);
            hover(model, uri, offset);
            definition(model, uri, offset);
            declaration(model, uri, offset);
            typeDefinition(model, uri, offset);
            references(model, uri, offset, { includeDeclaration: true });
            documentHighlights(model, uri, offset);
            prepareRename(model, uri, text, offset);
            rename(model, uri, text, offset, 'renamed');
            signatureHelp(text, offset);
            codeActions({ model, uri, text, ast: parsed.ast, range: { start: offset, end: offset }, diagnostics: model.diagnostics.filter((d) => d.uri === uri) });
          }
        } catch (error: unknown) {
          assert.fail(`${label} threw: ${error instanceof Error ? error.stack : String(error)}\n--- input ---\n${text}`);
        }
        const formatted = formatDocument(text);
        if (formatted.kind === 'formatted') {
          assert.deepEqual(lexWit(formatted.text).tokens.map((t) => t.text), lexWit(text).tokens.map((t) => t.text), `${label}: tokens changed`);
          const again = formatDocument(formatted.text);
          assert.equal(again.kind === 'formatted' ? again.text : again.reason, formatted.text, `${label}: not idempotent`);
        }
        checked += 1;
      }
    }
    assert.ok(checked >= 60, `only ${checked} mutated inputs`);
  });
});
