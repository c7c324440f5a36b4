// The permissions panel inside the real extension host, on the examples workspace: its launch.json has
// "Debug c-demo" (a read-only /data preopen, GREETING_NAME) and "c-demo without the /data preopen".
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WasiStudioApi } from '../../../client/src/extension';
import type { PermissionNode } from '../../../client/src/permissions/permissionsTree';
import { readText, until, wasiStudioApi, workspaceFolder, writeText } from './helpers';

describe('client: permissions panel', () => {
  let api: WasiStudioApi;
  let launchUri: vscode.Uri;
  let original: string;

  before(async () => {
    api = await wasiStudioApi();
    launchUri = vscode.Uri.joinPath(workspaceFolder().uri, '.vscode', 'launch.json');
    original = await readText(launchUri);
  });

  after(async () => {
    await writeText(launchUri, original);
    api.permissions.refresh();
  });

  async function config(name: string): Promise<PermissionNode & { kind: 'config' }> {
    const roots = await api.permissions.getChildren();
    const found = roots.find((n): n is PermissionNode & { kind: 'config' } => n.kind === 'config' && n.entry.config.name === name);
    assert.ok(found, `the panel lists "${name}" (it lists ${roots.map((r) => (r.kind === 'config' ? r.entry.config.name : r.kind)).join(', ')})`);
    return found;
  }

  async function group(node: PermissionNode, label: string): Promise<PermissionNode[]> {
    for (const child of await api.permissions.getChildren(node)) {
      if (api.permissions.getTreeItem(child).label === label) return api.permissions.getChildren(child);
    }
    assert.fail(`no "${label}" group`);
  }

  it('shows a configuration\'s preopen next to the capabilities its module imports', async () => {
    const demo = await config('Debug c-demo');
    const preopens = await group(demo, 'Preopens');
    assert.equal(preopens.length, 1);
    const preopen = preopens[0]!;
    assert.ok(preopen.kind === 'preopen');
    assert.deepEqual(preopen.preopen, { host: '${workspaceFolder}/c-demo/data', guest: '/data', readonly: true });
    assert.match(String(api.permissions.getTreeItem(preopen).description), /c-demo\/data · read-only/);
    const asks = await group(demo, 'Module asks for');
    const capabilities = asks.flatMap((n) => (n.kind === 'request' ? [`${n.capability}:${n.granted}`] : []));
    assert.deepEqual(capabilities, ['filesystem:true', 'env:true', 'args:true', 'stdio:true', 'process:true']);
  });

  it('warns about the grants missing from a configuration without preopen or environment', async () => {
    const bare = await config('c-demo without the /data preopen');
    const warnings = await group(bare, 'Warnings');
    const labels = warnings.map((n) => api.permissions.getTreeItem(n).label);
    assert.deepEqual(labels, ['Missing grant: filesystem', 'Missing grant: env']);
    const asks = await group(bare, 'Module asks for');
    const filesystem = asks.find((n) => n.kind === 'request' && n.capability === 'filesystem');
    assert.ok(filesystem && filesystem.kind === 'request' && !filesystem.granted);
  });

  it('toggling read-only rewrites launch.json and keeps its comments', async () => {
    const demo = await config('Debug c-demo');
    const preopen = (await group(demo, 'Preopens'))[0]!;
    const refreshed = new Promise<void>((resolveRefresh) => { const sub = api.permissions.onDidChangeTreeData(() => { sub.dispose(); resolveRefresh(); }); });
    await vscode.commands.executeCommand('wasi.permissions.toggleReadonly', preopen);
    await refreshed;
    const text = await readText(launchUri);
    assert.match(text, /\/\/ Debug configurations for the examples workspace\./, 'the leading comment is kept');
    assert.equal(text.replace(/"readonly":\s*false/, '"readonly": true'), original, 'only the readonly value changed');
    const after = (await group(await config('Debug c-demo'), 'Preopens'))[0]!;
    assert.ok(after.kind === 'preopen' && after.preopen.readonly === false);
  });

  it('removes an environment variable and flips a capability switch from the panel', async () => {
    const env = (await group(await config('Debug c-demo'), 'Environment')).find((n) => n.kind === 'env');
    assert.ok(env && env.kind === 'env' && env.name === 'GREETING_NAME');
    await vscode.commands.executeCommand('wasi.permissions.removeEnv', env);
    const clock = (await group(await config('Debug c-demo'), 'Switches')).find((n) => n.kind === 'switch' && n.capability === 'clock');
    assert.ok(clock);
    await vscode.commands.executeCommand('wasi.permissions.toggleSwitch', clock);
    const text = await readText(launchUri);
    assert.doesNotMatch(text, /GREETING_NAME/);
    assert.match(text, /"allow":\s*\{\s*"clock":\s*false\s*\}/);
    assert.match(text, /\/\/ Debug configurations for the examples workspace\./);
    await until(api.permissions.onDidChangeTreeData, async () => {
      const warnings = await group(await config('Debug c-demo'), 'Warnings').catch(() => []);
      return warnings.some((n) => api.permissions.getTreeItem(n).label === 'Missing grant: env');
    }, 'the panel warns that the module reads an environment it no longer gets');
  });
});
