// Find all references and document highlights. A definition's references include uses through
// `use` names (also renamed ones) and interface imports, in every file of the package and its
// dependencies.

import type { Span } from '../syntax/ast';
import type { Analysis, Definition } from '../semantics/model';
import { isPlaceholder, locationOf, occurrenceAt, originalDefinition, uniqueLocations, type Location } from './lookup';

export interface ReferenceOptions {
  /** Also list the definition itself (LSP `context.includeDeclaration`). */
  readonly includeDeclaration: boolean;
}

export function references(model: Analysis, uri: string, offset: number, options: ReferenceOptions): Location[] {
  const occ = occurrenceAt(model, uri, offset);
  if (!occ) return [];
  return occurrencesOf(model, originalDefinition(occ.def), options.includeDeclaration).map((o) => ({ uri: o.uri, span: o.span }));
}

export type HighlightKind = 'write' | 'read';

export interface Highlight {
  readonly span: Span;
  /** `write` for the definition (the name being introduced), `read` for references. */
  readonly kind: HighlightKind;
}

export function documentHighlights(model: Analysis, uri: string, offset: number): Highlight[] {
  const occ = occurrenceAt(model, uri, offset);
  if (!occ) return [];
  return occurrencesOf(model, originalDefinition(occ.def), true)
    .filter((o) => o.uri === uri)
    .map((o) => ({ span: o.span, kind: o.isDefinition ? 'write' : 'read' }));
}

interface FoundOccurrence extends Location {
  readonly isDefinition: boolean;
}

/** The definition (optionally) and every reference that leads to it, in model order. */
function occurrencesOf(model: Analysis, target: Definition, includeDefinition: boolean): FoundOccurrence[] {
  const out: FoundOccurrence[] = [];
  if (includeDefinition) out.push({ ...locationOf(target), isDefinition: true });
  for (const ref of model.references) {
    if (ref.target && originalDefinition(ref.target) === target) out.push({ uri: ref.uri, span: ref.span, isDefinition: false });
  }
  // A renaming `use a.{t as u}` introduces `u`: list it too, since it names `target`.
  for (const def of model.definitions) {
    if (def === target || def.kind !== 'use' || isPlaceholder(model, def) || !def.target) continue;
    if (originalDefinition(def) === target && def.name !== def.target.name) out.push({ ...locationOf(def), isDefinition: false });
  }
  return uniqueLocations(out);
}
