// Constants and struct layouts of wasi_snapshot_preview1, written from the witx definitions
// (typenames.witx). Values are numbers, never strings, so hot paths compare integers.

/** Errno values, in witx order; `ERRNO_NAMES[n]` is the witx name used in access records. */
export const ERRNO_NAMES = [
  'success', '2big', 'acces', 'addrinuse', 'addrnotavail', 'afnosupport', 'again', 'already', 'badf',
  'badmsg', 'busy', 'canceled', 'child', 'connaborted', 'connrefused', 'connreset', 'deadlk', 'destaddrreq',
  'dom', 'dquot', 'exist', 'fault', 'fbig', 'hostunreach', 'idrm', 'ilseq', 'inprogress', 'intr', 'inval',
  'io', 'isconn', 'isdir', 'loop', 'mfile', 'mlink', 'msgsize', 'multihop', 'nametoolong', 'netdown',
  'netreset', 'netunreach', 'nfile', 'nobufs', 'nodev', 'noent', 'noexec', 'nolck', 'nolink', 'nomem',
  'nomsg', 'noprotoopt', 'nospc', 'nosys', 'notconn', 'notdir', 'notempty', 'notrecoverable', 'notsock',
  'notsup', 'notty', 'nxio', 'overflow', 'ownerdead', 'perm', 'pipe', 'proto', 'protonosupport', 'prototype',
  'range', 'rofs', 'spipe', 'srch', 'stale', 'timedout', 'txtbsy', 'xdev', 'notcapable',
] as const;

export const enum Errno {
  success = 0, toobig = 1, acces = 2, addrinuse = 3, addrnotavail = 4, afnosupport = 5, again = 6,
  already = 7, badf = 8, badmsg = 9, busy = 10, canceled = 11, child = 12, connaborted = 13,
  connrefused = 14, connreset = 15, deadlk = 16, destaddrreq = 17, dom = 18, dquot = 19, exist = 20,
  fault = 21, fbig = 22, hostunreach = 23, idrm = 24, ilseq = 25, inprogress = 26, intr = 27, inval = 28,
  io = 29, isconn = 30, isdir = 31, loop = 32, mfile = 33, mlink = 34, msgsize = 35, multihop = 36,
  nametoolong = 37, netdown = 38, netreset = 39, netunreach = 40, nfile = 41, nobufs = 42, nodev = 43,
  noent = 44, noexec = 45, nolck = 46, nolink = 47, nomem = 48, nomsg = 49, noprotoopt = 50, nospc = 51,
  nosys = 52, notconn = 53, notdir = 54, notempty = 55, notrecoverable = 56, notsock = 57, notsup = 58,
  notty = 59, nxio = 60, overflow = 61, ownerdead = 62, perm = 63, pipe = 64, proto = 65,
  protonosupport = 66, prototype = 67, range = 68, rofs = 69, spipe = 70, srch = 71, stale = 72,
  timedout = 73, txtbsy = 74, xdev = 75, notcapable = 76,
}

export function errnoName(errno: number): string {
  return ERRNO_NAMES[errno] ?? `errno${errno}`;
}

/**
 * Rights bits. The ABI passes them as u64, but preview1 defines only 30 bits, so the host keeps them
 * as plain numbers (no BigInt allocation on hot paths) and converts at the ABI edge (`rightsFromAbi`).
 */
export const Rights = {
  FD_DATASYNC: 2 ** 0,
  FD_READ: 2 ** 1,
  FD_SEEK: 2 ** 2,
  FD_FDSTAT_SET_FLAGS: 2 ** 3,
  FD_SYNC: 2 ** 4,
  FD_TELL: 2 ** 5,
  FD_WRITE: 2 ** 6,
  FD_ADVISE: 2 ** 7,
  FD_ALLOCATE: 2 ** 8,
  PATH_CREATE_DIRECTORY: 2 ** 9,
  PATH_CREATE_FILE: 2 ** 10,
  PATH_LINK_SOURCE: 2 ** 11,
  PATH_LINK_TARGET: 2 ** 12,
  PATH_OPEN: 2 ** 13,
  FD_READDIR: 2 ** 14,
  PATH_READLINK: 2 ** 15,
  PATH_RENAME_SOURCE: 2 ** 16,
  PATH_RENAME_TARGET: 2 ** 17,
  PATH_FILESTAT_GET: 2 ** 18,
  PATH_FILESTAT_SET_SIZE: 2 ** 19,
  PATH_FILESTAT_SET_TIMES: 2 ** 20,
  FD_FILESTAT_GET: 2 ** 21,
  FD_FILESTAT_SET_SIZE: 2 ** 22,
  FD_FILESTAT_SET_TIMES: 2 ** 23,
  PATH_SYMLINK: 2 ** 24,
  PATH_REMOVE_DIRECTORY: 2 ** 25,
  PATH_UNLINK_FILE: 2 ** 26,
  POLL_FD_READWRITE: 2 ** 27,
  SOCK_SHUTDOWN: 2 ** 28,
  SOCK_ACCEPT: 2 ** 29,
} as const;

/** The defined rights bits of a u64 rights value from the guest; undefined bits are ignored. */
export function rightsFromAbi(value: bigint): number {
  return Number(value & 0x3fff_ffffn);
}

/** Rights that only make sense on a regular file (or a stream). */
export const RIGHTS_FILE_BASE =
  Rights.FD_DATASYNC | Rights.FD_READ | Rights.FD_SEEK | Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_SYNC |
  Rights.FD_TELL | Rights.FD_WRITE | Rights.FD_ADVISE | Rights.FD_ALLOCATE | Rights.FD_FILESTAT_GET |
  Rights.FD_FILESTAT_SET_SIZE | Rights.FD_FILESTAT_SET_TIMES | Rights.POLL_FD_READWRITE;

