// Incremental AST building: the top-level items of the previous parse that an edit did not
// touch are taken over, with their spans shifted, instead of being rebuilt from the tree.

import type { Diagnostic, PackageDecl, Span, TopLevelItem } from './ast';

/** A top-level item as built, kept so that the next incremental parse can reuse it. */
export interface BuiltItem {
  readonly type: string;
  /** The item's range, extended back over the comments and space before it (its docs). */
  readonly start: number;
  readonly end: number;
  /** The item (undefined when it could not be represented) and its diagnostics. */
  readonly item: TopLevelItem | PackageDecl | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** What the previous parse left behind, and how its offsets map into the new text. */
export interface Reuse {
  readonly items: readonly BuiltItem[];
  /** The new offset of an old offset, or undefined when an edit touched it. */
  readonly map: (start: number, end: number) => { start: number; end: number } | undefined;
  /** Ranges (new offsets) whose parse changed, from tree-sitter. */
  readonly changed: readonly Span[];
}

/** The previous items that an incremental parse may take over, keyed by type and new range. */
export function reuseIndex(reuse: Reuse | undefined): Map<string, BuiltItem> {
  const index = new Map<string, BuiltItem>();
  if (reuse === undefined) return index;
  for (const old of reuse.items) {
    const moved = reuse.map(old.start, old.end);
    if (moved === undefined) continue;
    const delta = moved.start - old.start;
    index.set(`${old.type}:${moved.start}:${moved.end}`, {
      ...old,
      start: moved.start,
      end: moved.end,
      item: delta === 0 ? old.item : shift(old.item, delta),
      diagnostics: delta === 0 ? old.diagnostics : shift(old.diagnostics, delta),
    });
  }
  return index;
}

export function touches(ranges: readonly Span[], start: number, end: number): boolean {
  return ranges.some((r) => r.start <= end && r.end >= start);
}

/** A copy of plain AST data with every span moved by `delta` (strings are shared, not copied). */
function shift<T>(value: T, delta: number): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = shift(value[i], delta);
    return copy as T;
  }
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key in source) {
    const v = source[key];
    out[key] = typeof v === 'number' && (key === 'start' || key === 'end') ? v + delta : shift(v, delta);
  }
  return out as T;
}
