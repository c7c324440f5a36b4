// The client's package.json contributions against the code: every command the code registers is
// contributed and vice versa, menus and views refer to things that exist, walkthrough media exist,
// and the problem matchers parse the lines they are for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..', '..');

interface Pattern { regexp: string; file?: number; line?: number; column?: number; severity?: number; message?: number; code?: number }
interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    views: Record<string, { id: string }[]>;
    viewsWelcome: { view: string }[];
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    walkthroughs: { steps: { media: { markdown: string } }[] }[];
    problemMatchers: { name: string; pattern: Pattern | Pattern[] }[];
    taskDefinitions: { type: string }[];
    debuggers: { type: string; variables?: Record<string, string> }[];
  };
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const c = manifest.contributes;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : name.endsWith('.ts') ? [readFileSync(p, 'utf8')] : [];
  });
}

test('every registered wasi.* command is contributed, and every contributed one is registered', () => {
  const registered = new Set(sources(join(root, 'client', 'src')).flatMap((text) => [...text.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]!)));
  const contributed = new Set(c.commands.map((x) => x.command));
  assert.deepEqual([...registered].filter((x) => !contributed.has(x)).sort(), []);
  assert.deepEqual([...contributed].filter((x) => !registered.has(x)).sort(), []);
});

test('menus use contributed commands and existing views', () => {
  const commands = new Set(c.commands.map((x) => x.command));
  const views = new Set(Object.values(c.views).flat().map((v) => v.id));
  for (const [menu, items] of Object.entries(c.menus)) {
    for (const item of items) {
      assert.ok(commands.has(item.command), `${menu}: ${item.command} is contributed`);
      for (const m of (item.when ?? '').matchAll(/view == ([\w.]+)/g)) assert.ok(views.has(m[1]!), `${menu}: view ${m[1]} exists`);
    }
  }
  for (const w of c.viewsWelcome) assert.ok(views.has(w.view), `welcome content for ${w.view}`);
  assert.deepEqual(Object.keys(c.views).filter((k) => k !== 'explorer' && k !== 'debug'), c.viewsContainers.activitybar.map((a) => a.id));
});

test('icons, walkthrough media and the module picker variable exist', () => {
  for (const a of c.viewsContainers.activitybar) assert.ok(existsSync(join(root, a.icon)), a.icon);
  for (const step of c.walkthroughs.flatMap((w) => w.steps)) assert.ok(existsSync(join(root, step.media.markdown)), step.media.markdown);
  const wasi = c.debuggers.find((d) => d.type === 'wasi');
  assert.equal(wasi?.variables?.['pickModule'], 'wasi.pickModule');
  assert.ok(c.taskDefinitions.some((t) => t.type === 'wasi-studio'));
});

function match(name: string, lines: string[]): Record<string, string>[] {
  const matcher = c.problemMatchers.find((m) => m.name === name);
  assert.ok(matcher, `problem matcher ${name}`);
  const patterns = Array.isArray(matcher.pattern) ? matcher.pattern : [matcher.pattern];
  const results: Record<string, string>[] = [];
  for (let i = 0; i + patterns.length <= lines.length; i++) {
    const found: Record<string, string> = {};
    const ok = patterns.every((p, k) => {
      const m = new RegExp(p.regexp).exec(lines[i + k]!);
      if (!m) return false;
      for (const key of ['file', 'line', 'column', 'severity', 'message', 'code'] as const) {
        const group = p[key];
        if (group !== undefined && m[group] !== undefined) found[key] = m[group]!;
      }
      return true;
    });
    if (ok) results.push(found);
  }
  return results;
}

test('$wasi-studio reads `wasi-studio check` and clang diagnostics', () => {
  assert.deepEqual(match('wasi-studio', [
    'wit/world.wit:3:10: error: type `nope` does not exist',
    'src/main.c:7:5: warning: unused variable \'x\' [-Wunused-variable]',
    'checked 2 files',
  ]), [
    { file: 'wit/world.wit', line: '3', column: '10', severity: 'error', message: 'type `nope` does not exist' },
    { file: 'src/main.c', line: '7', column: '5', severity: 'warning', message: 'unused variable \'x\' [-Wunused-variable]' },
  ]);
});

test('$wasi-studio-rustc reads rustc\'s two-line diagnostics', () => {
  assert.deepEqual(match('wasi-studio-rustc', [
    'error[E0425]: cannot find value `y` in this scope',
    '  --> src/main.rs:4:13',
  ]), [{ severity: 'error', code: 'E0425', message: 'cannot find value `y` in this scope', file: 'src/main.rs', line: '4', column: '13' }]);
});
