// Go to definition, declaration and type definition, across the files of a package and into
// `deps/`.
//
// - definition: where the thing is really defined (through `use` names and interface imports);
// - declaration: the nearest binding (a `use` name for a used type, the item itself otherwise);
// - type definition: for a parameter, field, case, function or alias, the definition of the
//   first named type in it; for a type, the type itself.

import type { Analysis, Definition } from '../semantics/model';
import { locationOf, occurrenceAt, originalDefinition, type Location } from './lookup';

export function definition(model: Analysis, uri: string, offset: number): Location[] {
  const occ = occurrenceAt(model, uri, offset);
  if (!occ) return [];
  return [locationOf(originalDefinition(occ.def))];
}

export function declaration(model: Analysis, uri: string, offset: number): Location[] {
  // On a `use` name itself the declaration is that `use` (a name declared here), although the
  // occurrence there is also a reference to the original.
  const own = model.definitions.find((d) => d.kind === 'use' && d.uri === uri && d.nameSpan.start <= offset && offset <= d.nameSpan.end);
  if (own) return [locationOf(own)];
  const occ = occurrenceAt(model, uri, offset);
  if (!occ) return [];
  return [locationOf(occ.def)];
}

export function typeDefinition(model: Analysis, uri: string, offset: number): Location[] {
  const occ = occurrenceAt(model, uri, offset);
  if (!occ) return [];
  const def = originalDefinition(occ.def);
  if (def.kind === 'type' || def.kind === 'resource') return [locationOf(def)];
  if (!TYPED.has(def.kind)) return [];
  const named = firstTypeIn(model, def);
  return named ? [locationOf(originalDefinition(named))] : [];
}

/** Kinds whose definition holds a type to go to. */
const TYPED = new Set<Definition['kind']>(['param', 'field', 'case', 'function', 'method', 'static', 'constructor']);

/** The target of the first type reference written inside `def` (after its name). */
function firstTypeIn(model: Analysis, def: Definition): Definition | undefined {
  let best: { start: number; target: Definition } | undefined;
  for (const ref of model.references) {
    if (ref.kind !== 'type' || !ref.target || ref.uri !== def.uri) continue;
    if (ref.span.start < def.nameSpan.end || ref.span.end > def.span.end) continue;
    if (!best || ref.span.start < best.start) best = { start: ref.span.start, target: ref.target };
  }
  return best?.target;
}
