// poll_oneoff: clock subscriptions (relative or absolute) and fd readiness. Regular files and output
// streams are always ready; stdin readiness comes from its InputReader; sockets ask their backend.
// Without a ready fd the call waits until the earliest clock deadline or an fd becomes ready:
// - only clocks: one sleep to the deadline (in slices when a wall-clock limit must be checked);
// - fds whose sources share a wake cell (wait.ts: a --listen listener and its connections):
//   Atomics.wait on that cell, so the call returns as soon as something arrives;
// - otherwise the fds are re-checked at short, growing intervals: Node has no poll(2), so a
//   descriptor's readiness can only be learnt by trying it (see stdio.ts for inherited stdin).
// Elapsed time is read from the monotonic clock rather than summed from sleeps, so many short waits
// do not add up to a late deadline. A virtual clock (deterministic mode) is only advanced, never slept on.
import type { HostContext } from './context';
import { checkSwitch } from './policy';
import { Clockid, Errno, Eventrwflags, Eventtype, Layout, Rights, Subclockflags } from './defs';
import { FileFd, OutputFd, StdinFd } from './fdKinds';
import { clockName } from './clock';
import { ConnectionFd } from './sock';
import { Blocker, type WakeCell, type Wakeable, wakeSeen } from './wait';
import * as fs from 'node:fs';

interface Sub {
  readonly userdata: bigint;
  readonly type: number;
  readonly fd: number;
  /** For clocks: nanoseconds from now until the deadline (<= 0: due). */
  readonly wait: bigint;
  readonly error: number;
}

export function poll_oneoff(ctx: HostContext, inPtr: number, outPtr: number, nsubs: number, neventsPtr: number): number {
  const n = nsubs >>> 0;
  if (n === 0) return Errno.inval;
  const mem = ctx.mem;
  const inBase = mem.check(inPtr, n * Layout.subscription.size);
  mem.check(outPtr, n * Layout.event.size);
  mem.check(neventsPtr, 4);
  const subs: Sub[] = [];
  for (let i = 0; i < n; i++) {
    const p = inBase + i * Layout.subscription.size;
    const userdata = mem.dv.getBigUint64(p + Layout.subscription.userdata, true);
    const type = mem.dv.getUint8(p + Layout.subscription.tag);
    if (type === Eventtype.clock) {
      const id = mem.dv.getUint32(p + Layout.subscription.clockId, true);
      const timeout = mem.dv.getBigUint64(p + Layout.subscription.clockTimeout, true);
      const flags = mem.dv.getUint16(p + Layout.subscription.clockFlags, true);
      const off = checkSwitch(ctx.policy, 'clock');
      if (off !== undefined) {
        ctx.log.deny('poll_oneoff', 'clock', clockName(id), off.errno, off.reason);
        subs.push({ userdata, type, fd: -1, wait: 0n, error: Errno.notcapable });
        continue;
      }
      let wait = timeout;
      if ((flags & Subclockflags.abstime) !== 0) {
        const now = ctx.clock.now(id);
        if (now === undefined) { subs.push({ userdata, type, fd: -1, wait: 0n, error: Errno.inval }); continue; }
        wait = timeout - now;
      } else if (ctx.clock.resolution(id) === undefined) {
        subs.push({ userdata, type, fd: -1, wait: 0n, error: Errno.inval });
        continue;
      }
      ctx.log.io('poll_oneoff', 'clock', clockName(id), Errno.success, 0);
      subs.push({ userdata, type, fd: -1, wait, error: 0 });
    } else if (type === Eventtype.fdRead || type === Eventtype.fdWrite) {
      const fd = mem.dv.getUint32(p + Layout.subscription.fdrwFd, true);
      const entry = ctx.fds.get(fd);
      let error = 0;
      if (entry === undefined) error = Errno.badf;
      else if ((entry.rightsBase & Rights.POLL_FD_READWRITE) === 0) {
        error = ctx.denyOn('poll_oneoff', entry.capability, entry.target, Errno.notcapable, 'descriptor lacks the right');
      }
      subs.push({ userdata, type, fd, wait: 0n, error });
    } else {
      subs.push({ userdata, type, fd: -1, wait: 0n, error: Errno.inval });
    }
  }

  // Time waited so far: summed virtual sleeps, or the monotonic clock's progress since waiting began.
  const virtual = ctx.policy.deterministic !== undefined;
  let slept = 0n;
  const startedAt = virtual ? 0n : ctx.clock.now(Clockid.monotonic) ?? 0n;
  let blocker: Blocker | undefined;
  const fdSubs = subs.filter((s) => s.type !== Eventtype.clock && s.error === 0);
  for (;;) {
    const elapsed = virtual ? slept : (ctx.clock.now(Clockid.monotonic) ?? startedAt) - startedAt;
    // Read before checking readiness, so a change in between ends the wait at once (wait.ts).
    const wake = commonWake(ctx, fdSubs);
    const seen = wakeSeen(wake);
    let count = 0;
    let earliest: bigint | undefined;
    for (const s of subs) {
      if (s.type === Eventtype.clock && s.error === 0) {
        const left = s.wait - elapsed;
        if (left <= 0n) count += writeEvent(ctx, outPtr, count, s, 0, 0n);
        else if (earliest === undefined || left < earliest) earliest = left;
      } else if (s.error !== 0) {
        count += writeEvent(ctx, outPtr, count, s, s.error, 0n);
      } else {
        const ready = readiness(ctx, s);
        if (ready !== undefined) {
          const entry = ctx.fds.get(s.fd);
          const hangup = s.type === Eventtype.fdRead && entry instanceof StdinFd && entry.atEnd();
          count += writeEvent(ctx, outPtr, count, s, 0, hangup ? 0n : ready, hangup ? Eventrwflags.hangup : 0);
        }
      }
    }
    if (count > 0) {
      mem.setU32(neventsPtr, count);
      return Errno.success;
    }
    if (virtual) {
      // Virtual time only moves when slept on: advance it to the deadline, or by a step while fds are pending.
      const step = fdSubs.length === 0 || earliest === undefined || earliest < VIRTUAL_FD_STEP_NS ? earliest : VIRTUAL_FD_STEP_NS;
      if (step === undefined) {
        blocker ??= new Blocker(ctx);
        blocker.pause(wake, seen);
      } else {
        ctx.log.flush();
        ctx.clock.sleep(step);
        slept += step;
        ctx.enter();
      }
      continue;
    }
    blocker ??= new Blocker(ctx);
    const maxMs = earliest === undefined ? Infinity : Number(earliest) / 1e6;
    if (fdSubs.length === 0) blocker.sleep(maxMs);
    else blocker.pause(wake, seen, maxMs);
  }
}

