// Shared by every page of the console: the DOM helper, toasts, the API client and the once-only secret box.
// Every piece of data reaches the page through textContent (the h() helper), never innerHTML.

const KEY_STORAGE = 'hookgate.apiKey';
export const view = document.getElementById('view');

// ---------- tiny DOM helper ----------
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/**
 * One live region for every message. It stays in the page (empty when idle) so screen readers hear each change;
 * errors are announced assertively and stay longer.
 */
export function toast(message, error = false) {
  const t = document.getElementById('toast');
  t.setAttribute('aria-live', error ? 'assertive' : 'polite');
  t.className = 'toast' + (error ? ' error' : '');
  t.textContent = message;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.textContent = ''; }, error ? 10000 : 4000);
}

export function fmtTime(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

export function outcomeBadge(outcome) {
  const cls = outcome === 'ACCEPTED' || outcome === 'SAMPLE_CAPTURED' ? 'ok'
    : outcome === 'UNAVAILABLE' || outcome === 'RATE_LIMITED' ? 'warn' : 'bad';
  return h('span', { class: 'badge ' + cls }, outcome);
}

// ---------- API ----------
// The key lives in this tab's session storage only: never localStorage, never the URL.
export function apiKey() { return sessionStorage.getItem(KEY_STORAGE); }
export function storeKey(key) { sessionStorage.setItem(KEY_STORAGE, key); }

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message || ('The server answered HTTP ' + status));
    this.status = status;
    this.field = body?.error?.field;
  }
}

export async function api(method, path, body) {
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: { 'authorization': 'Bearer ' + apiKey(), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (err) {
    throw new ApiError(0, { error: { message: 'The admin API cannot be reached (' + err.message + ')' } });
  }
  if (res.status === 401) { signOut('Your API key was refused; sign in again.'); throw new ApiError(401, null); }
  const json = parseJson(await res.text());
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

/** A proxy's HTML error page is not JSON: the status then speaks for itself. */
function parseJson(text) {
  try { return text ? JSON.parse(text) : null; } catch { return null; }
}

export function copyButton(text, label = 'Copy') {
  return h('button', { type: 'button', class: 'secondary', onclick: async () => {
    try { await navigator.clipboard.writeText(text); toast('Copied'); } catch { toast('Copy failed: select and copy by hand', true); }
  } }, label);
}

export function secretBox(title, value) {
  return h('div', { class: 'secret', role: 'alert' },
    h('strong', {}, title + ' (shown once): '), h('code', { 'data-secret': '' }, value), copyButton(value));
}

export function signOut(message) {
  sessionStorage.removeItem(KEY_STORAGE);
  location.hash = '#/signin';
  if (message) toast(message, true);
}

// ---------- building blocks of the pages ----------
let ids = 0;
/** A page-unique element id. */
export function uid(prefix) { return prefix + '-' + (++ids); }

/** A definition grid of [label, value] pairs; values may be nodes. */
export function facts(pairs) {
  return h('dl', { class: 'grid' }, pairs.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v))));
}

export function table(attrs, headers, rows) {
  return h('table', attrs, h('thead', {}, h('tr', {}, headers.map(t => h('th', { scope: 'col' }, t)))), h('tbody', {}, rows));
}

/** A row whose first cell holds a real link (keyboard and screen readers); a click anywhere on the row follows it. */
export function linkRow(href, attrs, linkText, ...cells) {
  return h('tr', { class: 'clickable', ...attrs, onclick: (e) => { if (!e.target.closest('a, button')) location.hash = href; } },
    h('td', {}, h('a', { href }, linkText)), cells.map(c => h('td', {}, c)));
}

/** A button running an async action, one run at a time; a failure becomes an error toast. */
export function actionButton(label, fn, attrs = {}) {
  let running = false;
  return h('button', { type: 'button', class: 'secondary', ...attrs, onclick: async (e) => {
    if (running) return;
    running = true;
    try { await fn(e); } catch (err) { if (err.status !== 401) toast(err.message, true); } finally { running = false; }
  } }, label);
}

/** A validation failure found in the browser, shown like the API's own. */
export function invalid(field, message) {
  return Object.assign(new Error(message), { field });
}

/**
 * Submits a form through an async handler: one submission at a time (aria-busy), and a failure shown inside the
 * form (role=alert) with the offending field (data-field = the API's error field) marked invalid and focused.
 */
export function onSubmit(form, handler) {
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    clearFormError(form);
    form.setAttribute('aria-busy', 'true');
    try { await handler(); } catch (err) { if (err.status !== 401) formError(form, err); }
    finally { form.removeAttribute('aria-busy'); }
  });
  return form;
}

export function formError(form, err) {
  clearFormError(form);
  const named = !err.field || err.message.includes(err.field.split('.')[0]);
  const box = h('p', { class: 'form-error', role: 'alert', id: uid('error') }, named ? err.message : err.field + ': ' + err.message);
  form.append(box);
  const field = err.field && form.querySelector(`[data-field="${CSS.escape(err.field.split('.')[0])}"]`);
  if (!field) return;
  field.setAttribute('aria-invalid', 'true');
  field.dataset.describedby = field.getAttribute('aria-describedby') || '';
  field.setAttribute('aria-describedby', (field.dataset.describedby + ' ' + box.id).trim());
  (field.matches('input, select, textarea') ? field : field.querySelector('input, select, textarea'))?.focus();
}

export function clearFormError(form) {
  form.querySelectorAll('.form-error').forEach(e => e.remove());
  form.querySelectorAll('[aria-invalid]').forEach(e => {
    e.removeAttribute('aria-invalid');
    if (e.dataset.describedby) e.setAttribute('aria-describedby', e.dataset.describedby); else e.removeAttribute('aria-describedby');
    delete e.dataset.describedby;
  });
}
