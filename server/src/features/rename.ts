// Rename with prepareRename. Renames a definition, every reference to it and every `use` that
// re-exposes it under the same name, in all files of the package. Refuses keywords, built-in
// types, packages, constructors and anything defined in `deps/`, and checks that the new name is
// a valid kebab-case identifier (a keyword gets its `%` escape).

import type { Span } from '../syntax/ast';
import { identifierError, KEYWORDS, PRIMITIVE_TYPES } from '../syntax/identifiers';
import type { Analysis, Definition } from '../semantics/model';
import { isPlaceholder, occurrenceAt, packageOf, sameNameOrigin, uniqueLocations, type Location } from './lookup';

export type PrepareRenameResult =
  | { readonly kind: 'ok'; readonly span: Span; readonly placeholder: string }
  | { readonly kind: 'refused'; readonly reason: string };

export type RenameResult =
  | { readonly kind: 'ok'; readonly edits: readonly RenameEdit[] }
  | { readonly kind: 'refused'; readonly reason: string };

export interface RenameEdit extends Location {
  readonly newText: string;
}

export function prepareRename(model: Analysis, uri: string, text: string, offset: number): PrepareRenameResult {
  const target = renameTarget(model, uri, text, offset);
  if (target.kind === 'refused') return target;
  return { kind: 'ok', span: target.span, placeholder: target.def.name };
}

export function rename(model: Analysis, uri: string, text: string, offset: number, newName: string): RenameResult {
  const target = renameTarget(model, uri, text, offset);
  if (target.kind === 'refused') return target;
  const name = newName.startsWith('%') ? newName.slice(1) : newName;
  if (name.length === 0) return { kind: 'refused', reason: 'the new name is empty' };
  const problem = identifierError(name);
  if (problem) return { kind: 'refused', reason: `\`${newName}\` is not a valid WIT identifier: ${problem}` };
  const written = KEYWORDS.has(name) ? `%${name}` : name;

  const root = sameNameOrigin(target.def);
  const group = new Set<Definition>(model.definitions.filter((d) => !isPlaceholder(model, d) && sameNameOrigin(d) === root));
  const clash = clashing(model, group, name);
  if (clash) {
    return { kind: 'refused', reason: `\`${name}\` is already defined in ${clash.container ? `${clash.container.kind} \`${clash.container.name}\`` : 'this package'}` };
  }
  const spots: Location[] = [];
  for (const def of group) spots.push({ uri: def.uri, span: def.nameSpan });
  for (const ref of model.references) {
    if (ref.target && group.has(ref.target)) spots.push({ uri: ref.uri, span: ref.span });
    // A `use` of the renamed item names it in its path even when it renames it (`t as u`).
    else if (ref.kind === 'use-name' && ref.target && sameNameOrigin(ref.target) === root) spots.push({ uri: ref.uri, span: ref.span });
  }
  return { kind: 'ok', edits: uniqueLocations(spots).map((s) => ({ ...s, newText: written })) };
}

// ---------------------------------------------------------------------------------------------

type Target =
  | { readonly kind: 'ok'; readonly def: Definition; readonly span: Span }
  | { readonly kind: 'refused'; readonly reason: string };

const BUILT_INS: ReadonlySet<string> = new Set([...PRIMITIVE_TYPES, 'list', 'option', 'result', 'tuple', 'map', 'borrow', 'own', 'future', 'stream']);

function renameTarget(model: Analysis, uri: string, text: string, offset: number): Target {
  const occ = occurrenceAt(model, uri, offset);
  if (!occ) {
    const word = wordAt(text, offset);
    if (word && BUILT_INS.has(word)) return { kind: 'refused', reason: `\`${word}\` is a built-in type and cannot be renamed` };
    if (word && KEYWORDS.has(word)) return { kind: 'refused', reason: `\`${word}\` is a keyword and cannot be renamed` };
    return { kind: 'refused', reason: 'there is no name to rename here' };
  }
  const root = sameNameOrigin(occ.def);
  if (root.kind === 'package') return { kind: 'refused', reason: 'packages cannot be renamed' };
  if (root.kind === 'constructor') return { kind: 'refused', reason: 'constructors have no name to rename' };
  const pkg = packageOf(model, root);
  if (pkg && !pkg.isRoot) {
    return { kind: 'refused', reason: `\`${root.name}\` is defined in the dependency ${pkg.id} (deps/) and cannot be renamed from here` };
  }
  return { kind: 'ok', def: occ.def, span: occ.span };
}

/**
 * A definition that already has `name` next to one of the renamed ones (same container and
 * namespace: types and functions of an interface, interfaces and worlds of a package, fields of
 * a record, …). WIT compares these names case-insensitively.
 */
function clashing(model: Analysis, group: ReadonlySet<Definition>, name: string): Definition | undefined {
  const lower = name.toLowerCase();
  for (const def of group) {
    const sibling = model.definitions.find((d) => d.container === def.container && !group.has(d) && d.name.toLowerCase() === lower
      && sameNamespace(d, def) && !isPlaceholder(model, d));
    if (sibling) return sibling;
  }
  return undefined;
}

const ITEM_KINDS = new Set(['type', 'resource', 'use', 'function', 'interface', 'world', 'import', 'export']);

function sameNamespace(a: Definition, b: Definition): boolean {
  return a.kind === b.kind || (ITEM_KINDS.has(a.kind) && ITEM_KINDS.has(b.kind));
}

function wordAt(text: string, offset: number): string | undefined {
  let start = offset;
  let end = offset;
  while (start > 0 && /[A-Za-z0-9_-]/.test(text[start - 1])) start -= 1;
  while (end < text.length && /[A-Za-z0-9_-]/.test(text[end])) end += 1;
  return start < end ? text.slice(start, end) : undefined;
}