/** Virtual time advanced per re-check while fds are pending in deterministic mode. */
const VIRTUAL_FD_STEP_NS = 5_000_000n;

/**
 * The wake cell every pending fd's source shares (one listener and its connections share one, see
 * socketChannel.ts), or undefined when some fd has none or they differ: Atomics.wait watches one cell.
 */
function commonWake(ctx: HostContext, fdSubs: readonly Sub[]): WakeCell | undefined {
  let common: WakeCell | undefined;
  for (const s of fdSubs) {
    const wake = (ctx.fds.get(s.fd) as Partial<Wakeable> | undefined)?.wake;
    if (wake === undefined) return undefined;
    if (common !== undefined && (wake.cell !== common.cell || wake.index !== common.index)) return undefined;
    common = wake;
  }
  return common;
}

/** Bytes available for a ready fd subscription, or undefined when not ready. */
function readiness(ctx: HostContext, s: Sub): bigint | undefined {
  const entry = ctx.fds.get(s.fd);
  if (entry === undefined) return undefined;
  // Node cannot ask whether a socket's send buffer has room; a send that finds it full waits in sock.ts.
  if (s.type === Eventtype.fdWrite) return entry instanceof OutputFd || entry instanceof FileFd || entry instanceof ConnectionFd ? 0n : entry.readable() ? 0n : undefined;
  if (entry instanceof FileFd) {
    try {
      const size = fs.fstatSync(entry.hostFd).size;
      return BigInt(Math.max(0, size - entry.position));
    } catch {
      return 0n;
    }
  }
  return entry.readable() ? 1n : undefined;
}

function writeEvent(ctx: HostContext, outPtr: number, index: number, s: Sub, error: number, nbytes: bigint, flags = 0): number {
  const p = (outPtr >>> 0) + index * Layout.event.size;
  const dv = ctx.mem.dv;
  ctx.mem.u8.fill(0, p, p + Layout.event.size);
  dv.setBigUint64(p + Layout.event.userdata, s.userdata, true);
  dv.setUint16(p + Layout.event.error, error, true);
  dv.setUint8(p + Layout.event.type, s.type);
  if (s.type !== Eventtype.clock) {
    dv.setBigUint64(p + Layout.event.nbytes, nbytes, true);
    dv.setUint16(p + Layout.event.flags, flags, true);
  }
  return 1;
}
