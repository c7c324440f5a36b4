// "WASI: New Project…" templates as data: each returns the files of a buildable, debuggable project.
// Pure; no `vscode` import and no IO, so tests can build and inspect every template.
import { DEFAULT_C_TOOLCHAIN, type CToolchain } from './toolchain';

export type TemplateId = 'c' | 'rust' | 'witComponent' | 'witPackage';

export interface TemplateInfo {
  readonly id: TemplateId;
  readonly label: string;
  readonly detail: string;
}

export const TEMPLATES: readonly TemplateInfo[] = [
  { id: 'c', label: 'C', detail: 'clang + wasi-libc, built with -g -O0; F5 builds and debugs' },
  { id: 'rust', label: 'Rust', detail: 'cargo, target wasm32-wasip1, debug profile; F5 builds and debugs' },
  { id: 'witComponent', label: 'WIT component', detail: 'a wit/ package with a world and deps/, plus a Rust guest skeleton' },
  { id: 'witPackage', label: 'WIT package only', detail: 'a wit/ package with deps/, checked by wasi-studio check' },
];

export interface GeneratedFile {
  /** Path relative to the project folder, with `/` separators. */
  readonly path: string;
  readonly content: string;
}

export interface TemplateOptions {
  /** Project name as the user typed it; normalised per language. */
  readonly name: string;
  /** C only: the compiler found on this machine (the Debian clang-14 route when none was). */
  readonly cToolchain?: CToolchain;
}

export interface GeneratedProject {
  readonly files: readonly GeneratedFile[];
  /** File to open after creation, relative to the project folder. */
  readonly openFile: string;
  /** File and 1-based line where the walkthrough suggests the first breakpoint, when debuggable. */
  readonly breakpoint?: { readonly path: string; readonly line: number };
}

export function generateProject(id: TemplateId, options: TemplateOptions): GeneratedProject {
  const names = projectNames(options.name);
  switch (id) {
    case 'c': return cProject(names, options.cToolchain ?? DEFAULT_C_TOOLCHAIN);
    case 'rust': return rustProject(names);
    case 'witComponent': return witComponentProject(names);
    case 'witPackage': return witPackageProject(names);
  }
}

export interface ProjectNames {
  /** kebab-case, valid as a WIT identifier and a cargo package name. */
  readonly kebab: string;
  /** snake_case, valid as a Rust module name. */
  readonly snake: string;
}

/** Turns any user text into names valid in WIT (kebab words starting with a letter) and Rust. */
export function projectNames(raw: string): ProjectNames {
  const words = raw.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 0).map((w) => (/^[a-z]/.test(w) ? w : `p${w}`));
  const list = words.length > 0 ? words : ['hello'];
  return { kebab: list.join('-'), snake: list.join('_') };
}

/** Marks the line the walkthrough puts the first breakpoint on. */
const BREAKPOINT_MARKER = 'set a breakpoint here';

const LAUNCH_HEADER = [
  '// F5 runs the "build" task, then debugs the module in the WASI Studio sandbox.',
  '// The module sees only what is granted here: edit it in the WASI view\'s Permissions panel.',
];

function cProject(names: ProjectNames, toolchain: CToolchain): GeneratedProject {
  const main = [
    '#include <stdio.h>',
    '',
    '// Sums 1..n; step through it with F10 and watch `total` change.',
    'static int sum_to(int n) {',
    '    int total = 0;',
    '    for (int i = 1; i <= n; i++) {',
    `        total += i; // ${BREAKPOINT_MARKER}`,
    '    }',
    '    return total;',
    '}',
    '',
    'int main(int argc, char **argv) {',
    '    printf("Hello from WASI! sum_to(10) = %d\\n", sum_to(10));',
    '',
    '    // The workspace is preopened read-only as "/", so reading works...',
    '    FILE *readme = fopen("/README.md", "r");',
    '    if (readme != NULL) {',
    '        char line[128];',
    '        if (fgets(line, sizeof line, readme) != NULL) printf("README starts with: %s", line);',
    '        fclose(readme);',
    '    }',
    '',
    '    // ...and writing is denied: the capability-access log shows this call in red.',
    '    FILE *out = fopen("/output.txt", "w");',
    '    if (out == NULL) perror("fopen /output.txt");',
    '    else fclose(out);',
    '    return 0;',
    '}',
    '',
  ].join('\n');
  const program = '${workspaceFolder}/main.wasm';
  const tasks = {
    version: '2.0.0',
    tasks: [{
      label: 'build',
      type: 'process',
      command: toolchain.compiler,
      args: [...toolchain.targetArgs, '-g', '-O0', '-o', program, '${workspaceFolder}/src/main.c'],
      group: { kind: 'build', isDefault: true },
      problemMatcher: ['$wasi-studio'],
    }],
  };
  return {
    files: [
      { path: 'src/main.c', content: main },
      { path: '.vscode/tasks.json', content: json(tasks) },
      { path: '.vscode/launch.json', content: launchJson(names.kebab, program) },
      { path: '.gitignore', content: '*.wasm\n' },
      { path: 'README.md', content: readme(names.kebab, [
        `A WASI command written in C, built by ${toolchain.description}:`,
        '',
        '```sh',
        `${toolchain.compiler} ${toolchain.targetArgs.join(' ')} -g -O0 -o main.wasm src/main.c`,
        '```',
        '',
        'Press F5 to build and debug it; the capability-access log shows every file it touches.',
      ]) },
    ],
    openFile: 'src/main.c',
    breakpoint: { path: 'src/main.c', line: lineOf(main, BREAKPOINT_MARKER) },
  };
}

