// The Sluice console: a page over the JSON API (/api/...). Hash routes: #/runs, #/run/<id>,
// #/gates, #/plans, #/triggers. The DAG is drawn by Cytoscape with the Klay layered layout (WebJars served
// from the console's jar); live updates come from the run's server-sent events.
'use strict';

const sluice = (window.sluice = { graph: null, events: null, timer: null, canAct: false });
const view = () => document.getElementById('view');
const STATES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
const COLOURS = { SUCCEEDED: '#2e9e44', CACHED: '#1c9aa8', FAILED: '#d64545', RUNNING: '#2f6fde', RETRYING: '#e0a100', WAITING: '#c2410c',
  CANCELLED: '#8e44ad', SKIPPED: '#b8c0cc', PENDING: '#b8c0cc', QUEUED: '#b8c0cc' };

function h(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) if (c != null) e.append(c instanceof Node ? c : String(c));
  return e;
}
const state = (s) => h('span', { class: 'state', 'data-state': s }, s);
const time = (t) => (t ? new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-');
function ms(n) {
  if (n < 1000) return n + ' ms';
  if (n < 60000) return (n / 1000).toFixed(1) + ' s';
  if (n < 3600000) return Math.floor(n / 60000) + ' m ' + Math.floor((n % 60000) / 1000) + ' s';
  return Math.floor(n / 3600000) + ' h ' + Math.floor((n % 3600000) / 60000) + ' m';
}
const origin = (r) => r.originKind.toLowerCase().replace('_', '-') + ':' + r.originName;

function banner(message, ok) {
  const b = document.getElementById('banner');
  b.textContent = message;
  b.className = ok ? 'ok' : '';
  b.hidden = !message;
}

async function api(path) {
  const r = await fetch('/api/' + path, { headers: { Accept: 'application/json' } });
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || 'HTTP ' + r.status);
  return body;
}

// --- the token: asked once, kept for this tab ------------------------------------------------
function token() { return sessionStorage.getItem('sluice-token'); }
function askToken() {
  const dialog = document.getElementById('token-dialog');
  document.getElementById('token-input').value = '';
  return new Promise((resolve) => {
    const done = (value) => { dialog.close(); resolve(value); };
    document.getElementById('token-save').onclick = (e) => {
      e.preventDefault();
      const t = document.getElementById('token-input').value.trim();
      if (t) sessionStorage.setItem('sluice-token', t);
      updateTokenButton();
      done(t || null);
    };
    document.getElementById('token-cancel').onclick = () => done(null);
    dialog.showModal();
  });
}
function updateTokenButton() {
  document.getElementById('token-button').textContent = token() ? 'Token set' : 'Set token';
}

// An action: POST with the token (asked once) and, for gates and forks, a JSON body.
async function act(path, what, body) {
  let t = token() || (await askToken());
  if (!t) return null;
  const post = (tok) => {
    const headers = { Authorization: 'Bearer ' + tok, 'X-Sluice-Actor': localStorage.getItem('sluice-name') || 'console' };
    if (body) headers['Content-Type'] = 'application/json';
    return fetch('/api/' + path, { method: 'POST', headers, body: body ? JSON.stringify(body) : undefined });
  };
  let r = await post(t);
  if (r.status === 401 || r.status === 403) {
    sessionStorage.removeItem('sluice-token');
    updateTokenButton();
    t = await askToken();
    if (!t) return null;
    r = await post(t);
  }
  const answer = await r.json();
  if (!r.ok) { banner(what + ' refused: ' + answer.error); return null; }
  banner(answer.message, true);
  return answer;
}

// --- routing ----------------------------------------------------------------------------------
function stopLive() {
  if (sluice.events) { sluice.events.close(); sluice.events = null; }
  if (sluice.timer) { clearInterval(sluice.timer); sluice.timer = null; }
  if (sluice.graph) { sluice.graph.destroy(); sluice.graph = null; }
}
async function route() {
  stopLive();
  const hash = location.hash || '#/runs';
  for (const id of ['runs', 'gates', 'plans', 'triggers']) {
    document.getElementById('nav-' + id).classList.toggle('active', hash.startsWith('#/' + id) || (id === 'runs' && hash.startsWith('#/run/')));
  }
  try {
    if (hash.startsWith('#/run/')) await runPage(decodeURIComponent(hash.slice(6)));
    else if (hash.startsWith('#/gates')) await gatesPage();
    else if (hash.startsWith('#/plans')) await plansPage();
    else if (hash.startsWith('#/triggers')) await triggersPage();
    else await runsPage(new URLSearchParams(hash.split('?')[1] || ''));
  } catch (e) {
    view().replaceChildren(h('p', { class: 'muted' }, String(e.message)));
  }
}

