// Finding things in the resolved model by position, shared by the navigation features. The model
// links every reference to its definition, so nothing here looks names up.

import type { Span } from '../syntax/ast';
import type { Analysis, Definition, PackageModel, Reference } from '../semantics/model';

/** A place in a file. */
export interface Location {
  readonly uri: string;
  readonly span: Span;
}

/** What is under the cursor: a definition's own name, or a reference to one. */
export type Occurrence =
  | { readonly role: 'definition'; readonly def: Definition; readonly span: Span }
  | { readonly role: 'reference'; readonly def: Definition; readonly span: Span; readonly ref: Reference };

/**
 * The occurrence covering `offset` in `uri` (a cursor just after a name still counts). References
 * win over definitions, because a `use` name is both and the reference says where it comes from.
 */
export function occurrenceAt(model: Analysis, uri: string, offset: number): Occurrence | undefined {
  let best: Occurrence | undefined;
  for (const ref of model.references) {
    if (ref.uri !== uri || !ref.target || !covers(ref.span, offset)) continue;
    if (!best || narrower(ref.span, best.span)) best = { role: 'reference', def: ref.target, span: ref.span, ref };
  }
  if (best) return best;
  for (const def of model.definitions) {
    if (def.uri !== uri || !covers(def.nameSpan, offset) || isPlaceholder(model, def)) continue;
    if (!best || narrower(def.nameSpan, best.span)) best = { role: 'definition', def, span: def.nameSpan };
  }
  if (best) return best;
  // Every file of a package repeats its `package` line, but the package is defined only once.
  const decl = model.files.get(uri)?.packageDecl;
  const pkg = model.packages.find((p) => p.uris.includes(uri));
  if (decl && pkg && covers(decl.name.span, offset)) return { role: 'definition', def: pkg.definition, span: decl.name.span };
  return undefined;
}

/**
 * Follows `use` names and interface imports to what they stand for, so `use a.{t}` and every
 * use of `t` lead to `t`'s own definition.
 */
export function originalDefinition(def: Definition): Definition {
  let current = def;
  const seen = new Set<Definition>();
  while ((current.kind === 'use' || current.kind === 'import' || current.kind === 'export') && current.target && !seen.has(current)) {
    seen.add(current);
    current = current.target;
  }
  return current;
}

/**
 * Like `originalDefinition`, but stops at a renaming `use a.{t as u}`: `u` is a name of its own,
 * while `use a.{t}` only re-exposes `t` under the same name.
 */
export function sameNameOrigin(def: Definition): Definition {
  let current = def;
  const seen = new Set<Definition>();
  while ((current.kind === 'use' || current.kind === 'import' || current.kind === 'export') && current.target && current.target.name === current.name && !seen.has(current)) {
    seen.add(current);
    current = current.target;
  }
  return current;
}

/** The package a definition belongs to. */
export function packageOf(model: Analysis, def: Definition): PackageModel | undefined {
  let top: Definition = def;
  while (top.container) top = top.container;
  return model.packages.find((p) => p.definition === top) ?? model.packages.find((p) => p.uris.includes(def.uri));
}

/** Where a definition's name is written. */
export function locationOf(def: Definition): Location {
  return { uri: def.uri, span: def.nameSpan };
}

/**
 * Placeholder definitions stand for names of other packages before they are joined (they sit on
 * the `use` name); the `use` definition at the same place is the one to report.
 */
export function isPlaceholder(model: Analysis, def: Definition): boolean {
  if (def.kind !== 'type' || def.typeDef) return false;
  return model.definitions.some((d) => d !== def && d.kind === 'use' && d.uri === def.uri && d.nameSpan.start === def.nameSpan.start);
}

/** The names usable as types inside `container`: its own types and resources and what it `use`s. */
export function typesIn(model: Analysis, container: Definition | undefined): Definition[] {
  return model.definitions.filter((d) => d.container === container && (d.kind === 'type' || d.kind === 'resource' || d.kind === 'use') && !isPlaceholder(model, d));
}

/** Drops repeated locations, keeping the first of each. */
export function uniqueLocations<T extends Location>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const key = `${item.uri}#${item.span.start}:${item.span.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

function covers(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

function narrower(a: Span, b: Span): boolean {
  return a.end - a.start < b.end - b.start;
}
