// Access-log webview page. Renders the rows and summary the extension sends; sends filters and clicks
// back. Text is always set with textContent, never parsed as HTML.
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const CAPABILITIES = ['filesystem', 'env', 'args', 'stdio', 'clock', 'random', 'sockets', 'process'];
  const saved = vscode.getState() || {};
  /** @type {{decision: string, capabilities: string[], pathPrefix: string, search: string}} */
  const filter = saved.filter || { decision: 'all', capabilities: [], pathPrefix: '', search: '' };

  const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const decision = /** @type {HTMLSelectElement} */ (byId('decision'));
  const path = /** @type {HTMLInputElement} */ (byId('path'));
  const search = /** @type {HTMLInputElement} */ (byId('search'));
  const capabilityBox = byId('capabilities');

  decision.value = filter.decision;
  path.value = filter.pathPrefix;
  search.value = filter.search;
  for (const capability of CAPABILITIES) {
    const label = document.createElement('label');
    label.className = 'capability';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = capability;
    box.checked = filter.capabilities.includes(capability);
    box.addEventListener('change', () => {
      filter.capabilities = CAPABILITIES.filter((c) => /** @type {HTMLInputElement} */ (capabilityBox.querySelector(`input[value="${c}"]`)).checked);
      sendFilter();
    });
    label.append(box, document.createTextNode(capability));
    capabilityBox.append(label);
  }

  function sendFilter() {
    vscode.setState({ filter });
    vscode.postMessage({ type: 'filter', filter });
  }

  decision.addEventListener('change', () => { filter.decision = decision.value; sendFilter(); });
  path.addEventListener('input', () => { filter.pathPrefix = path.value; sendFilter(); });
  search.addEventListener('input', () => { filter.search = search.value; sendFilter(); });
  byId('load').addEventListener('click', () => vscode.postMessage({ type: 'load' }));
  byId('export').addEventListener('click', () => vscode.postMessage({ type: 'export' }));
  byId('clear').addEventListener('click', () => vscode.postMessage({ type: 'clear' }));

  function cell(text, className, title) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    if (title) td.title = title;
    return td;
  }

  function renderRows(state) {
    const body = byId('rows');
    const fragment = document.createDocumentFragment();
    for (const row of state.rows) {
      const tr = document.createElement('tr');
      tr.className = row.decision === 'denied' ? 'denied' : 'allowed';
      tr.dataset.seq = String(row.seq);
      // Rows are focusable so the log can be walked with Tab and opened with Enter.
      tr.tabIndex = 0;
      tr.append(
        cell(row.time, 'time'),
        cell(row.call, 'call'),
        cell(row.capability, 'capability'),
        cell(row.target, 'target', row.hostPath ? `host: ${row.hostPath}` : undefined),
        cell(row.decision, 'decision'),
        cell(row.errno, 'errno'),
      );
      const source = cell('', 'source', row.sourceTitle);
      if (row.source) {
        const link = document.createElement('a');
        link.href = '#';
        link.textContent = row.source;
        link.className = 'source-link';
        source.append(link);
      }
      tr.append(source);
      const action = cell('', 'action');
      if (row.decision === 'denied') {
        const grant = document.createElement('button');
        grant.type = 'button';
        grant.className = 'grant';
        grant.textContent = 'Grant this';
        grant.title = 'Add the matching preopen, variable or switch to the launch configuration';
        action.append(grant);
      }
      tr.append(action);
      fragment.append(tr);
    }
    body.replaceChildren(fragment);
    const empty = byId('empty');
    empty.textContent = state.total === 0 ? 'No capability use recorded yet.' : state.shown === 0 ? 'No entry matches the filter.' : state.truncated ? `Showing the newest ${state.rows.length} of ${state.shown} entries.` : '';
  }

  function renderSummary(state) {
    const box = byId('summary');
    const parts = [];
    const total = document.createElement('span');
    total.className = 'total';
    total.textContent = `${state.shown} of ${state.total} entries · ${state.summary.total.allowed} allowed · ${state.summary.total.denied} denied`;
    parts.push(total);
    const caps = document.createElement('ul');
    caps.className = 'per-capability';
    for (const { capability, counts } of state.summary.byCapability) {
      const li = document.createElement('li');
      li.textContent = `${capability}: ${counts.allowed} allowed, ${counts.denied} denied`;
      if (counts.denied > 0) li.className = 'has-denied';
      caps.append(li);
    }
    parts.push(caps);
    const targets = document.createElement('ul');
    targets.className = 'per-target';
    for (const { target, counts } of state.summary.byTarget.slice(0, 8)) {
      const li = document.createElement('li');
      li.textContent = `${target}: ${counts.allowed + counts.denied}${counts.denied > 0 ? ` (${counts.denied} denied)` : ''}`;
      if (counts.denied > 0) li.className = 'has-denied';
      targets.append(li);
    }
    parts.push(targets);
    box.replaceChildren(...parts);
  }

  byId('rows').addEventListener('click', (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    const tr = target.closest('tr');
    if (!tr || !tr.dataset.seq) return;
    const seq = Number(tr.dataset.seq);
    event.preventDefault();
    if (target.classList.contains('grant')) vscode.postMessage({ type: 'grant', seq });
    else vscode.postMessage({ type: 'open', seq });
  });

  byId('rows').addEventListener('keydown', (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    if (event.key !== 'Enter' || target.tagName !== 'TR' || !target.dataset.seq) return;
    event.preventDefault();
    vscode.postMessage({ type: 'open', seq: Number(target.dataset.seq) });
  });

  window.addEventListener('message', (event) => {
    const state = event.data;
    if (!state || state.type !== 'state') return;
    byId('origin').textContent = state.origin;
    renderSummary(state);
    renderRows(state);
    document.body.dataset.rows = String(state.rows.length);
  });

  vscode.postMessage({ type: 'ready' });
  if (saved.filter) vscode.postMessage({ type: 'filter', filter });
})();
