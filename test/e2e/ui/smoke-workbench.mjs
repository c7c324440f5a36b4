// The workbench with the development build: a .wit file opens with the WIT language mode, its
// keywords are coloured by our TextMate grammar (checked with "Developer: Inspect Editor Tokens and
// Scopes", which shows the scopes VS Code itself computed), and a screenshot is saved.

export const options = { fixture: 'examples' };

export async function run({ page, wb, log }) {
  await wb.openFile('wit-demo/wit/world.wit');

  const mode = page.locator('.statusbar-item[id="status.editor.mode"]');
  await wb.waitFor(async () => (await mode.innerText()).trim() === 'WIT', { what: 'the status bar language mode to read "WIT"' });

  // Highlighting: the `interface` keyword and the interface name get different colours (token classes).
  const tokens = await wb.waitFor(async () => {
    const lines = await wb.editorTokens();
    const line = lines.find((l) => l.tokens.some((t) => t.text === 'interface'));
    return line && line.tokens.length > 1 ? line : undefined;
  }, { what: 'the line "interface greet {" to be rendered with tokens' });
  const keyword = tokens.tokens.find((t) => t.text === 'interface');
  const name = tokens.tokens.find((t) => t.text.trim() === 'greet');
  if (!keyword || !name) throw new Error(`unexpected tokens: ${JSON.stringify(tokens.tokens)}`);
  if (keyword.className === name.className) {
    throw new Error(`"interface" and "greet" have the same token class (${keyword.className}): no syntax colouring`);
  }
  log(`token classes: interface=${keyword.className} greet=${name.className}`);
  await wb.screenshot('smoke-workbench-wit-editor');

  // Scopes: inspect the token under the cursor.
  await wb.moveCursorTo('interface greet');
  await wb.runCommand('Developer: Inspect Editor Tokens and Scopes');
  const widget = page.locator('.token-inspect-widget');
  await widget.waitFor({ state: 'visible', timeout: 15_000 })
    .catch(() => { throw new Error('the token inspector widget did not appear'); });
  const text = await wb.waitFor(async () => {
    const t = await widget.innerText();
    return /textmate scopes/i.test(t) ? t : undefined;
  }, { what: 'the token inspector to list TextMate scopes' });
  await wb.screenshot('smoke-workbench-token-inspector');
  for (const scope of ['storage.type.interface.wit', 'source.wit']) {
    if (!text.includes(scope)) throw new Error(`the token inspector does not show ${scope}:\n${text}`);
  }
  log('token inspector shows storage.type.interface.wit in source.wit');
}
