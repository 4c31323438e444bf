// Hookgate console: a small hash-routed single-page app over the admin API. No framework, no CDN.
// Every piece of data reaches the page through textContent (the h() helper), never innerHTML.

import { h, toast, fmtTime, outcomeBadge, apiKey, storeKey, api, copyButton, secretBox, signOut, view } from './lib.js';
import { renderWebhooks } from './webhooks.js';
import { renderWebhook } from './webhook.js';
import { renderContacts, renderContact } from './contacts.js';

// ---------- sign in ----------
function renderSignIn() {
  document.getElementById('nav').hidden = true;
  const input = h('input', { id: 'api-key', type: 'password', autocomplete: 'off', required: true, placeholder: 'hg_test_…' });
  const form = h('form', { class: 'panel', onsubmit: async (e) => {
    e.preventDefault();
    storeKey(input.value.trim());
    try { await api('GET', '/api/v1/connections?limit=1'); location.hash = '#/connections'; }
    catch (err) { if (err.status !== 401) toast(err.message, true); }
  } },
    h('label', { for: 'api-key' }, 'API key', input),
    h('p', { class: 'muted' }, 'The key stays in this browser tab only (session storage).'),
    h('button', { type: 'submit' }, 'Sign in'));
  view.replaceChildren(h('h1', {}, 'Sign in'), form);
  input.focus();
}

// ---------- connections ----------
async function renderConnections() {
  const list = h('div', { id: 'connections-list' });
  view.replaceChildren(h('h1', {}, 'Connections'), createConnectionForm(() => renderConnectionList(list)), list);
  await renderConnectionList(list);
}

