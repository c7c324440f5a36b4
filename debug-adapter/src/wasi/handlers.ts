// Every handler, keyed by WASI function name. The type makes the compiler check that the signature
// table and the area modules agree: a function in the table without a handler does not compile.
import type { HostContext } from './context';
import type { WasiFunctionName } from './signatures';
import { args_get, args_sizes_get } from './args';
import { environ_get, environ_sizes_get } from './environ';
import { clock_res_get, clock_time_get } from './clock';
import { random_get } from './random';
import { proc_exit, proc_raise, sched_yield } from './proc';
import {
  fd_advise, fd_allocate, fd_close, fd_datasync, fd_fdstat_get, fd_fdstat_set_flags, fd_fdstat_set_rights, fd_filestat_get,
  fd_filestat_set_size, fd_filestat_set_times, fd_pread, fd_prestat_dir_name, fd_prestat_get, fd_pwrite, fd_read, fd_readdir,
  fd_renumber, fd_seek, fd_sync, fd_tell, fd_write,
} from './fd';
import {
  path_create_directory, path_filestat_get, path_filestat_set_times, path_link, path_open, path_readlink, path_remove_directory,
  path_rename, path_symlink, path_unlink_file,
} from './path';
import { poll_oneoff } from './poll';
import { sock_accept, sock_recv, sock_send, sock_shutdown } from './sock';

// Handlers take the context plus their ABI parameters (numbers, bigints for i64).
type Handler = (ctx: HostContext, ...args: never[]) => number;

export const HANDLERS: Record<WasiFunctionName, Handler> = {
  args_get, args_sizes_get, environ_get, environ_sizes_get, clock_res_get, clock_time_get, random_get,
  proc_exit, proc_raise, sched_yield,
  fd_advise, fd_allocate, fd_close, fd_datasync, fd_fdstat_get, fd_fdstat_set_flags, fd_fdstat_set_rights, fd_filestat_get,
  fd_filestat_set_size, fd_filestat_set_times, fd_pread, fd_prestat_dir_name, fd_prestat_get, fd_pwrite, fd_read, fd_readdir,
  fd_renumber, fd_seek, fd_sync, fd_tell, fd_write,
  path_create_directory, path_filestat_get, path_filestat_set_times, path_link, path_open, path_readlink, path_remove_directory,
  path_rename, path_symlink, path_unlink_file,
  poll_oneoff, sock_accept, sock_recv, sock_send, sock_shutdown,
};
