// The world view: a world fully elaborated (after `include`/`with` and the interfaces its imports
// and exports depend on), as a tree of plain data for the client's tree view.

import type { Analysis, Definition, WorldItemModel, WorldModel } from '../semantics/model';
import { funcText } from './documentSymbols';
import type { Location } from './lookup';

export interface WorldViewNode {
  readonly name: string;
  readonly kind: 'interface' | 'function' | 'type';
  /** A signature or a note such as "implied by an import's dependencies". */
  readonly detail?: string;
  /** True for interfaces imported only because another import or export depends on them. */
  readonly implied: boolean;
  readonly location?: Location;
  readonly children: readonly WorldViewNode[];
}

export interface WorldView {
  /** `ns:pkg/world@version`. */
  readonly world: string;
  readonly location: Location;
  readonly imports: readonly WorldViewNode[];
  readonly exports: readonly WorldViewNode[];
}

/** The names of the worlds defined in a file, in source order. */
export function worldsIn(model: Analysis, uri: string): WorldModel[] {
  return model.packages.flatMap((p) => p.worlds).filter((w) => w.definition.uri === uri)
    .sort((a, b) => a.definition.span.start - b.definition.span.start);
}

/**
 * The elaborated world: the one named `name` (plain or qualified; undefined when there is none),
 * else the one around `offset` in `uri`, else the first world of `uri`.
 */
export function worldView(model: Analysis, uri: string, select: { readonly name?: string; readonly offset?: number }): WorldView | undefined {
  const all = model.packages.flatMap((p) => p.worlds);
  let world: WorldModel | undefined;
  if (select.name !== undefined) {
    world = all.find((w) => w.qualifiedName === select.name || (w.definition.name === select.name && w.definition.uri === uri)) ?? all.find((w) => w.definition.name === select.name);
    if (!world) return undefined;
  }
  const offset = select.offset;
  if (!world && offset !== undefined) world = all.find((w) => w.definition.uri === uri && w.definition.span.start <= offset && offset <= w.definition.span.end);
  world ??= worldsIn(model, uri)[0];
  if (!world) return undefined;
  return {
    world: world.qualifiedName,
    location: { uri: world.definition.uri, span: world.definition.nameSpan },
    imports: world.imports.map((e) => entryNode(model, e)),
    exports: world.exports.map((e) => entryNode(model, e)),
  };
}

function entryNode(model: Analysis, entry: WorldItemModel): WorldViewNode {
  const target = entry.target;
  const location = target ? { uri: target.uri, span: target.nameSpan } : undefined;
  if (entry.kind === 'interface') {
    const iface = model.packages.flatMap((p) => p.interfaces).find((i) => i.definition === target);
    const children = iface ? [...iface.types.map((t) => leaf(t, 'type')), ...iface.functions.map((f) => leaf(f, 'function'))] : [];
    const detail = entry.implied ? 'implied: a dependency of another import or export' : iface && iface.qualifiedName !== entry.key ? iface.qualifiedName : undefined;
    return { name: entry.key, kind: 'interface', detail, implied: entry.implied, location, children };
  }
  return { name: entry.key, kind: entry.kind, detail: target ? describe(target) : undefined, implied: entry.implied, location, children: [] };
}

function leaf(def: Definition, kind: 'type' | 'function'): WorldViewNode {
  // Resource members are listed with their resource, as `canvas.draw`.
  const owner = def.kind === 'method' || def.kind === 'static' || def.kind === 'constructor' ? def.container?.name : undefined;
  const name = owner !== undefined ? `${owner}.${def.name}` : def.name;
  return { name, kind, detail: describe(def), implied: false, location: { uri: def.uri, span: def.nameSpan }, children: [] };
}

function describe(def: Definition): string | undefined {
  if (def.func) {
    const f = def.func;
    return funcText({ async: 'async' in f ? f.async : false, params: f.params, result: f.result, span: def.span });
  }
  return def.typeDef?.kind ?? (def.kind === 'use' ? 'use' : undefined);
}
