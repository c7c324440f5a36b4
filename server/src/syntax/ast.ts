// The typed WIT syntax tree: the contract between `syntax/` (which builds it from the tree-sitter
// tree) and `semantics/` (which resolves it). Plain data: no tree-sitter types, no LSP types.
//
// Invariants:
// - Every node carries a `span` in UTF-16 code-unit offsets into its file's text (what JavaScript
//   strings and LSP positions count), half-open: [start, end).
// - Identifiers are stored without their `%` escape; `span` still covers the `%`.
// - A syntactically broken construct is either left out or kept with what could be read; in both
//   cases the problem is reported in `SourceFile.diagnostics`. Building never throws.

export interface Span {
  readonly start: number;
  readonly end: number;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A problem found in one file. `code` is a stable identifier for quick fixes and tests. */
export interface Diagnostic {
  readonly span: Span;
  readonly message: string;
  readonly severity: Severity;
  readonly code?: string;
  /** Tags understood by editors: unnecessary code is faded, deprecated is struck through. */
  readonly tags?: readonly ('unnecessary' | 'deprecated')[];
}

export interface Ident {
  /** The name without a leading `%`. */
  readonly name: string;
  readonly span: Span;
}

/** A version literal as written, e.g. `0.2.0-rc.1`. */
export interface VersionLit {
  readonly text: string;
  readonly span: Span;
}

/** `ns:name@version`; nested namespaces (`a:b:c`) keep every namespace segment in order. */
export interface PackageName {
  readonly namespace: Ident;
  readonly nestedNamespaces: readonly Ident[];
  readonly name: Ident;
  readonly version?: VersionLit;
  readonly span: Span;
}

/** `@since(version = 1.0.0)`, `@unstable(feature = x)`, `@deprecated(version = 1.0.0)`, `@external-id(...)`. */
export interface Attribute {
  readonly kind: 'since' | 'unstable' | 'deprecated' | 'external-id';
  /** The attribute name including `@`, for ranges. */
  readonly nameSpan: Span;
  /** The version for since/deprecated, the feature name for unstable, the id for external-id. */
  readonly value?: { readonly text: string; readonly span: Span };
  readonly span: Span;
}

/** Doc comments (`///` lines or `/** *\/` blocks) attached to the item that follows them. */
export interface Docs {
  /** Comment text with the comment markers removed, lines joined with `\n`. */
  readonly text: string;
  readonly span: Span;
}

interface ItemBase {
  readonly docs?: Docs;
  readonly attributes: readonly Attribute[];
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Files and top-level items

export interface SourceFile {
  readonly uri: string;
  /** `package a:b@1.0.0;` at the top of the file, if present. */
  readonly packageDecl?: PackageDecl;
  readonly items: readonly TopLevelItem[];
  /** Lexical and syntax errors, worded like wit-parser's. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface PackageDecl extends ItemBase {
  readonly name: PackageName;
}

export type TopLevelItem = InterfaceItem | WorldItem | TopLevelUse | NestedPackage;

export interface InterfaceItem extends ItemBase {
  readonly kind: 'interface';
  readonly name: Ident;
  readonly members: readonly InterfaceMember[];
}

export interface WorldItem extends ItemBase {
  readonly kind: 'world';
  readonly name: Ident;
  readonly members: readonly WorldMember[];
}

/** `use a:b/c@1.0.0 as d;` at the top level of a file. */
export interface TopLevelUse extends ItemBase {
  readonly kind: 'top-level-use';
  readonly path: UsePath;
  readonly alias?: Ident;
}

/** `package a:b { interface … world … }` (wit-parser also accepts top-level `use` inside). */
export interface NestedPackage extends ItemBase {
  readonly kind: 'package';
  readonly name: PackageName;
  readonly items: readonly (InterfaceItem | WorldItem | TopLevelUse)[];
}

/**
 * A reference to an interface or world: `name` (in this package, or a top-level `use` alias) or
 * `ns:pkg/name@version` (in another package).
 */
export type UsePath =
  | { readonly kind: 'local'; readonly name: Ident; readonly span: Span }
  | { readonly kind: 'package'; readonly package: PackageName; readonly name: Ident; readonly span: Span };

// ---------------------------------------------------------------------------------------------
// Interfaces

export type InterfaceMember = TypeDef | FuncItem | UseItem;

/** `use path.{a, b as c};` inside an interface or world. */
export interface UseItem extends ItemBase {
  readonly kind: 'use';
  readonly path: UsePath;
  readonly names: readonly UseName[];
}

export interface UseName {
  readonly name: Ident;
  readonly alias?: Ident;
  readonly span: Span;
}

/** `name: [async] func(params) -> result;` */
export interface FuncItem extends ItemBase {
  readonly kind: 'func';
  readonly name: Ident;
  readonly func: FuncType;
}

export interface FuncType {
  readonly async: boolean;
  readonly params: readonly Param[];
  readonly result?: Type;
  readonly span: Span;
}

export interface Param {
  readonly name: Ident;
  readonly type: Type;
  readonly span: Span;
}

export type TypeDef = TypeAlias | RecordDef | VariantDef | EnumDef | FlagsDef | ResourceDef;

export interface TypeAlias extends ItemBase {
  readonly kind: 'type';
  readonly name: Ident;
  readonly type: Type;
}

export interface RecordDef extends ItemBase {
  readonly kind: 'record';
  readonly name: Ident;
  readonly fields: readonly Field[];
}

export interface Field extends ItemBase {
  readonly name: Ident;
  readonly type: Type;
}

export interface VariantDef extends ItemBase {
  readonly kind: 'variant';
  readonly name: Ident;
  readonly cases: readonly VariantCase[];
}

export interface VariantCase extends ItemBase {
  readonly name: Ident;
  readonly type?: Type;
}

export interface EnumDef extends ItemBase {
  readonly kind: 'enum';
  readonly name: Ident;
  readonly cases: readonly NamedCase[];
}

export interface FlagsDef extends ItemBase {
  readonly kind: 'flags';
  readonly name: Ident;
  readonly flags: readonly NamedCase[];
}

export interface NamedCase extends ItemBase {
  readonly name: Ident;
}

/** `resource r;` (no body) or `resource r { … }`. */
export interface ResourceDef extends ItemBase {
  readonly kind: 'resource';
  readonly name: Ident;
  readonly hasBody: boolean;
  readonly members: readonly ResourceMember[];
}

export type ResourceMember = ConstructorItem | MethodItem;

/** `constructor(params);` or `constructor(params) -> result<r, e>;` */
export interface ConstructorItem extends ItemBase {
  readonly kind: 'constructor';
  /** Span of the `constructor` keyword. */
  readonly keywordSpan: Span;
  readonly params: readonly Param[];
  readonly result?: Type;
}

/** `name: func(…)` (method) or `name: static func(…)`. */
export interface MethodItem extends ItemBase {
  readonly kind: 'method' | 'static';
  readonly name: Ident;
  readonly func: FuncType;
}

// ---------------------------------------------------------------------------------------------
// Types

export type PrimitiveName =
  | 'bool' | 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64'
  | 'f32' | 'f64' | 'char' | 'string' | 'error-context';

export type Type =
  | { readonly kind: 'primitive'; readonly name: PrimitiveName; readonly span: Span }
  | { readonly kind: 'named'; readonly name: Ident; readonly span: Span }
  | { readonly kind: 'list'; readonly element: Type; readonly size?: { readonly text: string; readonly span: Span }; readonly span: Span }
  | { readonly kind: 'option'; readonly inner: Type; readonly span: Span }
  | { readonly kind: 'result'; readonly ok?: Type; readonly err?: Type; readonly span: Span }
  | { readonly kind: 'tuple'; readonly elements: readonly Type[]; readonly span: Span }
  | { readonly kind: 'map'; readonly key: Type; readonly value: Type; readonly span: Span }
  | { readonly kind: 'borrow' | 'own'; readonly resource: Ident; readonly span: Span }
  | { readonly kind: 'future' | 'stream'; readonly inner?: Type; readonly span: Span };

// ---------------------------------------------------------------------------------------------
// Worlds

export type WorldMember = ImportExport | IncludeItem | UseItem | TypeDef;

export interface ImportExport extends ItemBase {
  readonly kind: 'import' | 'export';
  readonly item: ExternItem;
}

export type ExternItem =
  /** `import name: func(…);` */
  | { readonly kind: 'func'; readonly name: Ident; readonly func: FuncType; readonly span: Span }
  /** `import name: interface { … }` */
  | { readonly kind: 'inline-interface'; readonly name: Ident; readonly members: readonly InterfaceMember[]; readonly span: Span }
  /**
   * `import iface;` or `import ns:pkg/iface@1.0.0;`; with `name`, `import name: iface;`, which
   * imports the interface under a plain name (WIT.md, "extern-type ::= use-path ';'").
   */
  | { readonly kind: 'path'; readonly path: UsePath; readonly name?: Ident; readonly span: Span };

/** `include path with { a as b, … };` */
export interface IncludeItem extends ItemBase {
  readonly kind: 'include';
  readonly path: UsePath;
  readonly with: readonly { readonly from: Ident; readonly to: Ident; readonly span: Span }[];
}
