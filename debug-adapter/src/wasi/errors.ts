// The only exceptions that cross a WASI call: WasiExit (proc_exit unwinds the module) and
// WasiLimitExceeded (a resource limit stops the module). Everything else a handler meets on the host
// is turned into an errno value by `hostErrno`, or rethrown with the call's name if it is a host bug.
import { Errno } from './defs';

/** Thrown by proc_exit; `start()` catches it and returns the code. */
export class WasiExit extends Error {
  constructor(readonly code: number) {
    super(`WASI module exited with code ${code}`);
    this.name = 'WasiExit';
  }
}

export type LimitKind = 'memory' | 'timeout' | 'fds';

/** Thrown when the module goes over a resource limit; the module stops, the host keeps running. */
export class WasiLimitExceeded extends Error {
  constructor(readonly limit: LimitKind, readonly detail: string) {
    super(`WASI module stopped: ${detail}`);
    this.name = 'WasiLimitExceeded';
  }
}

/** A host-side failure that is not a file-system errno: a bug, reported with the call that met it. */
export class WasiHostError extends Error {
  constructor(readonly call: string, override readonly cause: unknown) {
    super(`internal error in WASI host during ${call}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'WasiHostError';
  }
}

const CODE_TO_ERRNO: Record<string, number> = {
  E2BIG: Errno.toobig, EACCES: Errno.acces, EADDRINUSE: Errno.addrinuse, EADDRNOTAVAIL: Errno.addrnotavail,
  EAFNOSUPPORT: Errno.afnosupport, EAGAIN: Errno.again, EWOULDBLOCK: Errno.again, EALREADY: Errno.already,
  EBADF: Errno.badf, EBUSY: Errno.busy, ECANCELED: Errno.canceled, ECONNABORTED: Errno.connaborted,
  ECONNREFUSED: Errno.connrefused, ECONNRESET: Errno.connreset, EDQUOT: Errno.dquot, EEXIST: Errno.exist,
  EFAULT: Errno.fault, EFBIG: Errno.fbig, EHOSTUNREACH: Errno.hostunreach, EILSEQ: Errno.ilseq,
  EINTR: Errno.intr, EINVAL: Errno.inval, EIO: Errno.io, EISCONN: Errno.isconn, EISDIR: Errno.isdir,
  ELOOP: Errno.loop, EMFILE: Errno.mfile, EMLINK: Errno.mlink, EMSGSIZE: Errno.msgsize,
  ENAMETOOLONG: Errno.nametoolong, ENETDOWN: Errno.netdown, ENETUNREACH: Errno.netunreach, ENFILE: Errno.nfile,
  ENOBUFS: Errno.nobufs, ENODEV: Errno.nodev, ENOENT: Errno.noent, ENOMEM: Errno.nomem, ENOSPC: Errno.nospc,
  ENOSYS: Errno.nosys, ENOTCONN: Errno.notconn, ENOTDIR: Errno.notdir, ENOTEMPTY: Errno.notempty,
  ENOTSOCK: Errno.notsock, ENOTSUP: Errno.notsup, EOPNOTSUPP: Errno.notsup, ENOTTY: Errno.notty,
  ENXIO: Errno.nxio, EOVERFLOW: Errno.overflow, EPERM: Errno.perm, EPIPE: Errno.pipe, ERANGE: Errno.range,
  EROFS: Errno.rofs, ESPIPE: Errno.spipe, ETIMEDOUT: Errno.timedout, ETXTBSY: Errno.txtbsy, EXDEV: Errno.xdev,
};

/**
 * The errno for an exception thrown by a Node `fs`/`net` call. Exceptions without a known POSIX code are
 * host bugs: they are rethrown (the caller's dispatcher wraps them in WasiHostError with the call name)
 * rather than hidden behind a default errno.
 */
export function hostErrno(err: unknown): number {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    const errno = CODE_TO_ERRNO[code];
    if (errno !== undefined) return errno;
  }
  throw err;
}

/** The host cannot be set up as asked (missing preopen directory, module without memory…). */
export class WasiConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WasiConfigError';
  }
}

/** The errno of a "count or negated errno" result (0 for success, never -0). */
export function errnoOf(result: number): number {
  return result < 0 ? -result : 0;
}
