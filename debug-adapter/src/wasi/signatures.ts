// The one declarative table of wasi_snapshot_preview1: every function, its parameters (name and
// type, in ABI order) and the capability it belongs to. It drives dispatch (host.ts builds the import
// object from it and the compiler checks every entry has a handler), tracing (argument names and
// which are 64-bit) and the access log's capability of each call.
import type { Capability } from './api';

/** `i64` parameters arrive as bigint; everything else is an i32 number. */
export type ParamType = 'fd' | 'ptr' | 'u32' | 'u16' | 'u8' | 'i64';

export interface Signature {
  readonly params: readonly (readonly [name: string, type: ParamType])[];
  /** The capability a call exercises; `fd` means "the capability of the descriptor it names". */
  readonly capability: Capability | 'fd' | 'none';
}

const p = (...params: string[]): Signature['params'] =>
  params.map((s) => {
    const [name, type] = s.split(':');
    return [name, type as ParamType] as const;
  });

export const SIGNATURES = {
  args_get: { params: p('argv:ptr', 'argv_buf:ptr'), capability: 'args' },
  args_sizes_get: { params: p('argc:ptr', 'argv_buf_size:ptr'), capability: 'args' },
  environ_get: { params: p('environ:ptr', 'environ_buf:ptr'), capability: 'env' },
  environ_sizes_get: { params: p('environc:ptr', 'environ_buf_size:ptr'), capability: 'env' },
  clock_res_get: { params: p('id:u32', 'resolution:ptr'), capability: 'clock' },
  clock_time_get: { params: p('id:u32', 'precision:i64', 'time:ptr'), capability: 'clock' },
  fd_advise: { params: p('fd:fd', 'offset:i64', 'len:i64', 'advice:u8'), capability: 'fd' },
  fd_allocate: { params: p('fd:fd', 'offset:i64', 'len:i64'), capability: 'fd' },
  fd_close: { params: p('fd:fd'), capability: 'fd' },
  fd_datasync: { params: p('fd:fd'), capability: 'fd' },
  fd_fdstat_get: { params: p('fd:fd', 'stat:ptr'), capability: 'fd' },
  fd_fdstat_set_flags: { params: p('fd:fd', 'flags:u16'), capability: 'fd' },
  fd_fdstat_set_rights: { params: p('fd:fd', 'fs_rights_base:i64', 'fs_rights_inheriting:i64'), capability: 'fd' },
  fd_filestat_get: { params: p('fd:fd', 'buf:ptr'), capability: 'fd' },
  fd_filestat_set_size: { params: p('fd:fd', 'size:i64'), capability: 'fd' },
  fd_filestat_set_times: { params: p('fd:fd', 'atim:i64', 'mtim:i64', 'fst_flags:u16'), capability: 'fd' },
  fd_pread: { params: p('fd:fd', 'iovs:ptr', 'iovs_len:u32', 'offset:i64', 'nread:ptr'), capability: 'fd' },
  fd_prestat_get: { params: p('fd:fd', 'buf:ptr'), capability: 'filesystem' },
  fd_prestat_dir_name: { params: p('fd:fd', 'path:ptr', 'path_len:u32'), capability: 'filesystem' },
  fd_pwrite: { params: p('fd:fd', 'iovs:ptr', 'iovs_len:u32', 'offset:i64', 'nwritten:ptr'), capability: 'fd' },
  fd_read: { params: p('fd:fd', 'iovs:ptr', 'iovs_len:u32', 'nread:ptr'), capability: 'fd' },
  fd_readdir: { params: p('fd:fd', 'buf:ptr', 'buf_len:u32', 'cookie:i64', 'bufused:ptr'), capability: 'filesystem' },
  fd_renumber: { params: p('fd:fd', 'to:fd'), capability: 'fd' },
  fd_seek: { params: p('fd:fd', 'offset:i64', 'whence:u8', 'newoffset:ptr'), capability: 'fd' },
  fd_sync: { params: p('fd:fd'), capability: 'fd' },
  fd_tell: { params: p('fd:fd', 'offset:ptr'), capability: 'fd' },
  fd_write: { params: p('fd:fd', 'iovs:ptr', 'iovs_len:u32', 'nwritten:ptr'), capability: 'fd' },
  path_create_directory: { params: p('fd:fd', 'path:ptr', 'path_len:u32'), capability: 'filesystem' },
  path_filestat_get: { params: p('fd:fd', 'flags:u32', 'path:ptr', 'path_len:u32', 'buf:ptr'), capability: 'filesystem' },
  path_filestat_set_times: {
    params: p('fd:fd', 'flags:u32', 'path:ptr', 'path_len:u32', 'atim:i64', 'mtim:i64', 'fst_flags:u16'), capability: 'filesystem',
  },
  path_link: {
    params: p('old_fd:fd', 'old_flags:u32', 'old_path:ptr', 'old_path_len:u32', 'new_fd:fd', 'new_path:ptr', 'new_path_len:u32'),
    capability: 'filesystem',
  },
  path_open: {
    params: p('fd:fd', 'dirflags:u32', 'path:ptr', 'path_len:u32', 'oflags:u16', 'fs_rights_base:i64',
      'fs_rights_inheriting:i64', 'fdflags:u16', 'opened_fd:ptr'),
    capability: 'filesystem',
  },
  path_readlink: { params: p('fd:fd', 'path:ptr', 'path_len:u32', 'buf:ptr', 'buf_len:u32', 'bufused:ptr'), capability: 'filesystem' },
  path_remove_directory: { params: p('fd:fd', 'path:ptr', 'path_len:u32'), capability: 'filesystem' },
  path_rename: {
    params: p('fd:fd', 'old_path:ptr', 'old_path_len:u32', 'new_fd:fd', 'new_path:ptr', 'new_path_len:u32'), capability: 'filesystem',
  },
  path_symlink: { params: p('old_path:ptr', 'old_path_len:u32', 'fd:fd', 'new_path:ptr', 'new_path_len:u32'), capability: 'filesystem' },
  path_unlink_file: { params: p('fd:fd', 'path:ptr', 'path_len:u32'), capability: 'filesystem' },
  poll_oneoff: { params: p('in:ptr', 'out:ptr', 'nsubscriptions:u32', 'nevents:ptr'), capability: 'clock' },
  proc_exit: { params: p('rval:u32'), capability: 'process' },
  proc_raise: { params: p('sig:u8'), capability: 'process' },
  sched_yield: { params: p(), capability: 'none' },
  random_get: { params: p('buf:ptr', 'buf_len:u32'), capability: 'random' },
  sock_accept: { params: p('fd:fd', 'flags:u16', 'fd_out:ptr'), capability: 'sockets' },
  sock_recv: {
    params: p('fd:fd', 'ri_data:ptr', 'ri_data_len:u32', 'ri_flags:u16', 'ro_datalen:ptr', 'ro_flags:ptr'), capability: 'sockets',
  },
  sock_send: { params: p('fd:fd', 'si_data:ptr', 'si_data_len:u32', 'si_flags:u16', 'so_datalen:ptr'), capability: 'sockets' },
  sock_shutdown: { params: p('fd:fd', 'how:u8'), capability: 'sockets' },
} as const satisfies Record<string, Signature>;

export type WasiFunctionName = keyof typeof SIGNATURES;
export const WASI_FUNCTION_NAMES = Object.keys(SIGNATURES) as WasiFunctionName[];
