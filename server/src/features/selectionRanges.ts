// Selection ranges (expand/shrink selection): from the cursor outwards through every syntax node
// that contains it — name, type, parameter, function, interface, file.

import type { SourceFile, Span } from '../syntax/ast';

/**
 * For each offset, the chain of spans that contain it, innermost first, each strictly larger
 * than the one before. The whole file is always the last entry.
 */
export function selectionRanges(file: SourceFile, textLength: number, offsets: readonly number[]): Span[][] {
  const spans = collectSpans(file);
  return offsets.map((offset) => chainAt(spans, offset, textLength));
}

// ---------------------------------------------------------------------------------------------

function chainAt(spans: readonly Span[], offset: number, textLength: number): Span[] {
  const containing = spans.filter((s) => s.start <= offset && offset <= s.end && s.end > s.start);
  // Larger spans first; among equals keep one. Then reverse to innermost first.
  containing.sort((a, b) => (b.end - b.start) - (a.end - a.start) || a.start - b.start);
  const outerFirst: Span[] = [{ start: 0, end: textLength }];
  for (const s of containing) {
    const last = outerFirst[outerFirst.length - 1];
    const inside = s.start >= last.start && s.end <= last.end;
    const smaller = s.end - s.start < last.end - last.start;
    if (inside && smaller) outerFirst.push(s);
  }
  return outerFirst.reverse();
}

/** Every `span` of every node of the tree. The AST is plain data, so a generic walk finds them all. */
function collectSpans(file: SourceFile): Span[] {
  const out: Span[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [key, v] of Object.entries(value)) {
      if (key === 'diagnostics') continue;
      if (isSpan(v)) {
        out.push(v);
      } else {
        visit(v);
      }
    }
  };
  visit(file.items);
  if (file.packageDecl) visit(file.packageDecl);
  return out;
}

function isSpan(value: unknown): value is Span {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.start === 'number' && typeof v.end === 'number' && Object.keys(v).length === 2;
}
