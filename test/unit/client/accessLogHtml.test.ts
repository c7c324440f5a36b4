import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessLogHtml } from '../../../client/src/accessLog/html';

const media = join(__dirname, '..', '..', '..', '..', 'media', 'accessLog');
const html = accessLogHtml({ cspSource: 'https://csp.example', nonce: 'abc123==', scriptUri: 'https://x/main.js', styleUri: 'https://x/main.css' });

test('the page allows only its nonce\'d script and the webview\'s own styles', () => {
  const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
  assert.equal(csp, "default-src 'none'; style-src https://csp.example; img-src https://csp.example; script-src 'nonce-abc123=='");
  assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
});

test('there is no inline script, inline style or inline event handler', () => {
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0]![1]!, /nonce="abc123==" src="https:\/\/x\/main.js"/);
  assert.equal(scripts[0]![2], '');
  assert.doesNotMatch(html, /<style|style="|\son[a-z]+="/i);
});

test('the page script renders text safely and the stylesheet uses only theme variables for colours', () => {
  const script = readFileSync(join(media, 'main.js'), 'utf8');
  assert.doesNotMatch(script, /innerHTML|outerHTML|insertAdjacentHTML|eval\(|new Function/);
  for (const id of ['decision', 'capabilities', 'path', 'search', 'load', 'export', 'clear', 'summary', 'rows', 'empty', 'origin']) {
    assert.match(html, new RegExp(`id="${id}"`), `the page has #${id}, which main.js uses`);
    assert.match(script, new RegExp(`byId\\('${id}'\\)|getElementById\\('${id}'\\)`), `main.js uses #${id}`);
  }
  const css = readFileSync(join(media, 'main.css'), 'utf8');
  assert.doesNotMatch(css, /#[0-9a-f]{3,8}\b|rgb\(/i, 'colours come from --vscode-* variables');
});