async function renderConnectionList(container) {
  const list = await api('GET', '/api/v1/connections?limit=200');
  const rows = list.data.map(c => h('tr', { class: 'clickable', tabindex: 0, 'data-connection': c.id,
      onclick: () => { location.hash = '#/connections/' + c.id; },
      onkeydown: (e) => { if (e.key === 'Enter') location.hash = '#/connections/' + c.id; } },
    h('td', {}, c.name),
    h('td', {}, c.auth.mode, c.auth.authenticated ? '' : h('span', { class: 'badge warn', title: 'Anyone with the URL can post' }, ' unauthenticated')),
    h('td', {}, h('span', { class: 'badge ' + (c.status === 'ACTIVE' ? 'ok' : 'warn') }, c.status)),
    h('td', {}, String(c.schemaVersion)),
    h('td', {}, String(c.flowsCount)),
    h('td', {}, fmtTime(c.lastRequestAt))));
  container.replaceChildren(rows.length ? h('table', { id: 'connections' },
      h('thead', {}, h('tr', {}, ['Name', 'Auth', 'Status', 'Schema', 'Flows', 'Last request'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows)) : h('p', { class: 'muted' }, 'No connections yet: create the first one above.'));
}

const AUTH_MODES = ['SHARED_SECRET', 'URL_KEY', 'STRIPE', 'SLACK', 'SVIX', 'PADDLE', 'REVOLUT', 'META', 'HMAC', 'SERVICE_KEY', 'JWT', 'NONE'];

function createConnectionForm(onCreated) {
  const name = h('input', { id: 'new-name', required: true, minlength: 3, maxlength: 50 });
  const mode = h('select', { id: 'new-mode' }, AUTH_MODES.map(m => h('option', { value: m }, m)));
  const secret = h('input', { id: 'new-secret', type: 'password', autocomplete: 'off', placeholder: 'generated when empty' });
  const maxBody = h('input', { id: 'new-max-body', type: 'number', min: 1, max: 1048576, placeholder: '102400' });
  const result = h('div', { id: 'create-result' });
  const form = h('form', { class: 'panel', 'aria-labelledby': 'create-title', onsubmit: async (e) => {
    e.preventDefault();
    const body = { name: name.value, auth: { mode: mode.value } };
    if (secret.value) body.auth.secret = secret.value;
    if (maxBody.value) body.maxBodyBytes = Number(maxBody.value);
    try {
      const created = await api('POST', '/api/v1/connections', body);
      const once = created.secret || created.apiKey;
      result.replaceChildren(
        h('p', {}, 'Created ', h('a', { href: '#/connections/' + created.id }, created.name), '. Ingest URL: ', h('code', {}, created.ingestUrl), ' ', copyButton(created.ingestUrl, 'Copy URL')),
        once ? secretBox(created.apiKey ? 'URL key' : 'Secret', once) : '',
        created.verifyToken ? secretBox('Verify token', created.verifyToken) : '');
      form.reset();
      toast('Connection created');
      await onCreated();
    } catch (err) { toast((err.field ? err.field + ': ' : '') + err.message, true); }
  } },
    h('h2', { id: 'create-title' }, 'New connection'),
    h('div', { class: 'row' },
      h('label', { for: 'new-name' }, 'Name', name),
      h('label', { for: 'new-mode' }, 'Auth mode', mode),
      h('label', { for: 'new-secret' }, 'Secret', secret),
      h('label', { for: 'new-max-body' }, 'Max body bytes', maxBody),
      h('button', { type: 'submit' }, 'Create')),
    result);
  return form;
}

async function renderConnection(id) {
  const c = await api('GET', '/api/v1/connections/' + id);
  const secretArea = h('div');
  const action = (label, fn, cls) => h('button', { type: 'button', class: cls || 'secondary', onclick: async () => {
    try { await fn(); } catch (err) { toast(err.message, true); }
  } }, label);
  const details = h('dl', { class: 'grid' });
  for (const [k, v] of [['ID', c.id], ['Ingest URL', c.ingestUrl], ['Status', c.status], ['Auth mode', c.auth.mode],
    ['Secret configured', c.auth.secretConfigured ? 'yes' : 'no'], ['Max body', c.maxBodyBytes + ' bytes'],
    ['Schema version', String(c.schemaVersion)], ['Flows', String(c.flowsCount)], ['Created', fmtTime(c.createdAt)]]) {
    details.append(h('div', {}, h('dt', {}, k), h('dd', {}, v)));
  }
  const history = h('section', { 'aria-labelledby': 'history-title' });
  const schemaSection = h('section', { 'aria-labelledby': 'schema-title' });
  const triggersSection = h('section', { 'aria-labelledby': 'triggers-title' });
  view.replaceChildren(
    h('p', {}, h('a', { href: '#/connections' }, '← Connections')),
    h('h1', {}, c.name),
    h('div', { class: 'panel' }, details,
      h('div', { class: 'actions' },
        c.status === 'ACTIVE'
          ? action('Pause', async () => { await api('POST', `/api/v1/connections/${id}/pause`); toast('Paused'); route(); })
          : action('Resume', async () => { await api('POST', `/api/v1/connections/${id}/resume`); toast('Resumed'); route(); }),
        c.auth.secretConfigured ? action('Rotate secret', async () => {
          const r = await api('POST', `/api/v1/connections/${id}/secret/rotate`, { graceSeconds: 0 });
          secretArea.replaceChildren(secretBox(r.apiKey ? 'New URL key' : 'New secret', r.secret || r.apiKey));
        }) : '',
        copyButton(c.ingestUrl, 'Copy ingest URL'),
        action('Delete', async () => {
          if (!confirm('Delete ' + c.name + '? Its URL stops accepting webhooks at once.')) return;
          await api('DELETE', '/api/v1/connections/' + id); toast('Deleted'); location.hash = '#/connections';
        }, 'danger')),
      secretArea),
    schemaSection,
    triggersSection,
    history);
  await Promise.all([renderSchema(schemaSection, id), renderTriggers(triggersSection, id), renderHistory(history, id)]);
}

// ---------- schema (capture) ----------
async function renderSchema(section, connectionId) {
  const schema = await api('GET', `/api/v1/connections/${connectionId}/schema`);
  const status = h('p', { class: 'muted', id: 'capture-status' },
    schema.version ? `Version ${schema.version}, ${schema.fields.length} fields.` : 'No schema yet: capture a sample.');
  section.replaceChildren(
    h('h2', { id: 'schema-title' }, 'Schema'),
    h('div', { class: 'panel' }, status,
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: 'capture', onclick: async () => {
        try {
          const r = await api('POST', `/api/v1/connections/${connectionId}/capture`);
          status.textContent = 'Capturing: the next webhook (until ' + fmtTime(r.captureUntil) + ') becomes the sample.';
        } catch (err) { toast(err.message, true); }
      } }, 'Capture a sample'), h('button', { type: 'button', class: 'secondary', onclick: () => renderSchema(section, connectionId) }, 'Refresh')),
      schema.fields.length ? h('table', { id: 'schema-fields' },
        h('thead', {}, h('tr', {}, ['Variable', 'Type', 'Required'].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, schema.fields.map(f => h('tr', {}, h('td', {}, h('code', {}, '{{webhook.' + f.path + '}}')),
          h('td', {}, f.type), h('td', {}, f.required ? 'yes' : 'no'))))) : ''));
}