/** Rights that only make sense on a directory. */
export const RIGHTS_DIRECTORY_BASE =
  Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_SYNC | Rights.FD_ADVISE | Rights.PATH_CREATE_DIRECTORY |
  Rights.PATH_CREATE_FILE | Rights.PATH_LINK_SOURCE | Rights.PATH_LINK_TARGET | Rights.PATH_OPEN |
  Rights.FD_READDIR | Rights.PATH_READLINK | Rights.PATH_RENAME_SOURCE | Rights.PATH_RENAME_TARGET |
  Rights.PATH_FILESTAT_GET | Rights.PATH_FILESTAT_SET_SIZE | Rights.PATH_FILESTAT_SET_TIMES |
  Rights.FD_FILESTAT_GET | Rights.FD_FILESTAT_SET_TIMES | Rights.PATH_SYMLINK | Rights.PATH_REMOVE_DIRECTORY |
  Rights.PATH_UNLINK_FILE | Rights.POLL_FD_READWRITE;

export const RIGHTS_DIRECTORY_INHERITING = RIGHTS_DIRECTORY_BASE | RIGHTS_FILE_BASE;

/** Every right that changes the file system; a read-only preopen never grants them. */
export const RIGHTS_WRITE =
  Rights.FD_DATASYNC | Rights.FD_WRITE | Rights.FD_ALLOCATE | Rights.PATH_CREATE_DIRECTORY |
  Rights.PATH_CREATE_FILE | Rights.PATH_LINK_SOURCE | Rights.PATH_LINK_TARGET | Rights.PATH_RENAME_SOURCE |
  Rights.PATH_RENAME_TARGET | Rights.PATH_FILESTAT_SET_SIZE | Rights.PATH_FILESTAT_SET_TIMES |
  Rights.FD_FILESTAT_SET_SIZE | Rights.FD_FILESTAT_SET_TIMES | Rights.PATH_SYMLINK |
  Rights.PATH_REMOVE_DIRECTORY | Rights.PATH_UNLINK_FILE;

export const RIGHTS_STDIN = Rights.FD_READ | Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_FILESTAT_GET | Rights.POLL_FD_READWRITE;
export const RIGHTS_STDOUT = Rights.FD_WRITE | Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_FILESTAT_GET | Rights.POLL_FD_READWRITE;
export const RIGHTS_SOCKET_LISTEN = Rights.SOCK_ACCEPT | Rights.SOCK_SHUTDOWN | Rights.FD_FDSTAT_SET_FLAGS |
  Rights.FD_FILESTAT_GET | Rights.POLL_FD_READWRITE;
export const RIGHTS_SOCKET_CONN = Rights.FD_READ | Rights.FD_WRITE | Rights.SOCK_SHUTDOWN |
  Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_FILESTAT_GET | Rights.POLL_FD_READWRITE;

export const enum Filetype {
  unknown = 0, blockDevice = 1, characterDevice = 2, directory = 3, regularFile = 4, socketDgram = 5,
  socketStream = 6, symbolicLink = 7,
}

export const enum Fdflags { append = 1, dsync = 2, nonblock = 4, rsync = 8, sync = 16 }
export const FDFLAGS_ALL = 31;
export const enum Oflags { creat = 1, directory = 2, excl = 4, trunc = 8 }
export const enum Lookupflags { symlinkFollow = 1 }
export const enum Fstflags { atim = 1, atimNow = 2, mtim = 4, mtimNow = 8 }
export const enum Whence { set = 0, cur = 1, end = 2 }
export const enum Clockid { realtime = 0, monotonic = 1, processCputime = 2, threadCputime = 3 }
export const enum Eventtype { clock = 0, fdRead = 1, fdWrite = 2 }
export const enum Subclockflags { abstime = 1 }
export const enum Eventrwflags { hangup = 1 }
export const enum Riflags { peek = 1, waitall = 2 }
export const enum Roflags { dataTruncated = 1 }
export const enum Sdflags { rd = 1, wr = 2 }
export const enum Preopentype { dir = 0 }
export const ADVICE_MAX = 5;

/** Struct layouts: byte offsets and sizes (wasm32, little endian). */
export const Layout = {
  iovec: { size: 8, buf: 0, len: 4 },
  fdstat: { size: 24, filetype: 0, flags: 2, rightsBase: 8, rightsInheriting: 16 },
  filestat: { bytes: 64, dev: 0, ino: 8, filetype: 16, nlink: 24, size: 32, atim: 40, mtim: 48, ctim: 56 },
  dirent: { size: 24, next: 0, ino: 8, namlen: 16, type: 20 },
  prestat: { size: 8, tag: 0, nameLen: 4 },
  subscription: {
    size: 48, userdata: 0, tag: 8,
    clockId: 16, clockTimeout: 24, clockPrecision: 32, clockFlags: 40,
    fdrwFd: 16,
  },
  event: { size: 32, userdata: 0, error: 8, type: 10, nbytes: 16, flags: 24 },
} as const;

/** Longest guest path accepted (bytes), like Linux PATH_MAX; longer → nametoolong. */
export const PATH_MAX = 4096;
/** Longest single path component (bytes), like Linux NAME_MAX. */
export const NAME_MAX = 255;
/** Symlinks followed during one resolution before ELOOP, like Linux MAXSYMLINKS. */
export const SYMLINK_MAX = 40;