function rustMain(): string {
  return [
    'use std::fs;',
    '',
    '/// Sums 1..=n; step through it with F10 and watch `total` change.',
    'fn sum_to(n: u32) -> u32 {',
    '    let mut total = 0;',
    '    for i in 1..=n {',
    `        total += i; // ${BREAKPOINT_MARKER}`,
    '    }',
    '    total',
    '}',
    '',
    'fn main() {',
    '    println!("Hello from WASI! sum_to(10) = {}", sum_to(10));',
    '',
    '    // The workspace is preopened read-only as "/", so reading works...',
    '    match fs::read_to_string("/Cargo.toml") {',
    '        Ok(text) => println!("Cargo.toml has {} lines", text.lines().count()),',
    '        Err(e) => eprintln!("read /Cargo.toml: {e}"),',
    '    }',
    '    // ...and writing is denied: the capability-access log shows this call in red.',
    '    if let Err(e) = fs::write("/output.txt", "hi") {',
    '        eprintln!("write /output.txt: {e}");',
    '    }',
    '}',
    '',
  ].join('\n');
}

function cargoToml(names: ProjectNames, extra: readonly string[]): string {
  return [
    '[package]',
    `name = "${names.kebab}"`,
    'version = "0.1.0"',
    'edition = "2021"',
    '',
    ...extra,
    '# Full debug info and no optimisation, so breakpoints and variables map to the source.',
    '[profile.dev]',
    'debug = true',
    'opt-level = 0',
    '',
  ].join('\n');
}

function rustProject(names: ProjectNames): GeneratedProject {
  const main = rustMain();
  const program = `\${workspaceFolder}/target/wasm32-wasip1/debug/${names.kebab}.wasm`;
  const tasks = {
    version: '2.0.0',
    tasks: [{
      label: 'build',
      type: 'process',
      command: 'cargo',
      args: ['build', '--target', 'wasm32-wasip1'],
      options: { cwd: '${workspaceFolder}' },
      group: { kind: 'build', isDefault: true },
      problemMatcher: ['$wasi-studio-rustc'],
    }],
  };
  return {
    files: [
      { path: 'Cargo.toml', content: cargoToml(names, []) },
      { path: 'src/main.rs', content: main },
      { path: '.vscode/tasks.json', content: json(tasks) },
      { path: '.vscode/launch.json', content: launchJson(names.kebab, program) },
      { path: '.gitignore', content: '/target\n' },
      { path: 'README.md', content: readme(names.kebab, [
        'A WASI command written in Rust:',
        '',
        '```sh',
        'cargo build --target wasm32-wasip1',
        '```',
        '',
        'Press F5 to build and debug it; the capability-access log shows every file it touches.',
      ]) },
    ],
    openFile: 'src/main.rs',
    breakpoint: { path: 'src/main.rs', line: lineOf(main, BREAKPOINT_MARKER) },
  };
}

/** The dependency package both WIT templates put under wit/deps/. */
function loggingDependency(): GeneratedFile {
  return {
    path: 'wit/deps/logging/log.wit',
    content: [
      'package example:logging@0.1.0;',
      '',
      '/// Structured logging provided by the host.',
      'interface log {',
      '    enum level { debug, info, warn, error }',
      '',
      '    log: func(level: level, message: string);',
      '}',
      '',
    ].join('\n'),
  };
}

function worldWit(names: ProjectNames): string {
  return [
    `package example:${names.kebab}@0.1.0;`,
    '',
    '/// Greets people. The guest exports it; hosts call it.',
    'interface greeter {',
    '    use example:logging/log@0.1.0.{level};',
    '',
    '    /// The log level the guest reports greetings at.',
    '    greeting-level: func() -> level;',
    '    greet: func(name: string) -> string;',
    '}',
    '',
    `world ${names.kebab} {`,
    '    import example:logging/log@0.1.0;',
    '    export greeter;',
    '}',
    '',
  ].join('\n');
}

function checkTask(): Record<string, unknown> {
  return {
    label: 'check WIT',
    type: 'wasi-studio',
    command: 'check',
    args: ['${workspaceFolder}/wit'],
    problemMatcher: ['$wasi-studio'],
  };
}

