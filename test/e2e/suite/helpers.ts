// Shared by the e2e suites: the extension's API, the workspace, and waits that fail with a clear message.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WasiStudioApi } from '../../../client/src/extension';

export const EXTENSION_ID = 'wasi-studio.wasi-studio';

export async function wasiStudioApi(): Promise<WasiStudioApi> {
  const ext = vscode.extensions.getExtension<WasiStudioApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  assert.ok(api && api.permissions && api.accessLog, 'activate() returns the WASI Studio API');
  return api;
}

export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e harness opens a workspace folder');
  return folder;
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

/** Resolves with the first value an event delivers that passes `accept`, or fails after `timeoutMs`. */
export function nextEvent<T>(event: vscode.Event<T>, accept: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  return new Promise<T>((resolveEvent, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const sub = event((value) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      sub.dispose();
      resolveEvent(value);
    });
  });
}

/** Waits until `probe` holds, re-checking whenever `event` fires; fails after `timeoutMs`. */
export async function until<T>(event: vscode.Event<T> | ((listener: () => void) => { dispose(): void }), probe: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  if (await probe()) return;
  await new Promise<void>((resolveWait, reject) => {
    let settled = false;
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting until ${what}`)), timeoutMs);
    const sub = (event as (listener: () => void) => { dispose(): void })(() => {
      Promise.resolve(probe()).then((ok) => { if (ok) finish(undefined); }, (e: unknown) => finish(e instanceof Error ? e : new Error(String(e))));
    });
    function finish(error: Error | undefined): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sub.dispose();
      if (error) reject(error); else resolveWait();
    }
  });
}

/** Polls a condition the API offers no event for (e.g. activation); fails with `what` after `timeoutMs`. */
export async function pollUntil(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
