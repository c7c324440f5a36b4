// Folding ranges: braced items (packages, interfaces, worlds, records, variants, enums, flags,
// resources, inline interfaces), runs of `use` items, and comments (runs of line comments and
// multi-line block comments).

import type { InterfaceMember, SourceFile, Span, TypeDef, WorldMember } from '../syntax/ast';
import { lexWit } from './tokens';

export type FoldKind = 'region' | 'comment' | 'imports';

/**
 * A foldable region from the line holding `start` to the line holding `end` (inclusive). For a
 * braced item `end` is just before the closing `}`, so the brace line stays visible.
 */
export interface Fold {
  readonly start: number;
  readonly end: number;
  readonly kind: FoldKind;
}

export function foldingRanges(file: SourceFile, text: string): Fold[] {
  const out: Fold[] = [];
  const braced = (span: Span): void => {
    const close = span.end - 1;
    if (close <= span.start || text[close] !== '}') return;
    // When the brace starts its line, end on the line break before it; else just before it.
    const lineBreak = text.lastIndexOf('\n', close - 1);
    const braceOwnsLine = lineBreak >= span.start && text.slice(lineBreak + 1, close).trim() === '';
    out.push({ start: span.start, end: braceOwnsLine ? lineBreak : close - 1, kind: 'region' });
  };
  const uses = (runs: readonly Span[][]): void => {
    for (const run of runs) if (run.length >= 2) out.push({ start: run[0].start, end: run[run.length - 1].end, kind: 'imports' });
  };

  const interfaceMembers = (members: readonly InterfaceMember[]): void => {
    uses(useRuns(members));
    for (const m of members) if (m.kind !== 'func' && m.kind !== 'use') typeDef(m, braced);
  };
  const worldMembers = (members: readonly WorldMember[]): void => {
    uses(useRuns(members));
    for (const m of members) {
      switch (m.kind) {
        case 'import':
        case 'export':
          if (m.item.kind === 'inline-interface') {
            braced(m.item.span);
            interfaceMembers(m.item.members);
          }
          break;
        case 'include':
        case 'use':
          break;
        default:
          typeDef(m, braced);
      }
    }
  };

  const items = (list: SourceFile['items']): void => {
    uses(useRuns(list));
    for (const item of list) {
      if (item.kind === 'top-level-use') continue;
      braced(item.span);
      if (item.kind === 'interface') interfaceMembers(item.members);
      else if (item.kind === 'world') worldMembers(item.members);
      else items(item.items);
    }
  };
  items(file.items);
  out.push(...commentFolds(text));
  return out.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------------------------

function typeDef(def: TypeDef, braced: (span: Span) => void): void {
  if (def.kind === 'record' || def.kind === 'variant' || def.kind === 'enum' || def.kind === 'flags') braced(def.span);
  else if (def.kind === 'resource' && def.hasBody) braced(def.span);
}

/** The spans of consecutive `use` items, one array per run. */
function useRuns(items: readonly { readonly kind: string; readonly span: Span }[]): Span[][] {
  const runs: Span[][] = [];
  let current: Span[] = [];
  for (const item of items) {
    if (item.kind === 'use' || item.kind === 'top-level-use') {
      current.push(item.span);
    } else if (current.length > 0) {
      runs.push(current);
      current = [];
    }
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

/** Runs of two or more line comments on consecutive lines, and block comments spanning lines. */
function commentFolds(text: string): Fold[] {
  const out: Fold[] = [];
  const tokens = lexWit(text).tokens;
  let runStart = -1;
  let runEnd = -1;
  let runCount = 0;
  const closeRun = (): void => {
    if (runCount >= 2) out.push({ start: runStart, end: runEnd, kind: 'comment' });
    runCount = 0;
  };
  for (let k = 0; k < tokens.length; k += 1) {
    const t = tokens[k];
    if (t.kind === 'block-comment') {
      closeRun();
      if (text.slice(t.start, t.end).includes('\n')) out.push({ start: t.start, end: t.end - 1, kind: 'comment' });
    } else if (t.kind === 'line-comment') {
      const prev = tokens[k - 1];
      const ownLine = !prev || text.slice(prev.end, t.start).includes('\n');
      const continues = runCount > 0 && prev?.kind === 'line-comment' && lineBreaks(text, prev.end, t.start) === 1;
      if (!ownLine) {
        closeRun();
      } else if (continues) {
        runEnd = t.end;
        runCount += 1;
      } else {
        closeRun();
        runStart = t.start;
        runEnd = t.end;
        runCount = 1;
      }
    } else {
      closeRun();
    }
  }
  closeRun();
  return out;
}

function lineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i += 1) if (text.charCodeAt(i) === 0x0a) n += 1;
  return n;
}
