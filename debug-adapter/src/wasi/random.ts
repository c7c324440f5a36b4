// random_get: the system CSPRNG, or the seeded generator in deterministic mode.
import { Errno } from './defs';
import type { HostContext } from './context';
import { checkSwitch } from './policy';

export function random_get(ctx: HostContext, bufPtr: number, bufLen: number): number {
  const off = checkSwitch(ctx.policy, 'random');
  if (off !== undefined) return ctx.denyOn('random_get', 'random', 'random', off.errno, off.reason);
  const view = ctx.mem.bytes(bufPtr, bufLen);
  if (view.buffer instanceof ArrayBuffer) ctx.random.fill(view);
  else {
    // randomFillSync refuses views of a SharedArrayBuffer; fill a copy instead.
    const copy = new Uint8Array(view.length);
    ctx.random.fill(copy);
    view.set(copy);
  }
  ctx.log.io('random_get', 'random', 'random', Errno.success, bufLen >>> 0);
  return Errno.success;
}