function witComponentProject(names: ProjectNames): GeneratedProject {
  const greeting = [
    '/// The component\'s logic, shared by the component export (lib.rs) and the debug driver (main.rs),',
    '/// so it can be stepped through as a plain WASI command.',
    'pub fn greeting(name: &str) -> String {',
    '    let trimmed = name.trim();',
    `    let who = if trimmed.is_empty() { "world" } else { trimmed }; // ${BREAKPOINT_MARKER}`,
    '    format!("Hello, {who}!")',
    '}',
    '',
  ].join('\n');
  const lib = [
    '// The component: bindings generated from wit/ by wit-bindgen, implemented with the shared logic.',
    `wit_bindgen::generate!({ world: "${names.kebab}", path: "wit" });`,
    '',
    'mod greeting;',
    '',
    `use exports::example::${names.snake}::greeter::Guest;`,
    'use example::logging::log::{log, Level};',
    '',
    'struct Component;',
    '',
    'impl Guest for Component {',
    '    fn greeting_level() -> Level {',
    '        Level::Info',
    '    }',
    '',
    '    fn greet(name: String) -> String {',
    '        let text = greeting::greeting(&name);',
    '        log(Self::greeting_level(), &text);',
    '        text',
    '    }',
    '}',
    '',
    'export!(Component);',
    '',
  ].join('\n');
  const main = [
    '// A WASI command around the component\'s logic: F5 debugs this, with breakpoints in greeting.rs.',
    'mod greeting;',
    '',
    'fn main() {',
    '    let name = std::env::args().nth(1).unwrap_or_default();',
    '    println!("{}", greeting::greeting(&name));',
    '}',
    '',
  ].join('\n');
  const program = `\${workspaceFolder}/target/wasm32-wasip1/debug/${names.kebab}.wasm`;
  const tasks = {
    version: '2.0.0',
    tasks: [
      {
        label: 'build',
        type: 'process',
        command: 'cargo',
        args: ['build', '--target', 'wasm32-wasip1', '--bin', names.kebab],
        options: { cwd: '${workspaceFolder}' },
        group: { kind: 'build', isDefault: true },
        problemMatcher: ['$wasi-studio-rustc'],
      },
      {
        label: 'build component',
        type: 'process',
        command: 'cargo',
        args: ['build', '--target', 'wasm32-wasip2', '--lib'],
        options: { cwd: '${workspaceFolder}' },
        group: 'build',
        problemMatcher: ['$wasi-studio-rustc'],
      },
      checkTask(),
    ],
  };
  return {
    files: [
      { path: 'wit/world.wit', content: worldWit(names) },
      loggingDependency(),
      { path: 'Cargo.toml', content: cargoToml(names, [
        '[lib]',
        'crate-type = ["cdylib"]',
        '',
        '[[bin]]',
        `name = "${names.kebab}"`,
        'path = "src/main.rs"',
        '',
        '[dependencies]',
        'wit-bindgen = "0.41"',
        '',
      ]) },
      { path: 'src/lib.rs', content: lib },
      { path: 'src/greeting.rs', content: greeting },
      { path: 'src/main.rs', content: main },
      { path: '.vscode/tasks.json', content: json(tasks) },
      { path: '.vscode/launch.json', content: launchJson(names.kebab, program) },
      { path: '.gitignore', content: '/target\n' },
      { path: 'README.md', content: readme(names.kebab, [
        'A WebAssembly component: the world is in `wit/world.wit`, its dependency in `wit/deps/`.',
        '',
        '- `cargo build --target wasm32-wasip2 --lib` builds the component (task "build component").',
        '- `cargo build --target wasm32-wasip1 --bin ' + names.kebab + '` builds a WASI command around the same logic; F5 debugs it.',
        '- `wasi-studio check wit` checks the WIT package (task "check WIT").',
      ]) },
    ],
    openFile: 'wit/world.wit',
    breakpoint: { path: 'src/greeting.rs', line: lineOf(greeting, BREAKPOINT_MARKER) },
  };
}

function witPackageProject(names: ProjectNames): GeneratedProject {
  const tasks = { version: '2.0.0', tasks: [{ ...checkTask(), group: { kind: 'build', isDefault: true } }] };
  return {
    // A WIT package has nothing to run, so it gets a check task and no launch configuration.
    files: [
      { path: 'wit/world.wit', content: worldWit(names) },
      loggingDependency(),
      { path: '.vscode/tasks.json', content: json(tasks) },
      { path: 'README.md', content: readme(names.kebab, [
        'A WIT package: interfaces and a world in `wit/world.wit`, dependencies in `wit/deps/`.',
        '',
        'Run the "check WIT" build task (Ctrl+Shift+B) or `wasi-studio check wit`.',
      ]) },
    ],
    openFile: 'wit/world.wit',
  };
}

function launchJson(name: string, program: string): string {
  const body = json({
    version: '0.2.0',
    configurations: [{
      type: 'wasi',
      request: 'launch',
      name: `Debug ${name}`,
      program,
      args: [],
      env: {},
      preopens: [{ host: '${workspaceFolder}', guest: '/', readonly: true }],
      preLaunchTask: 'build',
    }],
  });
  return `${LAUNCH_HEADER.join('\n')}\n${body}`;
}

function readme(name: string, lines: readonly string[]): string {
  return [`# ${name}`, '', ...lines, ''].join('\n');
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

function lineOf(text: string, marker: string): number {
  return text.split('\n').findIndex((l) => l.includes(marker)) + 1;
}
