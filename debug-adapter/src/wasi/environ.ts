// environ_sizes_get / environ_get: only the variables the policy lists (after any inheritance the
// caller merged in). Each variable handed over is recorded by name.
import { Errno } from './defs';
import type { HostContext } from './context';
import { writeStringList, writeStringListSizes } from './args';

export function environ_sizes_get(ctx: HostContext, countPtr: number, bufSizePtr: number): number {
  writeStringListSizes(ctx, ctx.envBytes, countPtr, bufSizePtr);
  ctx.log.io('environ_sizes_get', 'env', 'environ', Errno.success, 0);
  return Errno.success;
}

export function environ_get(ctx: HostContext, environPtr: number, bufPtr: number): number {
  writeStringList(ctx, ctx.envBytes, environPtr, bufPtr);
  for (let i = 0; i < ctx.envNames.length; i++) {
    ctx.log.allow('environ_get', 'env', ctx.envNames[i], Errno.success, undefined, ctx.envBytes[i].length);
  }
  return Errno.success;
}
