// The debugger in the real workbench: open the example C program, click the gutter to set a
// breakpoint on the loop body of sum_of_squares, press F5 ("Debug c-demo"), and check that the
// editor stops on that line, the Variables view shows `total`, and the Debug Console shows the
// program's output. Screenshots of the stop and of the console.
export const options = { fixture: 'examples', timeoutMs: 180_000 };

const LINE_TEXT = 'total += square(i);';

export async function run({ page, wb, log }) {
  await page.locator('.activitybar .action-item a[aria-label^="WASI"], .activitybar .action-item[aria-label^="WASI"]').first()
    .waitFor({ state: 'visible', timeout: 60_000 })
    .catch(() => { throw new Error('the extension did not load (no WASI activity-bar item)'); });
  await wb.openFile('c-demo/main.c');

  // Click the glyph margin beside the loop body: that is how a user sets a breakpoint. The editor lays
  // out its glyph margin (the breakpoint gutter) once the workbench knows that C files take breakpoints,
  // which can be a moment after the file is shown, and re-renders its lines when it does: measure both
  // in one probe until both are on screen.
  const editor = page.locator('.editor-instance .monaco-editor').first();
  const { lineBox, margin } = await wb.waitFor(async () => {
    const marginBox = await editor.locator('.glyph-margin').first().boundingBox();
    const box = await editor.locator('.view-line', { hasText: LINE_TEXT }).first().boundingBox();
    return marginBox && marginBox.width > 0 && box ? { lineBox: box, margin: marginBox } : undefined;
  }, { what: `the editor gutter (glyph margin) and the line "${LINE_TEXT}" in main.c`, timeoutMs: 30_000 });
  await page.mouse.click(margin.x + margin.width / 2, lineBox.y + lineBox.height / 2);
  await wb.waitFor(() => page.locator('.monaco-editor .codicon-debug-breakpoint').count(), { what: 'a breakpoint glyph in the gutter after the click' });
  log('breakpoint set by clicking the gutter');

  await page.keyboard.press('F5');
  // The editor marks the stopped line with the top-stack-frame decoration on the line we clicked.
  await wb.waitFor(async () => {
    const frameLine = page.locator('.monaco-editor .view-overlays .debug-top-stack-frame-line').first();
    const box = await frameLine.boundingBox().catch(() => null);
    return box !== null && Math.abs(box.y - lineBox.y) < lineBox.height / 2;
  }, { what: 'the editor to stop on the breakpoint line (top stack frame decoration)', timeoutMs: 60_000 });
  log('stopped on the breakpoint line');

  // The Variables view lists `total` with its value (0 on the first iteration).
  const variables = page.locator('.debug-pane .monaco-list-row, .debug-variables .monaco-list-row');
  const locals = variables.filter({ hasText: /^\s*Locals\s*$/ }).first();
  await locals.waitFor({ state: 'visible', timeout: 30_000 }).catch(() => { throw new Error('no Locals scope in the Variables view'); });
  if ((await locals.getAttribute('aria-expanded')) !== 'true') await locals.click();
  const totalRow = await wb.waitFor(async () => {
    const texts = await variables.allInnerTexts();
    return texts.map((t) => t.replace(/\s+/g, ' ').trim()).find((t) => /^total\s*[:=]?\s*0\b/.test(t));
  }, { what: 'the Variables view to show "total: 0"', timeoutMs: 60_000 });
  log(`Variables view: ${totalRow}`);
  await wb.screenshot('debug-breakpoint-stopped');

  // Run to the end and read the program's output in the Debug Console.
  // Click the gutter again to remove the breakpoint, then F5 continues to the end.
  await page.mouse.click(margin.x + margin.width / 2, lineBox.y + lineBox.height / 2);
  await wb.waitFor(async () => (await page.locator('.monaco-editor .margin-view-overlays [class*="codicon-debug-breakpoint"]').count()) === 0,
    { what: 'the breakpoint to be removed by the second gutter click' });
  await page.keyboard.press('F5');
  // The panel opens on the Debug Console when a session starts; click its tab in case another is in front.
  const tab = page.locator('.part.panel .composite-bar .action-item', { hasText: 'Debug Console' }).first();
  if (await tab.count()) await tab.click();
  await wb.waitFor(async () => {
    const text = (await page.locator('.repl .monaco-list-rows').allInnerTexts()).join('\n');
    return text.includes('Hello, WASI Studio!') && text.includes('sum of squares 1..5 = 55');
  }, { what: 'the Debug Console to show the program output', timeoutMs: 60_000 });
  await wb.screenshot('debug-breakpoint-console');
}
