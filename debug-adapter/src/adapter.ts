// Entry point of dist/debug-adapter.js: the `wasi` debug adapter speaking DAP over stdio.
import { DebugSession } from '@vscode/debugadapter';
import { WasiDebugSession } from './session';

// A last line of defence: an escaped rejection is reported on stderr (which VS Code shows in the
// adapter's log) rather than ending the adapter in the middle of a session.
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`wasi debug adapter: unhandled rejection: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}\n`);
});

DebugSession.run(WasiDebugSession);
