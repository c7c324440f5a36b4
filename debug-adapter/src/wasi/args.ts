// args_sizes_get / args_get. The arguments are encoded to UTF-8 once (HostContext.argBytes), so the
// sizes reported and the bytes written always agree, also for non-ASCII arguments.
import { Errno } from './defs';
import type { HostContext } from './context';

export function args_sizes_get(ctx: HostContext, argcPtr: number, bufSizePtr: number): number {
  writeStringListSizes(ctx, ctx.argBytes, argcPtr, bufSizePtr);
  ctx.log.io('args_sizes_get', 'args', 'argv', Errno.success, 0);
  return Errno.success;
}

export function args_get(ctx: HostContext, argvPtr: number, bufPtr: number): number {
  const size = writeStringList(ctx, ctx.argBytes, argvPtr, bufPtr);
  ctx.log.allow('args_get', 'args', 'argv', Errno.success, undefined, size);
  return Errno.success;
}

/** Writes the number of NUL-terminated strings and their total size in bytes (the `*_sizes_get` answer). */
export function writeStringListSizes(ctx: HostContext, items: readonly Uint8Array[], countPtr: number, bufSizePtr: number): void {
  ctx.mem.setU32(countPtr, items.length);
  ctx.mem.setU32(bufSizePtr, totalLength(items));
}

/**
 * Writes NUL-terminated strings to `bufPtr` and their addresses to the pointer array at `listPtr`;
 * returns the bytes written.
 */
export function writeStringList(ctx: HostContext, items: readonly Uint8Array[], listPtr: number, bufPtr: number): number {
  const total = totalLength(items);
  ctx.mem.check(listPtr, items.length * 4);
  const start = ctx.mem.check(bufPtr, total);
  let offset = start;
  for (let i = 0; i < items.length; i++) {
    ctx.mem.setU32(listPtr + i * 4, offset);
    ctx.mem.u8.set(items[i], offset);
    offset += items[i].length;
  }
  return total;
}

function totalLength(items: readonly Uint8Array[]): number {
  let total = 0;
  for (const item of items) total += item.length;
  return total;
}
