import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'jsonc-parser';
import { TEMPLATES, generateProject, projectNames, type GeneratedProject, type TemplateId } from '../../../client/src/scaffold/templates';
import { listWasiConfigurations } from '../../../client/src/permissions/launchJson';

function file(project: GeneratedProject, path: string): string {
  const f = project.files.find((x) => x.path === path);
  assert.ok(f, `${path} is generated`);
  return f.content;
}

interface Task { label: string; type: string; command: string; args: string[]; problemMatcher: string[] }

test('names are valid WIT kebab identifiers and Rust module names', () => {
  assert.deepEqual(projectNames('My App'), { kebab: 'my-app', snake: 'my_app' });
  assert.deepEqual(projectNames('  2fast 4you!! '), { kebab: 'p2fast-p4you', snake: 'p2fast_p4you' });
  assert.deepEqual(projectNames('***'), { kebab: 'hello', snake: 'hello' });
});

test('the C template builds with the given clang and debugs main.wasm after the build task', () => {
  const p = generateProject('c', { name: 'demo', cToolchain: { compiler: 'clang-14', targetArgs: ['--target=wasm32-wasi', '--sysroot=/usr'], description: 'Debian clang-14' } });
  const tasks = parse(file(p, '.vscode/tasks.json')) as { tasks: Task[] };
  assert.equal(tasks.tasks[0]?.command, 'clang-14');
  assert.deepEqual(tasks.tasks[0]?.args, ['--target=wasm32-wasi', '--sysroot=/usr', '-g', '-O0', '-o', '${workspaceFolder}/main.wasm', '${workspaceFolder}/src/main.c']);
  const launch = listWasiConfigurations(file(p, '.vscode/launch.json'));
  assert.equal(launch.length, 1);
  const config = launch[0]!.config;
  assert.equal(config.program, '${workspaceFolder}/main.wasm');
  assert.equal(config.preLaunchTask, tasks.tasks[0]?.label);
  assert.deepEqual(config.preopens, [{ host: '${workspaceFolder}', guest: '/', readonly: true }]);
  assert.match(file(p, '.vscode/launch.json'), /^\/\/ F5 runs the "build" task/);
  const main = file(p, 'src/main.c');
  assert.match(main.split('\n')[p.breakpoint!.line - 1] ?? '', /total \+= i;/);
  assert.match(main, /fopen\("\/output.txt", "w"\)/, 'the demo makes one denied write for the access log');
});

test('the Rust template targets wasm32-wasip1 with a debug profile', () => {
  const p = generateProject('rust', { name: 'Rusty Demo' });
  assert.match(file(p, 'Cargo.toml'), /name = "rusty-demo"[\s\S]*\[profile.dev\]\ndebug = true\nopt-level = 0/);
  const tasks = parse(file(p, '.vscode/tasks.json')) as { tasks: Task[] };
  assert.deepEqual(tasks.tasks[0]?.args, ['build', '--target', 'wasm32-wasip1']);
  assert.equal(listWasiConfigurations(file(p, '.vscode/launch.json'))[0]?.config.program, '${workspaceFolder}/target/wasm32-wasip1/debug/rusty-demo.wasm');
  assert.match(file(p, 'src/main.rs').split('\n')[p.breakpoint!.line - 1] ?? '', /total \+= i;/);
});

test('the WIT component has a world, a deps/ package, a Rust guest and a debug driver', () => {
  const p = generateProject('witComponent', { name: 'greeter app' });
  assert.match(file(p, 'wit/world.wit'), /^package example:greeter-app@0\.1\.0;/);
  assert.match(file(p, 'wit/world.wit'), /world greeter-app \{/);
  assert.match(file(p, 'wit/deps/logging/log.wit'), /^package example:logging@0\.1\.0;/);
  assert.match(file(p, 'src/lib.rs'), /use exports::example::greeter_app::greeter::Guest;/);
  assert.match(file(p, 'src/lib.rs'), /world: "greeter-app"/);
  const tasks = parse(file(p, '.vscode/tasks.json')) as { tasks: Task[] };
  assert.deepEqual(tasks.tasks.map((t) => t.label), ['build', 'build component', 'check WIT']);
  assert.deepEqual(tasks.tasks[2], { label: 'check WIT', type: 'wasi-studio', command: 'check', args: ['${workspaceFolder}/wit'], problemMatcher: ['$wasi-studio'] });
  assert.equal(p.breakpoint?.path, 'src/greeting.rs');
});

test('the WIT-only package has a check task and no launch configuration', () => {
  const p = generateProject('witPackage', { name: 'types' });
  assert.deepEqual(p.files.map((f) => f.path).sort(), ['.vscode/tasks.json', 'README.md', 'wit/deps/logging/log.wit', 'wit/world.wit']);
  assert.equal(p.breakpoint, undefined);
});

test('every template lists its files once, with relative paths and parseable JSON', () => {
  for (const t of TEMPLATES) {
    const p = generateProject(t.id, { name: 'x' });
    const paths = p.files.map((f) => f.path);
    assert.equal(new Set(paths).size, paths.length, t.id);
    assert.ok(paths.includes(p.openFile), t.id);
    for (const f of p.files) {
      assert.ok(!f.path.startsWith('/') && !f.path.includes('..'), f.path);
      if (f.path.endsWith('.json')) {
        const errors: unknown[] = [];
        parse(f.content, errors as never);
        assert.deepEqual(errors, [], `${t.id} ${f.path}`);
      }
    }
  }
});

interface JcoTranspile { $init: Promise<void>; generateTypes(name: string, options: unknown): unknown }

test('the WIT of both WIT templates is accepted by the reference wit-parser (jco)', async () => {
  const shim = (await import('@bytecodealliance/preview2-shim/filesystem')) as unknown as { _setPreopens(map: Record<string, string>): void };
  shim._setPreopens({ '/': '/' });
  const jco = (await import('@bytecodealliance/jco-transpile/component')) as unknown as JcoTranspile;
  await jco.$init;
  const dir = mkdtempSync(join(tmpdir(), 'wasi-studio-templates-'));
  try {
    for (const id of ['witComponent', 'witPackage'] as TemplateId[]) {
      for (const f of generateProject(id, { name: 'hello world' }).files) {
        const path = join(dir, id, f.path);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, f.content);
      }
      assert.doesNotThrow(() => jco.generateTypes('x', { wit: { tag: 'path', val: join(dir, id, 'wit') }, features: { tag: 'list', val: [] } }), id);
    }
    // The oracle is not vacuous: a broken reference is rejected.
    writeFileSync(join(dir, 'witPackage', 'wit', 'broken.wit'), 'package example:hello-world@0.1.0;\ninterface b { f: func() -> nope; }\n');
    assert.throws(() => jco.generateTypes('x', { wit: { tag: 'path', val: join(dir, 'witPackage', 'wit') }, features: { tag: 'list', val: [] } }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
