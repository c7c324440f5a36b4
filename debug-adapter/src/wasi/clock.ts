// clock_res_get / clock_time_get. An unknown clock id is `inval`; a policy without the clock
// capability answers `notcapable` and records the denial. Nothing is ever faked.
import { Errno } from './defs';
import type { HostContext } from './context';
import { checkSwitch } from './policy';

export const CLOCK_NAMES = ['realtime', 'monotonic', 'process_cputime_id', 'thread_cputime_id'];

export function clockName(id: number): string {
  return CLOCK_NAMES[id] ?? `clock${id >>> 0}`;
}

export function clock_res_get(ctx: HostContext, id: number, resPtr: number): number {
  const off = checkSwitch(ctx.policy, 'clock');
  if (off !== undefined) return ctx.denyOn('clock_res_get', 'clock', clockName(id), off.errno, off.reason);
  const res = ctx.clock.resolution(id);
  if (res === undefined) {
    ctx.log.io('clock_res_get', 'clock', clockName(id), Errno.inval, 0);
    return Errno.inval;
  }
  ctx.mem.setU64(resPtr, res);
  ctx.log.io('clock_res_get', 'clock', clockName(id), Errno.success, 0);
  return Errno.success;
}

export function clock_time_get(ctx: HostContext, id: number, _precision: bigint, timePtr: number): number {
  const off = checkSwitch(ctx.policy, 'clock');
  if (off !== undefined) return ctx.denyOn('clock_time_get', 'clock', clockName(id), off.errno, off.reason);
  ctx.mem.check(timePtr, 8);
  const now = ctx.clock.now(id);
  if (now === undefined) {
    ctx.log.io('clock_time_get', 'clock', clockName(id), Errno.inval, 0);
    return Errno.inval;
  }
  ctx.mem.setU64(timePtr, now);
  ctx.log.io('clock_time_get', 'clock', clockName(id), Errno.success, 0);
  return Errno.success;
}
