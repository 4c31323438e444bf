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

export function toast(message, error = false) {
  const t = document.getElementById('toast');
  t.textContent = message;
  t.className = 'toast' + (error ? ' error' : '');
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 4000);
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
    super(body?.error?.message || ('HTTP ' + status));
    this.status = status;
    this.field = body?.error?.field;
  }
}

export async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { 'authorization': 'Bearer ' + apiKey(), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (res.status === 401) { signOut('Your API key was refused; sign in again.'); throw new ApiError(401, null); }
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
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