// --- runs list --------------------------------------------------------------------------------
async function runsPage(params) {
  const wf = h('input', { id: 'filter-workflow', placeholder: 'workflow', value: params.get('workflow') || '' });
  const st = h('select', { id: 'filter-state' }, h('option', { value: '' }, 'any state'),
    STATES.map((s) => h('option', { value: s, selected: params.get('state') === s }, s)));
  const label = h('input', { id: 'filter-label', placeholder: 'label key=value', value: params.get('label') || '' });
  const apply = () => {
    const q = new URLSearchParams();
    if (wf.value) q.set('workflow', wf.value);
    if (st.value) q.set('state', st.value);
    if (label.value) q.set('label', label.value);
    location.hash = '#/runs?' + q;
  };
  const tbody = h('tbody', { id: 'runs-body' });
  const more = h('button', { id: 'runs-more', type: 'button', hidden: true }, 'More');
  view().replaceChildren(
    h('h1', {}, 'Runs'),
    h('div', { class: 'filters' }, wf, st, label, h('button', { type: 'button', onclick: apply }, 'Filter')),
    h('table', { id: 'runs' }, h('thead', {}, h('tr', {}, ['Run', 'Workflow', 'State', 'Started', 'Duration', 'Origin'].map((c) => h('th', {}, c)))), tbody),
    more);
  let after = null;
  const query = (extra) => {
    const q = new URLSearchParams(params);
    q.set('limit', '50');
    if (extra) q.set('after', extra);
    return 'runs?' + q;
  };
  const row = (r) => h('tr', { class: 'clickable', dataset: { run: r.runId }, onclick: () => (location.hash = '#/run/' + encodeURIComponent(r.runId)) },
    h('td', {}, h('a', { href: '#/run/' + encodeURIComponent(r.runId) }, r.runId)), h('td', {}, r.workflow), h('td', {}, state(r.state)),
    h('td', {}, time(r.started)), h('td', {}, ms(r.durationMillis)), h('td', {}, origin(r)));
  const load = async () => {
    const page = await api(query(null));
    tbody.replaceChildren(...page.runs.map(row));
    if (!page.runs.length) tbody.append(h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'No runs match.')));
    after = page.next; more.hidden = !after;
  };
  more.onclick = async () => {
    const page = await api(query(after));
    tbody.append(...page.runs.map(row));
    after = page.next; more.hidden = !after;
  };
  await load();
  sluice.timer = setInterval(() => { if (!after || tbody.children.length <= 50) load().catch(() => {}); }, 3000);
}

