// `wasi-studio run --listen` with a module blocked in sock_accept (no client ever connects): the
// accept waits (it no longer returns `again`) and --timeout still stops the module with its message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXIT } from '../../../debug-adapter/src/cli/exitCodes';
import { assertBuilt, fixture, runCli } from './helpers';

test('a module waiting in sock_accept is stopped by --timeout', () => {
  assertBuilt();
  const r = runCli(['run', '--allow', 'sockets', '--listen', '127.0.0.1:0', '--timeout', '300', fixture('sock_echo')]);
  assert.equal(r.code, EXIT.timeout, r.stderr);
  assert.equal(r.stdout, 'waiting for a connection\n');
  assert.match(r.stderr, /wasi-studio: module stopped: wall-clock timeout of 300 ms exceeded\n$/);
});