// ---------- flows bound to a connection ----------
async function renderTriggers(section, connectionId) {
  const [triggers, flows] = await Promise.all([
    api('GET', `/api/v1/connections/${connectionId}/triggers`), api('GET', '/api/v1/flows?limit=200')]);
  const names = Object.fromEntries(flows.data.map(f => [f.id, f.name]));
  const flow = h('select', { id: 'bind-flow' }, flows.data.map(f => h('option', { value: f.id }, f.name)));
  const action = h('select', { id: 'bind-action' }, ['START', 'RESUME'].map(a => h('option', { value: a }, a)));
  const path = h('input', { id: 'bind-path', placeholder: '$.order.id' });
  section.replaceChildren(
    h('h2', { id: 'triggers-title' }, 'Flows'),
    h('div', { class: 'panel' },
      triggers.data.length ? h('table', {}, h('thead', {}, h('tr', {}, ['Flow', 'Action', 'Correlation path', ''].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, triggers.data.map(t => h('tr', {}, h('td', {}, names[t.flowId] || t.flowId), h('td', {}, t.action),
          h('td', {}, t.correlationPath ? h('code', {}, t.correlationPath) : '—'),
          h('td', {}, h('button', { type: 'button', class: 'danger', onclick: async () => {
            await api('DELETE', '/api/v1/triggers/' + t.id); renderTriggers(section, connectionId);
          } }, 'Unbind')))))) : h('p', { class: 'muted' }, 'No flow is bound to this connection.'),
      flows.data.length ? h('form', { class: 'row', onsubmit: async (e) => {
        e.preventDefault();
        try {
          await api('POST', `/api/v1/connections/${connectionId}/triggers`,
            { flowId: flow.value, action: action.value, ...(path.value ? { correlationPath: path.value } : {}) });
          toast('Flow bound'); renderTriggers(section, connectionId);
        } catch (err) { toast((err.field ? err.field + ': ' : '') + err.message, true); }
      } }, h('label', { for: 'bind-flow' }, 'Flow', flow), h('label', { for: 'bind-action' }, 'Action', action),
        h('label', { for: 'bind-path' }, 'Correlation path', path), h('button', { type: 'submit' }, 'Bind'))
        : h('p', {}, h('a', { href: '#/flows' }, 'Create a flow'), ' to bind it here.')));
}

// ---------- flows ----------
async function renderFlows() {
  const flows = await api('GET', '/api/v1/flows?limit=200');
  const name = h('input', { id: 'flow-name', required: true, maxlength: 100 });
  view.replaceChildren(
    h('h1', {}, 'Flows'),
    h('form', { class: 'panel row', onsubmit: async (e) => {
      e.preventDefault();
      try { await api('POST', '/api/v1/flows', { name: name.value }); toast('Flow created'); route(); }
      catch (err) { toast(err.message, true); }
    } }, h('label', { for: 'flow-name' }, 'Name', name), h('button', { type: 'submit' }, 'Create flow')),
    flows.data.length ? h('table', {}, h('thead', {}, h('tr', {}, ['Name', 'Created'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, flows.data.map(f => h('tr', { class: 'clickable', tabindex: 0, onclick: () => { location.hash = '#/flows/' + f.id; },
        onkeydown: (e) => { if (e.key === 'Enter') location.hash = '#/flows/' + f.id; } },
        h('td', {}, f.name), h('td', {}, fmtTime(f.createdAt)))))) : h('p', { class: 'muted' }, 'No flows yet.'));
}

async function renderFlow(id) {
  const [flow, runs] = await Promise.all([api('GET', '/api/v1/flows/' + id), api('GET', `/api/v1/flows/${id}/runs?limit=100`)]);
  view.replaceChildren(
    h('p', {}, h('a', { href: '#/flows' }, '← Flows')),
    h('h1', {}, flow.name),
    runs.data.length ? h('table', { id: 'runs' }, h('thead', {}, h('tr', {}, ['Run', 'Status', 'Contact', 'Correlation', 'Resumed', 'Started']
      .map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, runs.data.map(r => h('tr', {}, h('td', {}, h('code', {}, r.id)), h('td', {}, r.status), h('td', {}, r.contactId || '—'),
        h('td', {}, r.correlationValue || '—'), h('td', {}, String(r.resumedCount)), h('td', {}, fmtTime(r.createdAt)))))) :
      h('p', { class: 'muted' }, 'No runs yet.'));
}

// ---------- history + live tail ----------
async function renderHistory(section, connectionId) {
  const outcome = h('select', { id: 'filter-outcome' }, ['', 'ACCEPTED', 'SAMPLE_CAPTURED', 'UNAUTHORIZED',
    'INVALID_JSON', 'INVALID_XML', 'PAYLOAD_TOO_LARGE', 'IDENTIFIER_NOT_FOUND', 'TRIGGER_NOT_FOUND', 'PROVIDER_MISMATCH', 'FORBIDDEN_IP',
    'RATE_LIMITED', 'UNAVAILABLE', 'REQUEST_TIMEOUT', 'HEADERS_TOO_LARGE', 'URI_TOO_LONG', 'MALFORMED_REQUEST', 'ERROR'].map(o => h('option', { value: o }, o || 'any')));
  const from = h('input', { id: 'filter-from', type: 'datetime-local' });
  const to = h('input', { id: 'filter-to', type: 'datetime-local' });
  const tbody = h('tbody', { id: 'history-rows' });
  const detail = h('div', { id: 'request-detail' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Older');
  const liveButton = h('button', { type: 'button', class: 'secondary', id: 'live-toggle', 'aria-pressed': 'false' }, 'Live tail');
  let cursor = null;

  const rowOf = (r) => h('tr', { class: 'clickable', tabindex: 0, 'data-request': r.requestId,
      onclick: () => showDetail(detail, r), onkeydown: (e) => { if (e.key === 'Enter') showDetail(detail, r); } },
    h('td', {}, fmtTime(r.receivedAt)), h('td', {}, outcomeBadge(r.outcome)), h('td', {}, String(r.status)),
    h('td', {}, h('code', {}, r.requestId)), h('td', {}, r.reason || ''), h('td', {}, r.durationMs + ' ms'));

  async function load(reset) {
    const params = new URLSearchParams({ limit: '50' });
    if (outcome.value) params.set('outcome', outcome.value);
    if (from.value) params.set('from', new Date(from.value).toISOString());
    if (to.value) params.set('to', new Date(to.value).toISOString());
    if (!reset && cursor) params.set('cursor', cursor);
    const page = await api('GET', `/api/v1/connections/${connectionId}/requests?${params}`);
    if (reset) tbody.replaceChildren();
    page.data.forEach(r => tbody.append(rowOf(r)));
    cursor = page.nextCursor;
    more.hidden = !cursor;
  }
  more.addEventListener('click', () => load(false).catch(err => toast(err.message, true)));

  let tail = null;
  liveButton.addEventListener('click', () => {
    if (tail) { tail.abort(); tail = null; liveButton.setAttribute('aria-pressed', 'false'); liveButton.textContent = 'Live tail'; return; }
    tail = new AbortController();
    liveButton.setAttribute('aria-pressed', 'true');
    liveButton.replaceChildren(h('span', { class: 'live-dot', 'aria-hidden': 'true' }), 'Live — stop');
    streamTail(connectionId, tail.signal, (r) => {
      if (!tbody.querySelector(`[data-request="${CSS.escape(r.requestId)}"]`)) tbody.prepend(rowOf(r));
    }).catch(err => { if (err.name !== 'AbortError') toast('Live tail stopped: ' + err.message, true); });
  });
  window.addEventListener('hashchange', () => tail && tail.abort(), { once: true });

  section.replaceChildren(
    h('h2', { id: 'history-title' }, 'Requests'),
    h('form', { class: 'row panel', onsubmit: (e) => { e.preventDefault(); load(true).catch(err => toast(err.message, true)); } },
      h('label', { for: 'filter-outcome' }, 'Outcome', outcome),
      h('label', { for: 'filter-from' }, 'From', from),
      h('label', { for: 'filter-to' }, 'To', to),
      h('button', { type: 'submit' }, 'Filter'), liveButton),
    h('table', { id: 'history' }, h('thead', {}, h('tr', {}, ['Received', 'Outcome', 'Status', 'Request id', 'Reason', 'Duration']
      .map(t => h('th', { scope: 'col' }, t)))), tbody),
    more, detail);
  await load(true);
}

/** Server-Sent Events over fetch (EventSource cannot send the Authorization header). */
async function streamTail(connectionId, signal, onRow) {
  const res = await fetch(`/api/v1/connections/${connectionId}/requests/stream`,
    { headers: { authorization: 'Bearer ' + apiKey(), accept: 'text/event-stream' }, signal });
  if (!res.ok) throw new Error('HTTP ' + res.status);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').filter(l => l.startsWith('data: ')).map(l => l.slice(6)).join('\n');
      if (data) onRow(JSON.parse(data));
    }
  }
}

function showDetail(container, r) {
  const payload = typeof r.payload === 'string' ? r.payload : JSON.stringify(r.payload, null, 2);
  container.replaceChildren(h('div', { class: 'panel', id: 'detail-panel' },
    h('h2', {}, 'Request ', h('code', {}, r.requestId)),
    h('p', {}, outcomeBadge(r.outcome), ' ', String(r.status), r.reason ? ' — ' + r.reason : '', ' — ', fmtTime(r.receivedAt)),
    h('h3', {}, 'Headers'), h('pre', { id: 'detail-headers' }, JSON.stringify(r.headers, null, 2)),
    h('h3', {}, 'Payload'), h('pre', { id: 'detail-payload' }, payload ?? '(empty)')));
  container.scrollIntoView({ behavior: 'smooth' });
}

// ---------- API keys ----------
async function renderKeys() {
  const list = await api('GET', '/api/v1/api-keys?limit=200');
  const result = h('div');
  const name = h('input', { id: 'key-name', maxlength: 100 });
  view.replaceChildren(
    h('h1', {}, 'API keys'),
    h('form', { class: 'panel row', onsubmit: async (e) => {
      e.preventDefault();
      try { const k = await api('POST', '/api/v1/api-keys', name.value ? { name: name.value } : {}); result.replaceChildren(secretBox('API key', k.key)); }
      catch (err) { toast(err.message, true); }
    } }, h('label', { for: 'key-name' }, 'Name', name), h('button', { type: 'submit' }, 'Create key')),
    result,
    h('table', {}, h('thead', {}, h('tr', {}, ['Name', 'Key', 'Created', 'Last used', 'State', ''].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, list.data.map(k => h('tr', {},
        h('td', {}, k.name || '—'), h('td', {}, h('code', {}, '…' + k.hint)), h('td', {}, fmtTime(k.createdAt)),
        h('td', {}, fmtTime(k.lastUsedAt)), h('td', {}, k.revokedAt ? h('span', { class: 'badge bad' }, 'revoked') : h('span', { class: 'badge ok' }, 'active')),
        h('td', {}, k.revokedAt ? '' : h('button', { type: 'button', class: 'danger', onclick: async () => {
          if (!confirm('Revoke this key? Calls with it stop at once.')) return;
          await api('DELETE', '/api/v1/api-keys/' + k.id); route();
        } }, 'Revoke')))))));
}

// ---------- routing ----------
async function route() {
  const hash = location.hash || '#/connections';
  if (!apiKey() && hash !== '#/signin') { location.hash = '#/signin'; return; }
  if (hash === '#/signin') { renderSignIn(); return; }
  document.getElementById('nav').hidden = false;
  const env = apiKey().startsWith('hg_live_') ? 'live' : 'test';
  const badge = document.getElementById('env-badge');
  badge.textContent = env; badge.className = 'env ' + env;
  const [, section, id] = hash.split('/');
  document.querySelectorAll('[data-nav]').forEach(a => {
    if (a.dataset.nav === section) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  try {
    if (section === 'keys') await renderKeys();
    else if (section === 'flows' && id) await renderFlow(id);
    else if (section === 'flows') await renderFlows();
    else if (section === 'connections' && id) await renderConnection(id);
    else if (section === 'webhooks' && id) await renderWebhook(decodeURIComponent(id));
    else if (section === 'webhooks') await renderWebhooks();
    else if (section === 'contacts' && id) await renderContact(decodeURIComponent(id));
    else if (section === 'contacts') await renderContacts();
    else await renderConnections();
    view.focus();
  } catch (err) {
    if (err.status !== 401) view.replaceChildren(h('h1', {}, 'Something went wrong'), h('p', {}, err.message));
  }
}

document.getElementById('sign-out').addEventListener('click', () => signOut());
window.addEventListener('hashchange', route);
route();
