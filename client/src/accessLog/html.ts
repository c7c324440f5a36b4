// The access-log page's HTML: a strict Content-Security-Policy, one nonce'd external script, one
// stylesheet, no inline script or style. Pure (no `vscode` import) so tests can check the policy.

export interface PageResources {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** A fresh random nonce per page. */
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
}

export function accessLogHtml(r: PageResources): string {
  const csp = [
    "default-src 'none'",
    `style-src ${r.cspSource}`,
    `img-src ${r.cspSource}`,
    `script-src 'nonce-${r.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(r.styleUri)}">
<title>WASI Access Log</title>
</head>
<body>
<header>
  <div id="origin" class="origin"></div>
  <div class="toolbar">
    <label>Decision <select id="decision"><option value="all">all</option><option value="denied">denied</option><option value="allowed">allowed</option></select></label>
    <span id="capabilities" class="capabilities"></span>
    <input id="path" type="text" placeholder="Path prefix" aria-label="Path prefix">
    <input id="search" type="search" placeholder="Search" aria-label="Search">
    <button id="load" type="button">Load…</button>
    <button id="export" type="button">Export…</button>
    <button id="clear" type="button">Clear</button>
  </div>
</header>
<section id="summary" class="summary"></section>
<main>
  <table id="log">
    <thead><tr><th>Time</th><th>Call</th><th>Capability</th><th>Target</th><th>Decision</th><th>Errno</th><th>Source</th><th></th></tr></thead>
    <tbody id="rows"></tbody>
  </table>
  <p id="empty" class="empty"></p>
</main>
<script nonce="${escapeAttribute(r.nonce)}" src="${escapeAttribute(r.scriptUri)}"></script>
</body>
</html>`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
