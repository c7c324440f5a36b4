// Shared set-up for the WASI host tests: a policy builder, a host over a test memory, temp dirs.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AccessRecord, Policy, Preopen } from '../../../debug-adapter/src/wasi/api';
import { createWasiHost, memoryWriter, bytesReader, type WasiHost, type WasiHostOptions } from '../../../debug-adapter/src/wasi/index';
import { TestMemory } from './testMemory';

export function makePolicy(overrides: Partial<Policy> = {}): Policy {
  return {
    args: ['prog'],
    env: {},
    preopens: [],
    stdin: { kind: 'none' },
    allow: { clock: true, random: true, sockets: false, exit: true },
    limits: { maxOpenFds: 64 },
    ...overrides,
  };
}

export function tempDir(prefix = 'wasi-host-'): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

export interface Harness {
  readonly host: WasiHost;
  readonly mem: TestMemory;
  readonly stdout: ReturnType<typeof memoryWriter>;
  readonly stderr: ReturnType<typeof memoryWriter>;
  readonly records: AccessRecord[];
  /** Calls an import by name. */
  call(name: string, ...args: (number | bigint)[]): number;
}

export function harness(policy: Policy, extra: Partial<WasiHostOptions> & { stdinText?: string; pages?: number; maxPages?: number } = {}): Harness {
  const stdout = memoryWriter();
  const stderr = memoryWriter();
  const records: AccessRecord[] = [];
  const host = createWasiHost({
    policy,
    stdio: { stdin: bytesReader(new TextEncoder().encode(extra.stdinText ?? '')), stdout, stderr },
    onRecord: (r) => records.push(r),
    ...extra,
  });
  const mem = new TestMemory(extra.pages ?? 1, extra.maxPages);
  host.attachMemory(mem.memory);
  const imports = host.imports.wasi_snapshot_preview1 as Record<string, (...a: (number | bigint)[]) => number>;
  return {
    host, mem, stdout, stderr, records,
    call(name, ...args) {
      const fn = imports[name];
      if (fn === undefined) throw new Error(`no import ${name}`);
      return fn(...args);
    },
  };
}

export function preopen(host: string, guest: string, readonly = false): Preopen {
  return { host, guest, readonly };
}

/** Flushes the log and returns the records collected so far. */
export function flushed(h: Harness): AccessRecord[] {
  h.host.flush();
  return h.records;
}
