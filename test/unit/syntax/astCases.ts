// WIT snippets covering every construct of the grammar, for the AST shape tests.
// Each case: [name, WIT source]. The expected summaries live in ast.test.ts.

export const AST_CASES: readonly (readonly [string, string])[] = [
  ['package declaration with version', 'package wasi:io@0.2.0-rc.1+build.5;'],
  ['package without version', 'package a:b;\ninterface i {}'],
  ['top-level use', 'package a:b;\nuse wasi:io/streams@0.2.0 as s;\nuse local-iface;'],
  ['nested package blocks', 'package a:b;\npackage c:d@1.0.0 {\n  interface i {}\n  world w {}\n  use e:f/g;\n}\npackage e:f { interface j {} }'],
  ['every primitive type', 'package a:b;\ninterface i {\n  type t1 = bool; type t2 = u8; type t3 = u16; type t4 = u32; type t5 = u64;\n  type t6 = s8; type t7 = s16; type t8 = s32; type t9 = s64; type t10 = f32; type t11 = f64;\n  type t12 = char; type t13 = string; type t14 = error-context;\n}'],
  ['compound types', 'package a:b;\ninterface i {\n  type a = tuple<u8, string,>;\n  type e = tuple<>;\n  type b = list<u8>;\n  type c = list<list<u8, 4>>;\n  type d = option<my-type>;\n  type m = map<string, list<u32>>;\n}'],
  ['result in all four forms', 'package a:b;\ninterface i {\n  type a = result;\n  type b = result<u32>;\n  type c = result<_, string>;\n  type d = result<u32, string>;\n}'],
  ['handles, futures and streams', 'package a:b;\ninterface i {\n  resource r;\n  type a = own<r>;\n  type b = borrow<r>;\n  type c = future;\n  type d = future<u8>;\n  type e = stream;\n  type f = stream<result<_, r>>;\n}'],
  ['records, variants, enums, flags with trailing commas', 'package a:b;\ninterface i {\n  record point { x: s32, y: s32, }\n  record empty {}\n  variant shape { circle(f64), none, square(tuple<f32, f32>), }\n  enum color { red, green, blue, }\n  flags perms { read, write, }\n}'],
  ['functions', 'package a:b;\ninterface i {\n  f: func();\n  g: func(a: u32, b: string,) -> bool;\n  h: async func(x: list<u8>) -> result<_, error-context>;\n}'],
  ['resources', 'package a:b;\ninterface i {\n  resource empty;\n  resource blob {\n    constructor(init: list<u8>);\n  }\n  resource file {\n    constructor(path: string) -> result<file, string>;\n    read: func(n: u32) -> list<u8>;\n    poll: async func();\n    open: static func(p: string) -> file;\n    wait: static async func();\n  }\n}'],
  ['use in an interface', 'package a:b;\ninterface i {\n  use types.{a, b as c,};\n  use wasi:io/streams@0.2.0.{input-stream};\n  use wasi:tls/types@0.2.0-draft.{client};\n  use other.{};\n}'],
  ['worlds', 'package a:b;\nworld w {\n  import log: func(msg: string);\n  export run: async func() -> u32;\n  import types;\n  import wasi:io/streams@0.2.0;\n  import primary: store;\n  export handler: wasi:http/handler;\n  export api: interface {\n    get: func() -> string;\n    use types.{t};\n  }\n  include base;\n  include wasi:cli/imports@0.2.0 with { env as environment, exit as quit, }\n  use types.{t};\n  type alias = list<t>;\n  record r { a: u8 }\n}'],
  ['gates', 'package a:b@1.0.0;\n@since(version = 1.0.0)\ninterface i {\n  @unstable(feature = fancy-feature)\n  f: func();\n  @since(version = 0.9.0)\n  @deprecated(version = 1.0.0)\n  type t = u8;\n  resource r {\n    @since(version = 1.0.0)\n    constructor();\n    @external-id("r.m")\n    m: func();\n  }\n}\nworld w {\n  @external-id("https://esm.example/slugify@1.6.6")\n  import slugify: func(text: string) -> string;\n}'],
  ['doc comments', 'package a:b;\n/// First line.\n///   Second line.\ninterface i {\n  /** Block doc. */\n  f: func();\n  // Not a doc comment.\n  g: func();\n  /// Doc of h.\n  // plain\n  h: func();\n}\n/**\n * Multi-line block.\n */\nworld w {}'],
  ['escaped keywords and comments', 'package a:b;\n/* outer /* nested */ still a comment */\ninterface %interface {\n  %type: func(%func: %list) -> %result;\n  record %record { %enum: u8 }\n}'],
];
