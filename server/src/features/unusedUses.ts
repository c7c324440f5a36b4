// Unused `use` names: a name brought in by `use path.{name}` that nothing refers to. wit-parser
// accepts them, so this is a hint (faded in the editor), reported next to the package's own
// diagnostics, and code actions offer to remove it.

import type { Diagnostic } from '../syntax/ast';
import type { Analysis, Definition } from '../semantics/model';
import { isPlaceholder } from './lookup';

export const UNUSED_USE = 'unused-use';

/** Hints for unused `use` names in the given files (the package's own, not its dependencies). */
export function unusedUseHints(model: Analysis, uris: ReadonlySet<string>): Map<string, Diagnostic[]> {
  const used = new Set<Definition>();
  for (const ref of model.references) if (ref.target) used.add(ref.target);
  // A `use` that another `use` re-exports through counts as used.
  for (const def of model.definitions) if (def.kind === 'use' && def.target) used.add(def.target);
  // Another interface may `use` the name from this one; whether the model links that use to this
  // `use` or to the original, keep the name then (removing it could break that interface).
  const useNames = model.references.filter((r) => r.kind === 'use-name');
  const out = new Map<string, Diagnostic[]>();
  for (const def of model.definitions) {
    // An unresolved `use` already has an error; calling it unused too would only add noise.
    if (def.kind !== 'use' || !def.target || !uris.has(def.uri) || used.has(def) || isPlaceholder(model, def)) continue;
    const elsewhere = useNames.some((r) => r.name === def.name && (r.uri !== def.uri || r.span.start !== def.nameSpan.start));
    if (elsewhere) continue;
    const list = out.get(def.uri) ?? [];
    list.push({ span: def.nameSpan, message: `\`${def.name}\` is imported by \`use\` but never used`, severity: 'hint', code: UNUSED_USE, tags: ['unnecessary'] });
    out.set(def.uri, list);
  }
  return out;
}
