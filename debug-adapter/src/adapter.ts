// Entry point of dist/debug-adapter.js: the `wasi` debug adapter speaking DAP over stdio.
import { DebugSession } from '@vscode/debugadapter';
import { WasiDebugSession } from './session';

DebugSession.run(WasiDebugSession);
