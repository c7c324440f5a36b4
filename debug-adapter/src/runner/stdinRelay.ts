// The terminal stdin relay (bundled as dist/stdin-relay.js). The debug adapter asks the client to run
// it in a terminal (DAP runInTerminal) when a `wasi` launch has `"console": "integratedTerminal"`.
// It connects to the adapter's socket (its only argument) and forwards what the user types to the
// module's stdin. The terminal stays in its normal line mode, so the user edits a line and sends it
// with Enter, and Ctrl-D (end of input) becomes the module's EOF. The module's output stays in the
// Debug Console. The relay exits when the adapter closes the connection (the run is over).

import { connect } from 'node:net';

function main(argv: readonly string[]): void {
  const address = argv[0];
  if (address === undefined) {
    process.stderr.write('usage: stdin-relay <socket>: started by the WASI Studio debugger, not by hand.\n');
    process.exitCode = 2;
    return;
  }
  const socket = connect({ path: address, allowHalfOpen: true });
  socket.on('connect', () => {
    if (process.stdin.isTTY) {
      process.stdout.write('WASI Studio: lines typed here go to the program\'s standard input; Ctrl-D ends it. Output is in the Debug Console.\n');
    }
    process.stdin.pipe(socket);
  });
  process.stdin.on('end', () => {
    if (process.stdin.isTTY) process.stdout.write('WASI Studio: standard input closed.\n');
  });
  // The adapter ends the connection when the run is over; whatever is left unread belongs to nobody.
  socket.on('end', () => finish(0));
  socket.on('close', () => finish(0));
  socket.on('error', (err) => {
    process.stderr.write(`WASI Studio: cannot reach the debugger (${err.message}).\n`);
    finish(1);
  });
}

function finish(code: number): void {
  process.stdin.unpipe();
  process.stdin.destroy();
  process.exit(code);
}

main(process.argv.slice(2));