// --- one run ------------------------------------------------------------------------------------
async function runPage(runId) {
  const [detail, dag] = await Promise.all([api('runs/' + encodeURIComponent(runId)), api('runs/' + encodeURIComponent(runId) + '/dag')]);
  const actions = h('div', { class: 'actions' });
  const header = h('div', { id: 'run-header' });
  const nodesBody = h('tbody', { id: 'nodes-body' });
  const panel = h('div', { id: 'node-panel' }, h('p', { class: 'muted' }, 'Click a node to see its attempts, error and log tail.'));
  const gantt = h('div', { class: 'gantt', id: 'timeline' });
  const log = h('tbody', { id: 'actions-body' });
  const waiting = h('div', { id: 'waiting-gates' });
  let waitingKey = null;
  view().replaceChildren(
    h('h1', {}, 'Run ', h('span', { id: 'run-id' }, runId)), header, actions, waiting,
    h('div', { class: 'grid' }, h('div', { id: 'dag' }), panel),
    h('h2', {}, 'Nodes'),
    h('table', { id: 'nodes' }, h('thead', {}, h('tr', {}, ['Node', 'Kind', 'State', 'Attempts', 'Duration', 'Executor', 'Error / cache'].map((c) => h('th', {}, c)))), nodesBody),
    h('h2', {}, 'Timeline'), gantt,
    h('h2', {}, 'Actions'), h('table', {}, h('thead', {}, h('tr', {}, ['When', 'Action', 'Who', 'Outcome', 'Message'].map((c) => h('th', {}, c)))), log));
  let selected = null;
  let current = detail;
  const render = (d) => {
    current = d;
    const r = d.run;
    header.replaceChildren(h('div', { class: 'meta' },
      h('b', {}, r.workflow), ' v' + r.version + ' · ', h('span', { id: 'run-state' }, state(r.state)),
      ' · started ' + time(r.started) + ' · ' + ms(r.durationMillis) + ' · origin ' + origin(r),
      d.recoveredFrom ? [' · recovers ', h('a', { href: '#/run/' + d.recoveredFrom }, d.recoveredFrom)] : '',
      d.error ? [h('br'), 'error: ' + d.error.summary] : ''));
    const canCancel = r.state === 'RUNNING';
    const ended = r.state === 'FAILED' || r.state === 'CANCELLED';
    actions.replaceChildren(
      h('button', { id: 'cancel-button', class: 'danger', type: 'button', disabled: !canCancel, title: d.live ? null : 'another engine holds this run: a cancel request is kept in the store for it',
        onclick: async () => { if (await act('runs/' + encodeURIComponent(runId) + '/cancel', 'cancel')) refresh(); } }, 'Cancel'),
      h('button', { id: 'recover-button', type: 'button', disabled: !ended,
        onclick: async () => { const a = await act('runs/' + encodeURIComponent(runId) + '/recover', 'recover'); if (a && a.runId) location.hash = '#/run/' + a.runId; } }, 'Recover'),
      h('button', { id: 'resume-button', type: 'button', disabled: r.state !== 'RUNNING' || d.live,
        onclick: async () => { if (await act('runs/' + encodeURIComponent(runId) + '/resume', 'resume')) refresh(); } }, 'Resume'));
    nodesBody.replaceChildren(...d.nodes.map((n) => h('tr', { class: 'clickable' + (n.path === selected ? ' selected' : ''), id: 'node-' + n.path, dataset: { node: n.path, state: n.state },
      onclick: () => select(n.path) },
      h('td', {}, n.path), h('td', {}, n.kind), h('td', {}, state(n.state)), h('td', {}, n.attempts), h('td', {}, ms(n.durationMillis)),
      h('td', {}, n.executor || '-'), h('td', {}, n.error ? n.error.summary : n.cached ? 'cache hit' : ''))));
    const key = JSON.stringify(d.waiting.map((g) => [g.path, g.deadline]));
    if (key !== waitingKey) { // redrawn only when it changes: a reason being typed stays
      waitingKey = key;
      waiting.replaceChildren(...(d.waiting.length ? [h('h2', {}, 'Waiting'), gatesTable(d.waiting, false, refresh)] : []));
    }
    timeline(gantt, d);
    log.replaceChildren(...d.actions.map((a) => h('tr', {}, h('td', {}, time(a.at)), h('td', {}, a.verb), h('td', {}, a.actor), h('td', {}, a.outcome), h('td', {}, a.message))));
    if (!d.actions.length) log.append(h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'None.')));
    for (const n of d.nodes) setGraphState(n.path, n.state);
    if (selected) showNode(panel, d.nodes.find((n) => n.path === selected), d);
  };
  const select = (path) => { selected = path; render(current); };
  let pending = null;
  const refresh = () => {
    if (pending) return;
    pending = setTimeout(async () => { pending = null; try { render(await api('runs/' + encodeURIComponent(runId))); } catch (e) { banner(e.message); } }, 150);
  };
  drawDag(dag, (id) => select(id));
  render(detail);
  if (!detail.run.state || detail.run.state === 'RUNNING') {
    const es = new EventSource('/api/runs/' + encodeURIComponent(runId) + '/events');
    sluice.events = es;
    es.addEventListener('node', (m) => {
      const e = JSON.parse(m.data);
      setGraphState(e.node, e.state);
      const row = document.getElementById('node-' + e.node);
      if (row) { row.dataset.state = e.state; row.children[2].replaceChildren(state(e.state)); }
      refresh();
    });
    es.addEventListener('run', refresh);
    es.addEventListener('end', () => { es.close(); refresh(); });
  }
}

