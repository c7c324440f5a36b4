// The `wasi-studio` task type: runs the bundled CLI (`check`, `run`, `inspect`) with the extension's Node.
import * as vscode from 'vscode';

interface WasiStudioTaskDefinition extends vscode.TaskDefinition {
  readonly command: 'check' | 'run' | 'inspect';
  readonly args?: string[];
}

export class WasiStudioTaskProvider implements vscode.TaskProvider {
  constructor(private readonly cliPath: string) {}

  /** Offers "check WIT" for each workspace folder that holds .wit files. */
  async provideTasks(): Promise<vscode.Task[]> {
    const wit = await vscode.workspace.findFiles('**/*.wit', '**/node_modules/**', 1);
    if (wit.length === 0) return [];
    return (vscode.workspace.workspaceFolders ?? []).map((folder) =>
      this.build({ type: 'wasi-studio', command: 'check', args: ['${workspaceFolder}'] }, folder, 'check WIT'));
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const definition = task.definition as WasiStudioTaskDefinition;
    if (!['check', 'run', 'inspect'].includes(definition.command)) return undefined;
    return this.build(definition, task.scope ?? vscode.TaskScope.Workspace, task.name);
  }

  private build(definition: WasiStudioTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope, name: string): vscode.Task {
    const execution = new vscode.ProcessExecution(process.execPath, [this.cliPath, definition.command, ...(definition.args ?? [])], {
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    const task = new vscode.Task(definition, scope, name, 'wasi-studio', execution, ['$wasi-studio']);
    if (definition.command === 'check') task.group = vscode.TaskGroup.Build;
    return task;
  }
}

export function registerTaskProvider(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.tasks.registerTaskProvider('wasi-studio', new WasiStudioTaskProvider(context.asAbsolutePath('dist/cli.js'))));
}
