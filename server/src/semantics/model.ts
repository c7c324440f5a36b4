// The resolved WIT model: what `semantics/` hands to the language features and the CLI.
//
// Invariants:
// - Every definition and every reference carries the uri of its file and a span (UTF-16 offsets,
//   half-open) of the name as written, so editor features need no name lookups.
// - A reference whose name could not be resolved keeps `target: undefined` and has a diagnostic.
// - Diagnostics are ordered the way wit-parser visits the sources, so the first error is the one
//   wit-parser would report; every later error is one it would report after fixing the earlier ones.

import type {
  Diagnostic, FuncType, Param, SourceFile, Span, Type, TypeDef,
} from '../syntax/ast';

/** Which `@unstable` features are enabled. wit-parser's own test-suite enables `active`. */
export interface FeatureOptions {
  readonly features?: readonly string[];
  readonly allFeatures?: boolean;
}

/** The stability attributes of an item after validation. */
export type Gate =
  | { readonly kind: 'none' }
  | { readonly kind: 'since'; readonly version: string; readonly deprecated?: string }
  | { readonly kind: 'unstable'; readonly feature: string; readonly deprecated?: string };

export type DefinitionKind =
  | 'package' | 'interface' | 'world'
  | 'type' | 'resource' | 'use'
  | 'function' | 'method' | 'static' | 'constructor'
  | 'field' | 'case' | 'flag' | 'param'
  | 'import' | 'export';

/** Something with a name that a reference can point at. */
export interface Definition {
  /** Unique within one `Analysis`. */
  readonly id: number;
  readonly kind: DefinitionKind;
  readonly name: string;
  readonly uri: string;
  /** Span of the name (for packages: of the package name in its declaration). */
  readonly nameSpan: Span;
  /** Span of the whole item, attributes and docs excluded. */
  readonly span: Span;
  /** The enclosing definition: the interface of a type, the resource of a method, the package of an interface. */
  readonly container?: Definition;
  readonly docs?: string;
  readonly gate: Gate;
  /** For `type` definitions: the AST of the definition; for functions: their signature. */
  readonly typeDef?: TypeDef;
  readonly func?: FuncType | { readonly params: readonly Param[]; readonly result?: Type };
  /**
   * For `use` definitions (a name brought in by `use x.{a}` / `use x.{a as b}`) and world
   * imports/exports of interfaces: what they stand for. Unresolved: undefined.
   */
  target?: Definition;
  /** Whether the item is removed because its feature gate is not active. */
  excluded?: boolean;
}

export type ReferenceKind =
  | 'type'          // a type name in a signature or type definition, `own<r>`, `borrow<r>`
  | 'interface'     // a use path, an import/export path, a top-level use
  | 'world'         // an include path
  | 'package'       // the package part of a `ns:pkg/name` path
  | 'use-name'      // a name inside `use path.{name}`
  | 'include-name'; // the left-hand side of `with { a as b }`

/** One use of a name in the source. */
export interface Reference {
  readonly kind: ReferenceKind;
  readonly name: string;
  readonly uri: string;
  readonly span: Span;
  /** The definition it resolves to; undefined when it could not be resolved. */
  target?: Definition;
}

export interface UriDiagnostic extends Diagnostic {
  readonly uri: string;
}

export interface PackageModel {
  /** `ns:name@version` as written (nested namespaces joined with `:`). */
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly version?: string;
  readonly definition: Definition;
  /** The files that make up this package. */
  readonly uris: readonly string[];
  /** True for the package the analysis was asked about (not one found in `deps/`). */
  readonly isRoot: boolean;
  readonly interfaces: readonly InterfaceModel[];
  readonly worlds: readonly WorldModel[];
}

export interface InterfaceModel {
  readonly definition: Definition;
  /** `ns:pkg/name@version`; for inline interfaces in worlds, the world-qualified name. */
  readonly qualifiedName: string;
  readonly types: readonly Definition[];
  readonly functions: readonly Definition[];
}

export type WorldItemKind = 'interface' | 'function' | 'type';

/** One entry of a world after `include` and transitive imports are elaborated. */
export interface WorldItemModel {
  /** The kebab name for named items, the qualified interface name for interface paths. */
  readonly key: string;
  readonly kind: WorldItemKind;
  readonly direction: 'import' | 'export';
  /** The interface, function or type definition this entry stands for. */
  readonly target?: Definition;
  /** Where it was declared (in this world or an included one); absent for implied imports. */
  readonly origin?: Definition;
  /** True for interfaces imported only because an import/export depends on them. */
  readonly implied: boolean;
}

export interface WorldModel {
  readonly definition: Definition;
  readonly qualifiedName: string;
  readonly imports: readonly WorldItemModel[];
  readonly exports: readonly WorldItemModel[];
}

/** The result of analysing one package with its dependencies. */
export interface Analysis {
  /** Dependencies first (topological order), the root package last. */
  readonly packages: readonly PackageModel[];
  readonly definitions: readonly Definition[];
  readonly references: readonly Reference[];
  /** All diagnostics, syntax ones included, in wit-parser's reporting order. */
  readonly diagnostics: readonly UriDiagnostic[];
  /** The parsed files that took part, by uri. */
  readonly files: ReadonlyMap<string, SourceFile>;
}
