/**
 * Tree-sitter grammar for WIT, the WebAssembly Interface Type language.
 *
 * It follows the component model's WIT.md and what the reference parser (wit-parser) accepts.
 * Design notes:
 * - Every item is a self-contained, repeatable unit ending in `;` or `}` so that a missing
 *   token only breaks the item it belongs to; error recovery then resumes at the next item.
 * - The package declaration is parsed as an ordinary top-level item: that keeps a missing `;`
 *   after it local, and lets the syntax layer report a misplaced declaration in wit-parser's words.
 * - Comments are extras (named nodes, so that doc comments can be attached to items later).
 *   Block comments nest, which a regular expression cannot count: src/scanner.c lexes them.
 * - Identifiers are lexed loosely (any XID characters, `_`, `-`) so that the syntax layer can
 *   report wit-parser's precise identifier errors instead of a generic syntax error.
 */

const KEYWORDS = [
  'as', 'async', 'bool', 'borrow', 'char', 'constructor', 'enum', 'error-context', 'export',
  'f32', 'f64', 'flags', 'func', 'future', 'import', 'include', 'interface', 'list', 'map',
  'option', 'own', 'package', 'record', 'resource', 'result', 's16', 's32', 's64', 's8',
  'static', 'stream', 'string', 'tuple', 'type', 'u16', 'u32', 'u64', 'u8', 'use', 'variant',
  'with', 'world', '_',
];

const commaList = (rule) => optional(seq(rule, repeat(seq(',', rule)), optional(',')));

