// proc_exit unwinds through WasiExit (the only way out of a running module); proc_raise is not
// supported (`nosys`, as wasmtime does); sched_yield has nothing to yield to in a single-threaded host.
import { Errno } from './defs';
import type { HostContext } from './context';
import { WasiExit } from './errors';

export function proc_exit(ctx: HostContext, code: number): never {
  const exitCode = code >>> 0;
  if (ctx.policy.allow.exit) ctx.log.allow('proc_exit', 'process', `exit(${exitCode})`, Errno.success);
  else ctx.log.deny('proc_exit', 'process', `exit(${exitCode})`, Errno.notcapable, 'exit is not allowed by the policy; the module stops anyway');
  ctx.exitCode = exitCode;
  ctx.log.flush();
  throw new WasiExit(exitCode);
}

export function proc_raise(ctx: HostContext, signal: number): number {
  ctx.log.allow('proc_raise', 'process', `signal ${signal}`, Errno.nosys);
  return Errno.nosys;
}

export function sched_yield(_ctx: HostContext): number {
  return Errno.success;
}
