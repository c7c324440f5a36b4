// poll_oneoff: clock subscriptions (relative or absolute) and fd readiness. Regular files and output
// streams are always ready; stdin readiness comes from its InputReader; sockets ask their backend.
// Without a ready fd the call sleeps until the earliest clock deadline, checking fds every few
// milliseconds meanwhile; a virtual clock (deterministic mode) just advances.
import type { HostContext } from './context';
import { checkSwitch } from './policy';
import { Errno, Eventrwflags, Eventtype, Layout, Rights, Subclockflags } from './defs';
import { FileFd, OutputFd, StdinFd } from './fdKinds';
import { clockName } from './clock';
import * as fs from 'node:fs';

interface Sub {
  readonly userdata: bigint;
  readonly type: number;
  readonly fd: number;
  /** For clocks: nanoseconds from now until the deadline (<= 0: due). */
  readonly wait: bigint;
  readonly error: number;
}

const FD_POLL_INTERVAL_MS = 5n;

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

  let slept = 0n;
  let flushed = false;
  for (;;) {
    let count = 0;
    let earliest: bigint | undefined;
    for (const s of subs) {
      if (s.type === Eventtype.clock && s.error === 0) {
        const left = s.wait - slept;
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
    // About to wait: hand pending access records to live viewers first.
    if (!flushed) {
      ctx.log.flush();
      flushed = true;
    }
    const hasFds = subs.some((s) => s.type !== Eventtype.clock);
    if (!hasFds && earliest !== undefined) {
      ctx.clock.sleep(earliest);
      slept += earliest;
      continue;
    }
    // Waiting on fds: poll them at a short interval until one is ready or the earliest clock is due.
    const step = earliest === undefined || earliest > FD_POLL_INTERVAL_MS * 1_000_000n ? FD_POLL_INTERVAL_MS * 1_000_000n : earliest;
    ctx.enter();
    ctx.clock.sleep(step);
    slept += step;
  }
}

/** Bytes available for a ready fd subscription, or undefined when not ready. */
function readiness(ctx: HostContext, s: Sub): bigint | undefined {
  const entry = ctx.fds.get(s.fd);
  if (entry === undefined) return undefined;
  if (s.type === Eventtype.fdWrite) return entry instanceof OutputFd || entry instanceof FileFd ? 0n : entry.readable() ? 0n : undefined;
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
