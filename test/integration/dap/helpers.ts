// Shared helpers for the DAP integration tests: start dist/debug-adapter.js with DebugClient, find
// fixture lines by their MARK comments, and wait for events without racing them.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

export const root = join(__dirname, '..', '..', '..', '..');
export const fixtureDir = join(root, 'test/fixtures/debug');
export const adapter = join(root, 'dist/debug-adapter.js');

export function wasm(name: string): string {
  return join(fixtureDir, 'build', name);
}

export function src(name: string): string {
  return join(fixtureDir, 'src', name);
}

/** 1-based line of the `MARK:<name>` comment in a fixture source. */
export function mark(file: string, name: string): number {
  const lines = readFileSync(src(file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(`MARK:${name}`));
  assert.ok(i >= 0, `marker ${name} in ${file}`);
  return i + 1;
}

/** A DebugClient that records every event, so a test can wait for one that already arrived. */
export class Client {
  readonly dc: DebugClient;
  private readonly seen: DebugProtocol.Event[] = [];
  private readonly waiters: { type: string; from: number; resolve: (e: DebugProtocol.Event) => void }[] = [];
  private consumed = new Map<string, number>();

  constructor() {
    this.dc = new DebugClient('node', adapter, 'wasi', { cwd: root });
    // Generous: the machine is shared; the tests wait for events, they do not time them.
    this.dc.defaultTimeout = 60_000;
    for (const type of ['stopped', 'continued', 'output', 'exited', 'terminated', 'initialized', 'wasiCapability']) {
      this.dc.on(type, (e: DebugProtocol.Event) => this.record(e));
    }
  }

  async start(): Promise<void> {
    await this.dc.start();
  }

  async stop(): Promise<void> {
    await this.dc.stop();
  }

  private record(e: DebugProtocol.Event): void {
    this.seen.push(e);
    for (const w of [...this.waiters]) {
      if (w.type === e.event) {
        const index = this.seen.indexOf(e);
        if (index >= w.from) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          this.consumed.set(w.type, index + 1);
          w.resolve(e);
        }
      }
    }
  }

  /** The next event of `type` not returned before (in arrival order). */
  next(type: string): Promise<DebugProtocol.Event> {
    const from = this.consumed.get(type) ?? 0;
    const index = this.seen.findIndex((e, i) => i >= from && e.event === type);
    if (index >= 0) {
      this.consumed.set(type, index + 1);
      return Promise.resolve(this.seen[index]);
    }
    const start = this.seen.length;
    return new Promise((resolve, reject) => {
      // A guard against hanging forever when the adapter never sends the event, not a timing check.
      const timer = setTimeout(() => reject(new Error(`no '${type}' event arrived; events so far: ${this.seen.map((e) => e.event).join(', ')}; output: ${this.output()}`)), 90_000);
      this.waiters.push({ type, from: Math.max(start, from), resolve: (e) => { clearTimeout(timer); resolve(e); } });
    });
  }

  events(type: string): DebugProtocol.Event[] {
    return this.seen.filter((e) => e.event === type);
  }

  output(category?: string): string {
    return this.events('output').filter((e) => !category || e.body.category === category).map((e) => e.body.output as string).join('');
  }

  /** Initialize, launch, set breakpoints, configurationDone; returns the breakpoint responses. */
  async launch(args: Record<string, unknown>, breakpoints: { path: string; lines: number[]; conditions?: (string | undefined)[]; hitConditions?: (string | undefined)[]; logMessages?: (string | undefined)[] }[] = [], functionBreakpoints: string[] = []): Promise<DebugProtocol.SetBreakpointsResponse[]> {
    await this.dc.initializeRequest({ adapterID: 'wasi', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsMemoryReferences: true });
    const launched = this.dc.launchRequest(args as DebugProtocol.LaunchRequestArguments);
    await this.next('initialized');
    const responses: DebugProtocol.SetBreakpointsResponse[] = [];
    for (const b of breakpoints) {
      responses.push(await this.dc.setBreakpointsRequest({
        source: { path: b.path },
        breakpoints: b.lines.map((line, i) => ({ line, condition: b.conditions?.[i], hitCondition: b.hitConditions?.[i], logMessage: b.logMessages?.[i] })),
      }));
    }
    if (functionBreakpoints.length > 0) await this.dc.setFunctionBreakpointsRequest({ breakpoints: functionBreakpoints.map((name) => ({ name })) });
    await this.dc.setExceptionBreakpointsRequest({ filters: ['traps'] });
    await launched;
    await this.dc.configurationDoneRequest();
    return responses;
  }

  /** Waits for the next stop and returns its reason and the top frame. */
  async stopped(): Promise<{ reason: string; text?: string; frame: DebugProtocol.StackFrame; frames: DebugProtocol.StackFrame[] }> {
    const e = await this.next('stopped');
    const st = await this.dc.stackTraceRequest({ threadId: 1 });
    return { reason: e.body.reason as string, text: e.body.text as string | undefined, frame: st.body.stackFrames[0], frames: st.body.stackFrames };
  }

  /** Variables of a scope of the top frame, by scope name, as name → value. */
  async scope(frameId: number, name: string): Promise<Map<string, DebugProtocol.Variable>> {
    const scopes = await this.dc.scopesRequest({ frameId });
    const scope = scopes.body.scopes.find((s) => s.name === name);
    assert.ok(scope, `scope ${name} in ${scopes.body.scopes.map((s) => s.name).join(', ')}`);
    return this.children(scope.variablesReference);
  }

  async children(ref: number): Promise<Map<string, DebugProtocol.Variable>> {
    const vars = await this.dc.variablesRequest({ variablesReference: ref });
    return new Map(vars.body.variables.map((v) => [v.name, v]));
  }
}

/** Runs `body` with a started Client and stops the client afterwards, whether the body passed or threw. */
export async function withClient(body: (c: Client) => Promise<void>): Promise<void> {
  const c = new Client();
  await c.start();
  try {
    await body(c);
  } finally {
    await c.stop();
  }
}