module.exports = grammar({
  name: 'wit',

  word: ($) => $.identifier,

  // Keywords are lexed by src/scanner.c (in the order of KEYWORDS, which the scanner mirrors) so
  // that a keyword is always a keyword, as in wit-parser's lexer. Tree-sitter alone would lex a
  // keyword as an identifier wherever the keyword is not expected: `package a:b` followed by
  // `interface i {` (a missing `;`) would then swallow `interface` and derail the rest of the
  // file. `from` is a keyword too but appears in no rule; the syntax layer rejects it as a name.
  externals: ($) => [$.block_comment, $._error_sentinel, ...KEYWORDS],

  // A byte-order mark is skipped like whitespace; the syntax layer rejects one that is not at the
  // very start, as wit-parser does.
  extras: ($) => [/[ \t\r\n\uFEFF]/, $.line_comment, $.block_comment],

  supertypes: ($) => [$._type],

  rules: {
    source_file: ($) => repeat($._toplevel_item),

    _toplevel_item: ($) =>
      choice($.package_decl, $.nested_package, $.toplevel_use, $.interface_item, $.world_item),

    // ----------------------------------------------------------------------------------------
    // Packages and paths

    package_decl: ($) => seq(repeat($.attribute), 'package', field('name', $.package_name), ';'),

    nested_package: ($) =>
      seq(
        repeat($.attribute),
        'package',
        field('name', $.package_name),
        field('body', $.package_body),
      ),

    // Nested packages inside nested packages parse (as in wit-parser); the syntax layer reports them.
    package_body: ($) =>
      seq('{', repeat(choice($.toplevel_use, $.interface_item, $.world_item, $.nested_package)), '}'),

    // `ns:pkg@1.0.0`; WIT.md also sketches nested namespaces (`ns:a:pkg`), kept here so that the
    // syntax layer can point at them precisely.
    package_name: ($) =>
      seq(
        field('namespace', $._name),
        repeat1(seq(':', field('segment', $._name))),
        optional(seq('@', field('version', $.version))),
      ),

    // `iface` or `ns:pkg/iface@1.0.0`.
    use_path: ($) =>
      choice(
        field('name', $._name),
        seq(
          field('namespace', $._name),
          ':',
          field('package', $._name),
          '/',
          field('name', $._name),
          optional(seq('@', field('version', $.version))),
        ),
      ),

    toplevel_use: ($) =>
      seq(
        repeat($.attribute),
        'use',
        field('path', $.use_path),
        optional(seq('as', field('alias', $._name))),
        ';',
      ),

    // ----------------------------------------------------------------------------------------
    // Attributes: `@since(version = 1.0.0)`, `@unstable(feature = x)`, `@deprecated(version = …)`,
    // `@external-id("…")`. Parsed generically; the syntax layer checks names and arguments.

    attribute: ($) =>
      seq(
        '@',
        field('name', $._name),
        '(',
        optional(field('argument', choice($.attribute_field, $.string))),
        ')',
      ),

    attribute_field: ($) =>
      seq(field('key', $._name), '=', field('value', choice($.version, $._name))),

    // ----------------------------------------------------------------------------------------
    // Interfaces

    interface_item: ($) =>
      seq(repeat($.attribute), 'interface', field('name', $._name), field('body', $.interface_body)),

    interface_body: ($) => seq('{', repeat($._interface_member), '}'),

    _interface_member: ($) => choice($.use_item, $.func_item, $._typedef),

    use_item: ($) =>
      seq(
        repeat($.attribute),
        'use',
        field('path', $.use_path),
        '.',
        '{',
        commaList($.use_name),
        '}',
        ';',
      ),

    use_name: ($) => seq(field('name', $._name), optional(seq('as', field('alias', $._name)))),

    func_item: ($) =>
      seq(repeat($.attribute), field('name', $._name), ':', field('type', $.func_type), ';'),

    func_type: ($) =>
      seq(
        optional(field('async', 'async')),
        'func',
        field('params', $.param_list),
        optional(seq('->', field('result', $._type))),
      ),

    param_list: ($) => seq('(', commaList($.param), ')'),

    param: ($) => seq(field('name', $._name), ':', field('type', $._type)),

    // ----------------------------------------------------------------------------------------
    // Type definitions

    _typedef: ($) =>
      choice($.type_alias, $.record_item, $.variant_item, $.enum_item, $.flags_item, $.resource_item),

    type_alias: ($) =>
      seq(repeat($.attribute), 'type', field('name', $._name), '=', field('type', $._type), ';'),

    record_item: ($) =>
      seq(repeat($.attribute), 'record', field('name', $._name), '{', commaList($.record_field), '}'),

    // Fields and cases take no attributes (wit-parser rejects them there).
    record_field: ($) => seq(field('name', $._name), ':', field('type', $._type)),

    variant_item: ($) =>
      seq(repeat($.attribute), 'variant', field('name', $._name), '{', commaList($.variant_case), '}'),

    variant_case: ($) => seq(field('name', $._name), optional(seq('(', field('type', $._type), ')'))),

    enum_item: ($) =>
      seq(repeat($.attribute), 'enum', field('name', $._name), '{', commaList($.enum_case), '}'),

    enum_case: ($) => field('name', $._name),

    flags_item: ($) =>
      seq(repeat($.attribute), 'flags', field('name', $._name), '{', commaList($.flags_case), '}'),

    flags_case: ($) => field('name', $._name),

    resource_item: ($) =>
      seq(
        repeat($.attribute),
        'resource',
        field('name', $._name),
        choice(';', field('body', $.resource_body)),
      ),

    resource_body: ($) =>
      seq('{', repeat(choice($.constructor_item, $.method_item, $.static_item)), '}'),

    constructor_item: ($) =>
      seq(
        repeat($.attribute),
        field('keyword', 'constructor'),
        field('params', $.param_list),
        optional(seq('->', field('result', $._type))),
        ';',
      ),

    method_item: ($) =>
      seq(repeat($.attribute), field('name', $._name), ':', field('type', $.func_type), ';'),

    static_item: ($) =>
      seq(
        repeat($.attribute),
        field('name', $._name),
        ':',
        'static',
        field('type', $.func_type),
        ';',
      ),

    // ----------------------------------------------------------------------------------------
    // Worlds

    world_item: ($) =>
      seq(repeat($.attribute), 'world', field('name', $._name), field('body', $.world_body)),

    world_body: ($) => seq('{', repeat($._world_member), '}'),

    _world_member: ($) => choice($.import_item, $.export_item, $.include_item, $.use_item, $._typedef),

    import_item: ($) => seq(repeat($.attribute), 'import', $._extern),

    export_item: ($) => seq(repeat($.attribute), 'export', $._extern),

    // `name: func(…);`, `name: interface { … }`, `name: path;`, or just `path;`.
    _extern: ($) =>
      choice(
        seq(field('name', $._name), ':', field('func', $.func_type), ';'),
        seq(field('name', $._name), ':', field('interface', $.inline_interface)),
        seq(field('name', $._name), ':', field('path', $.use_path), ';'),
        seq(field('path', $.use_path), ';'),
      ),

    inline_interface: ($) => seq('interface', field('body', $.interface_body)),

    include_item: ($) =>
      seq(
        repeat($.attribute),
        'include',
        field('path', $.use_path),
        choice(';', seq('with', '{', commaList($.include_name), '}')),
      ),

    include_name: ($) => seq(field('from', $._name), 'as', field('to', $._name)),

    // ----------------------------------------------------------------------------------------
    // Types

    _type: ($) =>
      choice(
        $.primitive_type,
        $.named_type,
        $.list_type,
        $.option_type,
        $.result_type,
        $.tuple_type,
        $.map_type,
        $.handle_type,
        $.future_type,
        $.stream_type,
      ),

    primitive_type: (_) =>
      choice(
        'bool', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64',
        'f32', 'f64', 'char', 'string', 'error-context',
      ),

    named_type: ($) => field('name', $._name),

    list_type: ($) =>
      seq(
        'list',
        '<',
        field('element', $._type),
        optional(seq(',', field('size', $.integer))),
        '>',
      ),

    option_type: ($) => seq('option', '<', field('inner', $._type), '>'),

    result_type: ($) =>
      seq(
        'result',
        optional(
          seq(
            '<',
            choice(
              seq(field('ok', $._type), optional(seq(',', field('err', $._type)))),
              seq('_', ',', field('err', $._type)),
            ),
            '>',
          ),
        ),
      ),

    tuple_type: ($) => seq('tuple', '<', commaList(field('element', $._type)), '>'),

    map_type: ($) => seq('map', '<', field('key', $._type), ',', field('value', $._type), '>'),

    handle_type: ($) =>
      seq(field('kind', choice('borrow', 'own')), '<', field('resource', $._name), '>'),

    future_type: ($) => seq('future', optional(seq('<', field('inner', $._type), '>'))),

    stream_type: ($) => seq('stream', optional(seq('<', field('inner', $._type), '>'))),

    // ----------------------------------------------------------------------------------------
    // Tokens

    _name: ($) => $.identifier,

    // Loose on purpose (see the header): `%` escapes a keyword; the syntax layer checks kebab-case.
    identifier: (_) => /%|%?[\p{XID_Start}_][\p{XID_Continue}\-]*/,

    // Semver; a `.` belongs to the version only between identifiers, so that in
    // `use a:b/c@1.0.0-rc.{x}` the `.{` is left to the `use`, as in wit-parser.
    version: (_) => /[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z\-]*(\.[0-9A-Za-z\-]+)*)?(\+[0-9A-Za-z\-]*(\.[0-9A-Za-z\-]+)*)?/,

    integer: (_) => /[0-9]+/,

    string: (_) => /"([^"\\\n]|\\.)*"/,

    line_comment: (_) => token(seq('//', /[^\n]*/)),
  },
});