function drawDag(dag, onTap) {
  if (typeof cytoscape === 'undefined') return;
  const elements = dag.nodes.map((n) => ({ data: { id: n.id, label: n.id, state: 'PENDING' } }))
    .concat(dag.edges.map((e, i) => ({ data: { id: 'e' + i, source: e.from, target: e.to } })));
  const layout = typeof $klay !== 'undefined' ? { name: 'klay', klay: { direction: 'RIGHT', spacing: 30 } } : { name: 'breadthfirst', directed: true };
  sluice.graph = cytoscape({
    container: document.getElementById('dag'), elements, layout, maxZoom: 1.3,
    style: [
      { selector: 'node', style: { label: 'data(label)', 'text-valign': 'center', 'text-halign': 'center', shape: 'round-rectangle',
        width: (n) => Math.max(50, n.data("label").length * 7 + 18), height: 26, 'font-size': 11, color: '#fff', 'background-color': '#b8c0cc' } },
      ...Object.entries(COLOURS).map(([s, c]) => ({ selector: 'node[state = "' + s + '"]', style: { 'background-color': c } })),
      { selector: 'edge', style: { width: 1.5, 'line-color': '#9aa5b1', 'target-arrow-color': '#9aa5b1', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier' } },
    ],
  });
  sluice.graph.on('tap', 'node', (e) => onTap(e.target.id()));
}

function setGraphState(path, s) {
  if (!sluice.graph) return;
  const top = path.split('/')[0].replace(/\[\d+\]$/, '');
  const node = sluice.graph.getElementById(top);
  if (node.nonempty() && (top === path)) node.data('state', s);
}

function showNode(panel, n, d) {
  if (!n) return;
  panel.replaceChildren(...[
    forkControls(n, d),
    h('h2', {}, n.path, ' ', state(n.state)),
    h('div', { class: 'meta' }, 'kind ' + n.kind + ' · executor ' + (n.executor || '-') + ' · attempt name ' + (n.attemptName || '-'),
      n.cached ? [h('br'), 'served from the task cache'] : ''),
    h('div', {}, h('b', {}, 'Inputs: '), Object.entries(n.inputs).map(([k, v]) => k + ' ← ' + v).join(', ') || '-'),
    n.output ? h('div', {}, h('b', {}, 'Output: '), h('code', { id: 'node-output' }, n.output)) : '',
    h('table', {}, h('thead', {}, h('tr', {}, ['#', 'Started', 'Ended', 'Outcome', 'Executor'].map((c) => h('th', {}, c)))),
      h('tbody', {}, n.attemptList.map((a) => h('tr', {}, h('td', {}, a.number), h('td', {}, time(a.started)), h('td', {}, time(a.ended)), h('td', {}, state(a.outcome)), h('td', {}, a.executor || '-'))))),
    n.error ? [h('h2', {}, n.error.type), h('pre', { id: 'node-error' }, n.error.message), n.error.logTail ? [h('b', {}, 'Log tail'), h('pre', { id: 'log-tail' }, n.error.logTail)] : ''] : ''].flat(Infinity));
}

function timeline(container, d) {
  const start = Date.parse(d.run.started);
  const end = Math.max(start + 1, d.run.ended ? Date.parse(d.run.ended) : Date.now(),
    ...d.nodes.flatMap((n) => n.attemptList.map((a) => (a.ended ? Date.parse(a.ended) : Date.now()))));
  const pct = (t) => ((t - start) / (end - start)) * 100;
  container.replaceChildren(...d.nodes.filter((n) => n.attemptList.length || n.started).map((n) => {
    const lane = h('div', { class: 'lane' });
    for (const a of n.attemptList) {
      const s = Date.parse(a.started), e = a.ended ? Date.parse(a.ended) : Date.now();
      lane.append(h('div', { class: 'bar', title: 'attempt ' + a.number + ': ' + a.outcome, style: 'left:' + pct(s) + '%;width:' + Math.max(0.3, pct(e) - pct(s)) + '%;background:' + (COLOURS[a.outcome] || '#999') }));
      if (a.waitUntil) {
        const w = Date.parse(a.waitUntil);
        lane.append(h('div', { class: 'wait', title: 'retry wait', style: 'left:' + pct(e) + '%;width:' + Math.max(0.3, pct(w) - pct(e)) + '%' }));
      }
    }
    if (!n.attemptList.length && n.started) {
      const s = Date.parse(n.started), e = n.ended ? Date.parse(n.ended) : Date.now();
      lane.append(h('div', { class: 'bar', style: 'left:' + pct(s) + '%;width:' + Math.max(0.3, pct(e) - pct(s)) + '%;background:' + (COLOURS[n.state] || '#999') }));
    }
    return h('div', { class: 'row' }, h('div', { class: 'label' }, n.path), lane);
  }));
  container.append(h('div', { class: 'muted' }, '0 → ' + ms(end - start) + ' (bars: attempts; dashes: waits before a retry)'));
}

// --- plans and triggers ---------------------------------------------------------------------------
function decisions(list) {
  if (!list.length) return h('p', { class: 'muted' }, 'No decisions yet.');
  return h('table', {}, h('thead', {}, h('tr', {}, ['When', 'Decision', 'Run', 'Why'].map((c) => h('th', {}, c)))),
    h('tbody', {}, list.map((e) => h('tr', {}, h('td', {}, time(e.time)), h('td', {}, e.decision),
      h('td', {}, e.runId ? h('a', { href: '#/run/' + e.runId }, e.runId) : '-'), h('td', {}, e.reason)))));
}

// --- gates: what a run waits for, approve / reject / signal; fork from a node ----------------------
function gatesTable(gates, withRun, done) {
  return h('table', { class: 'gates' }, h('thead', {}, h('tr', {}, [withRun ? ['Run', 'Workflow'] : [], 'Gate', 'Waits for', 'Until', 'Since', 'Decide'].flat().map((c) => h('th', {}, c)))),
    h('tbody', {}, gates.map((g) => h('tr', { class: 'gate', dataset: { run: g.runId, gate: g.path } },
      withRun ? [h('td', {}, h('a', { href: '#/run/' + encodeURIComponent(g.runId) }, g.runId)), h('td', {}, g.workflow)] : [],
      h('td', {}, g.path), h('td', {}, g.expects), h('td', {}, g.deadline ? time(g.deadline) : 'no timeout'), h('td', {}, time(g.since)),
      h('td', {}, gateControls(g, done))))));
}

function gateControls(g, done) {
  const base = 'runs/' + encodeURIComponent(g.runId) + '/gates/' + encodeURIComponent(g.path) + '/';
  if (g.approval) {
    const by = h('input', { class: 'gate-by', placeholder: 'who', size: 10, value: localStorage.getItem('sluice-name') || '' });
    const why = h('input', { class: 'gate-why', placeholder: 'why', size: 28 });
    const decide = (verb) => async () => {
      if (by.value.trim()) localStorage.setItem('sluice-name', by.value.trim());
      const body = { reason: why.value.trim() };
      if (by.value.trim()) body.by = by.value.trim();
      if (await act(base + verb, verb, body)) done();
    };
    return h('span', { class: 'gate-form' }, by, why,
      h('button', { class: 'primary approve', type: 'button', onclick: decide('approve') }, 'Approve'),
      h('button', { class: 'danger reject', type: 'button', onclick: decide('reject') }, 'Reject'));
  }
  if (!g.signal) return h('span', { class: 'muted' }, 'ends by itself');
  const payload = h('input', { class: 'gate-payload', placeholder: 'payload JSON (' + (g.payloadType || '').split(/[.$]/).pop() + ')', size: 34 });
  return h('span', { class: 'gate-form' }, payload, h('button', { class: 'primary signal', type: 'button', onclick: async () => {
    let value;
    try { value = JSON.parse(payload.value); } catch (e) { banner('the payload is not JSON: ' + e.message); return; }
    if (await act(base + 'signal', 'signal', { payload: value })) done();
  } }, 'Send signal'));
}

function forkControls(n, d) {
  const r = d.run;
  if (!sluice.canAct || r.state === 'RUNNING' || n.path.includes('/') || n.path.includes('[')) return '';
  const input = h('input', { id: 'fork-input', placeholder: 'input changes: field=value, …', size: 30 });
  return h('div', { class: 'fork' }, input, h('button', { id: 'fork-button', type: 'button', onclick: async () => {
    const changes = {};
    for (const kv of input.value.split(',').map((x) => x.trim()).filter(Boolean)) {
      const eq = kv.indexOf('=');
      if (eq <= 0) { banner('input change "' + kv + '" must be field=value'); return; }
      changes[kv.slice(0, eq).trim()] = kv.slice(eq + 1).trim();
    }
    const a = await act('runs/' + encodeURIComponent(r.runId) + '/fork', 'fork', { from: n.path, input: changes });
    if (a && a.runId) location.hash = '#/run/' + a.runId;
  } }, 'Fork from ' + n.path));
}

async function gatesPage() {
  const body = h('div', { id: 'gates-list' });
  view().replaceChildren(h('h1', {}, 'Waiting gates'),
    h('p', { class: 'muted' }, 'Gates of unfinished runs waiting for a signal or an approval. A decision is journaled with who took it and why.'), body);
  let key = null;
  const load = async () => {
    const { gates } = await api('gates');
    const k = JSON.stringify(gates.map((g) => [g.runId, g.path]));
    if (k === key) return; // unchanged: keep what is being typed
    key = k;
    body.replaceChildren(gates.length ? gatesTable(gates, true, () => { key = null; load(); }) : h('p', { class: 'muted' }, 'No gate waits.'));
  };
  await load();
  sluice.timer = setInterval(() => load().catch(() => {}), 3000);
}

async function plansPage() {
  const { plans } = await api('plans');
  view().replaceChildren(h('h1', {}, 'Launch plans'), plans.length ? '' : h('p', { class: 'muted' }, 'This console serves no launch plans.'),
    ...plans.map((p) => h('section', { class: 'plan', dataset: { plan: p.name } },
      h('h2', {}, p.name, ' ', h('span', { class: 'muted' }, '(workflow ' + p.workflow + ')'), ' ',
        h('button', { class: 'primary', type: 'button', id: 'launch-' + p.name, onclick: async () => { const a = await act('plans/' + encodeURIComponent(p.name) + '/launch', 'launch'); if (a && a.runId) location.hash = '#/run/' + a.runId; } }, 'Launch now'),
        ' ', ...pauseButtons('plans', p.name), ' ',
        h('button', { type: 'button', id: 'backfill-' + p.name, onclick: () => backfill(p.name) }, 'Backfill…')),
      p.schedules.length ? h('ul', {}, p.schedules.map((s) => h('li', {}, s.describe + ' — next: ' + s.next.map(time).join(', ')))) : h('p', { class: 'muted' }, 'No schedule.'),
      decisions(p.recent))));
}

// Pause and resume keep their state in the store: every replica of the program agrees.
function pauseButtons(kind, name) {
  const path = kind + '/' + encodeURIComponent(name);
  return [
    h('button', { type: 'button', id: 'pause-' + name, onclick: async () => {
      const reason = window.prompt('Pause ' + name + ': why? (may be empty)', '');
      if (reason !== null && await act(path + '/pause', 'pause', { reason })) route();
    } }, 'Pause'), ' ',
    h('button', { type: 'button', id: 'resume-' + name, onclick: async () => { if (await act(path + '/resume', 'resume')) route(); } }, 'Resume')];
}

// One run per firing in [from, to), each with its scheduled time; firings that already ran are not run again.
async function backfill(plan) {
  const from = window.prompt('Backfill ' + plan + ' from (ISO-8601 instant, inclusive)', new Date(Date.now() - 86400000).toISOString().slice(0, 19) + 'Z');
  if (!from) return;
  const to = window.prompt('… to (exclusive)', new Date().toISOString().slice(0, 19) + 'Z');
  if (!to) return;
  const n = window.prompt('At most how many runs at a time?', '1');
  if (!n) return;
  if (await act('plans/' + encodeURIComponent(plan) + '/backfill', 'backfill', { from, to, maxConcurrent: Number(n) })) route();
}

async function triggersPage() {
  const { triggers } = await api('triggers');
  view().replaceChildren(h('h1', {}, 'Triggers'), triggers.length ? '' : h('p', { class: 'muted' }, 'This console serves no triggers.'),
    ...triggers.map((t) => h('section', {}, h('h2', {}, t.name, ' → plan ' + t.plan, ' ', ...pauseButtons('triggers', t.name)),
      h('div', { class: 'meta' }, 'when ' + t.condition + ' · every ' + t.every + ' · cooldown ' + t.cooldown), decisions(t.recent))));
}

// --- start --------------------------------------------------------------------------------------
window.addEventListener('DOMContentLoaded', async () => {
  const m = location.hash.match(/^#token=(.+)$/);
  if (m) { sessionStorage.setItem('sluice-token', decodeURIComponent(m[1])); history.replaceState(null, '', '/#/runs'); }
  updateTokenButton();
  document.getElementById('token-button').addEventListener('click', () => askToken());
  try {
    const info = await api('info');
    sluice.canAct = info.canAct;
    if (!info.canAct) document.getElementById('mode').textContent = 'read-only: no engine attached (signals are kept for the engine holding the run)';
  } catch (e) { banner(e.message); }
  window.addEventListener('hashchange', route);
  route();
});
