// Internal, mutable resolution state shared by the local (per package) and join (across
// packages) stages. Not exported from the semantics API: features see only `model.ts`.

import type {
  Attribute, Docs, IncludeItem, InterfaceMember, Param, PackageName, Span, TopLevelUse, Type, TypeDef,
  WorldItem as AstWorld, InterfaceItem as AstInterface,
} from '../syntax/ast';
import type { Definition, Gate, Reference } from './model';

export interface PkgName {
  readonly namespace: string;
  readonly name: string;
  readonly version?: string;
  /** `ns:name@version` or `ns:name`. */
  readonly key: string;
}

export function pkgNameOf(p: PackageName): PkgName {
  const ns = [p.namespace, ...p.nestedNamespaces].map((i) => i.name).join(':');
  const version = p.version?.text;
  return { namespace: ns, name: p.name.name, version, key: `${ns}:${p.name.name}${version ? `@${version}` : ''}` };
}

/** One file's part of a package: its top-level items. */
export interface FileUnit {
  readonly uri: string;
  readonly items: readonly (AstInterface | AstWorld | TopLevelUse)[];
}

/** The sources of one package, before resolution. */
export interface PackageUnit {
  readonly name: PkgName;
  readonly nameSpan: Span;
  readonly nameUri: string;
  readonly docs?: Docs;
  readonly files: readonly FileUnit[];
  readonly isRoot: boolean;
  /** True when no file had a `package` header (the unit is resolved under an empty name). */
  readonly missingHeader?: boolean;
  /** Where the package was found, for "defined in two different locations". */
  readonly location: string;
}

export type NameEntry =
  | { readonly kind: 'type'; readonly type: TypeState }
  | { readonly kind: 'function'; readonly def: Definition };

export interface TypeState {
  readonly def: Definition;
  readonly owner: IfaceState | WorldState;
  /** The definition's AST; absent for `use` aliases and foreign placeholders. */
  readonly ast?: TypeDef;
  /** For `use` aliases: the type it names. */
  use?: TypeState;
  /** For placeholders of types in foreign interfaces: set when packages are joined. */
  binding?: TypeState;
  readonly placeholder: boolean;
  /** Resolved gate (own attributes). */
  gate: Gate;
  /** Spans where this placeholder was used in a handle (checked once bound). */
  readonly requiredResource: { uri: string; span: Span }[];
  /** References that point at a placeholder, patched when it is bound. */
  readonly pendingRefs: Reference[];
}

export interface FuncState {
  readonly def: Definition;
  /** Name as wit-parser reports it: `f`, `[method]r.f`, `[static]r.f`, `[constructor]r`. */
  readonly abiName: string;
  readonly params: readonly Param[];
  readonly result?: Type;
  readonly attributes: readonly Attribute[];
  readonly uri: string;
  /** The resource of a method or constructor. */
  readonly self?: TypeState;
  gate: Gate;
}

interface ItemStateBase {
  def?: Definition;
  readonly pkg: PkgUnitState;
  readonly name: string;
  readonly uri: string;
  /** Foreign placeholder: the package key and the spans that mention it. */
  readonly foreign?: { readonly pkgKey: string; readonly span: Span; readonly uri: string };
  readonly scope: Map<string, NameEntry>;
  gate: Gate;
  readonly attributes: readonly Attribute[];
  readonly pendingRefs: Reference[];
}

export interface IfaceState extends ItemStateBase {
  readonly kind: 'interface';
  binding?: IfaceState;
  readonly members: readonly InterfaceMember[];
  readonly types: TypeState[];
  readonly functions: FuncState[];
  /** For inline interfaces in worlds: the world. */
  readonly inlineIn?: WorldState;
  readonly nameSpan: Span;
}

export interface WorldEntry {
  /** Kebab name for named items, qualified interface name for paths. */
  readonly key: string;
  readonly named: boolean;
  readonly kind: 'interface' | 'function' | 'type';
  readonly direction: 'import' | 'export';
  readonly iface?: IfaceState;
  readonly func?: FuncState;
  readonly type?: TypeState;
  readonly origin?: Definition;
  readonly span: Span;
  readonly uri: string;
  gate: Gate;
  implied: boolean;
}

export interface WorldState extends ItemStateBase {
  readonly kind: 'world';
  binding?: WorldState;
  readonly ast?: AstWorld;
  readonly nameSpan: Span;
  readonly imports: WorldEntry[];
  readonly exports: WorldEntry[];
  readonly includes: { readonly world: WorldState; readonly ast: IncludeItem; readonly uri: string; gate: Gate }[];
  readonly types: TypeState[];
  readonly functions: FuncState[];
  elaborated: boolean;
}

export type ItemState = IfaceState | WorldState;

export interface PkgUnitState {
  readonly unit: PackageUnit;
  def: Definition;
  readonly items: Map<string, ItemState>;
  readonly interfaces: IfaceState[];
  readonly worlds: WorldState[];
  /** Foreign dependencies: package key → item name → placeholder. */
  readonly foreign: Map<string, { readonly name: PkgName; readonly span: Span; readonly uri: string; readonly items: Map<string, ItemState> }>;
  /** The same placeholders in the order they were created (wit-parser's arena order). */
  readonly foreignItems: ItemState[];
}


/** Follows `use` aliases and placeholder bindings to the type that was actually defined. */
export function definedType(t: TypeState): TypeState {
  let cur = t;
  for (let guard = 0; guard < 10_000; guard += 1) {
    if (cur.binding) { cur = cur.binding; continue; }
    if (cur.use) { cur = cur.use; continue; }
    return cur;
  }
  return cur;
}
