// "WASI: New Project…": pick a template, check its toolchain, choose where, write the files, open them.
import * as vscode from 'vscode';
import { nodeProbe } from './nodeProbe';
import { generateProject, TEMPLATES, type GeneratedProject, type TemplateId } from './templates';
import { findCToolchain, findRustToolchain, type CToolchain } from './toolchain';

/** Arguments for running the command without dialogs (tests, walkthrough links). */
export interface NewProjectArgs {
  readonly template?: TemplateId;
  /** Absolute folder to create the project in (created if missing; must be empty). */
  readonly folder?: string;
  readonly name?: string;
  /** Open the new folder in the window (default) or only write the files. */
  readonly open?: boolean;
}

export function registerScaffold(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('wasi.newProject', (args?: NewProjectArgs) => newProject(args ?? {})));
}

/** Returns the project folder, or undefined when the user cancelled. */
async function newProject(args: NewProjectArgs): Promise<string | undefined> {
  const template = args.template ?? (await vscode.window.showQuickPick(TEMPLATES.map((t) => ({ label: t.label, detail: t.detail, id: t.id })), { title: 'WASI: New Project', placeHolder: 'Template' }))?.id;
  if (!template) return undefined;
  const toolchain = await checkToolchain(template, args.template === undefined);
  if (toolchain === 'cancel') return undefined;

  let folder = args.folder ? vscode.Uri.file(args.folder) : undefined;
  let name = args.name;
  if (!folder) {
    const parent = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Create Project Here', title: 'Parent folder of the new project', defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri });
    if (!parent?.[0]) return undefined;
    name ??= await vscode.window.showInputBox({ title: 'Project name', value: 'hello-wasi', validateInput: (v) => (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(v) ? undefined : 'Letters, digits, ".", "_" and "-"') });
    if (!name) return undefined;
    folder = vscode.Uri.joinPath(parent[0], name);
  }
  name ??= folder.path.split('/').pop() ?? 'hello';
  const project = generateProject(template, { name, cToolchain: toolchain });
  await writeProject(folder, project);
  if (args.open === false) return folder.fsPath;
  const inWorkspace = vscode.workspace.getWorkspaceFolder(folder) !== undefined;
  if (inWorkspace) {
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, project.openFile));
  } else {
    await vscode.commands.executeCommand('vscode.openFolder', folder, { forceNewWindow: false });
  }
  return folder.fsPath;
}

/** Finds the template's toolchain; when missing, says what to install and lets the user go on. */
async function checkToolchain(template: TemplateId, interactive: boolean): Promise<CToolchain | undefined | 'cancel'> {
  const probe = nodeProbe(process.env);
  const check = template === 'c' ? findCToolchain(probe, { WASI_SDK_PATH: process.env['WASI_SDK_PATH'] })
    : template === 'rust' ? findRustToolchain(probe)
      : template === 'witComponent' ? findRustToolchain(probe, ['wasm32-wasip1', 'wasm32-wasip2'])
        : undefined;
  if (!check) return undefined;
  if (check.ok) return 'compiler' in check.toolchain ? check.toolchain : undefined;
  const install = check.install.join('\n');
  const message = `${check.problem} Install it with:\n${install}`;
  if (!interactive) {
    void vscode.window.showWarningMessage(`WASI Studio: ${message}`);
    return undefined;
  }
  const choice = await vscode.window.showWarningMessage(`WASI Studio: ${check.problem}`, { modal: true, detail: `Install it with:\n\n${install}\n\nThe project can be created now and built once the toolchain is installed.` }, 'Create Anyway', 'Copy Install Command');
  if (choice === 'Copy Install Command') {
    await vscode.env.clipboard.writeText(install);
    return undefined;
  }
  return choice === 'Create Anyway' ? undefined : 'cancel';
}

async function writeProject(folder: vscode.Uri, project: GeneratedProject): Promise<void> {
  try {
    const existing = await vscode.workspace.fs.readDirectory(folder);
    if (existing.length > 0) throw new Error(`${folder.fsPath} is not empty; choose a new folder for the project.`);
  } catch (error: unknown) {
    if (!(error instanceof vscode.FileSystemError)) throw error;
  }
  for (const file of project.files) {
    const uri = vscode.Uri.joinPath(folder, ...file.path.split('/'));
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(file.content));
  }
}
