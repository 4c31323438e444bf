// An endpoint's deliveries. The API answers one row per attempt (newest first); the page groups them by
// delivery, shows each delivery's attempt log and retries failed ones. It refreshes itself while a delivery
// is pending and for a while after a test event or a retry, and stops once it leaves the page.

import { h, toast, fmtTime, api, actionButton, facts } from './lib.js';

const PAGE = 100;
const FAST_MS = 2000;
const SLOW_MS = 10000;
const WATCH_MS = 30000;

/**
 * @param retryable false while the endpoint is disabled: a retried delivery would end at once without an attempt
 */
export function deliveriesSection(endpointId, retryable) {
  const path = '/api/v1/webhooks/' + encodeURIComponent(endpointId) + '/deliveries';
  const list = h('ul', { class: 'deliveries', id: 'deliveries' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Older attempts');
  const element = h('section', { 'aria-labelledby': 'deliveries-title' },
    h('div', { class: 'section-head' }, h('h2', { id: 'deliveries-title' }, 'Deliveries'),
      actionButton('Refresh', () => refresh(), { id: 'deliveries-refresh' })),
    retryable ? '' : h('p', { class: 'muted', id: 'retry-note' }, 'This endpoint is disabled: enable it to retry failed deliveries.'),
    list, more);
  const state = { attempts: [], cursor: null, pagedBack: false, expanded: new Set(), shown: '', watchUntil: 0, timer: null,
    focusKey: null };

  function fetchPage(cursor) {
    return api('GET', path + '?limit=' + PAGE + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
  }

  /** The newest page again, merged with the older pages already loaded (whose cursor then stays). */
  async function refresh() {
    const page = await fetchPage(null);
    state.attempts = merge(state.attempts, page.data);
    if (!state.pagedBack) state.cursor = page.nextCursor;
    render();
  }

  async function older() {
    const page = await fetchPage(state.cursor);
    state.attempts = merge(state.attempts, page.data);
    state.cursor = page.nextCursor;
    state.pagedBack = true;
    render();
    if (more.hidden) list.querySelector(':scope > li:last-child [data-key]')?.focus();
  }
  more.addEventListener('click', () => older().catch(err => toast(err.message, true)));

  function render() {
    const groups = groupByDelivery(state.attempts);
    const shown = JSON.stringify([groups.map(g => [g.id, g.status, g.attempts.length]), [...state.expanded], state.cursor]);
    const focusKey = state.focusKey || (list.contains(document.activeElement) ? document.activeElement.dataset.key : null);
    state.focusKey = null;
    more.hidden = !state.cursor;
    if (shown === state.shown) return;
    state.shown = shown;
    list.replaceChildren(...(groups.length ? groups.map(deliveryItem)
      : [h('li', { class: 'muted' }, 'No delivery attempts yet. Send a test event: its attempts appear here within seconds.')]));
    if (focusKey) list.querySelector(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
  }

  function deliveryItem(g) {
    const open = state.expanded.has(g.id);
    const logId = 'attempts-' + g.id;
    const last = g.attempts[g.attempts.length - 1];
    const what = g.eventType + ' ' + g.eventId;
    return h('li', { class: 'delivery panel', 'data-delivery': g.id, 'data-status': g.status },
      h('div', { class: 'delivery-head' },
        deliveryBadge(g.status), h('code', {}, g.eventType), h('span', { class: 'muted' }, g.eventId),
        h('span', {}, g.attempts.length + (g.attempts.length === 1 ? ' attempt' : ' attempts') + ', last ' + fmtTime(last.attempted_at)
          + ': ' + outcome(last)),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'secondary', 'aria-expanded': String(open), 'aria-controls': logId,
            'aria-label': (open ? 'Hide attempts' : 'Show attempts') + ' of ' + what, 'data-key': 'log-' + g.id,
            onclick: () => toggle(g.id) }, open ? 'Hide attempts' : 'Show attempts'),
          g.status === 'FAILED' && retryable ? actionButton('Retry', () => retry(g.id),
            { 'aria-label': 'Retry ' + what, 'data-key': 'retry-' + g.id, 'data-retry': g.id }) : '')),
      h('ol', { class: 'attempts', id: logId, hidden: !open, 'aria-label': 'Attempts of delivery ' + g.id }, g.attempts.map(attemptItem)));
  }

  function toggle(deliveryId) {
    if (!state.expanded.delete(deliveryId)) state.expanded.add(deliveryId);
    state.focusKey = 'log-' + deliveryId;
    render();
  }

  async function retry(deliveryId) {
    await api('POST', '/api/v1/deliveries/' + encodeURIComponent(deliveryId) + '/retry');
    toast('Retry queued: the delivery is attempted again within seconds');
    state.focusKey = 'log-' + deliveryId;
    await refresh();
    watch();
  }

  /** Refreshes fast for a while (after a test event or a retry), then slowly while anything is still pending. */
  function watch(ms = WATCH_MS) {
    state.watchUntil = Math.max(state.watchUntil, Date.now() + ms);
    schedule();
  }

  function schedule() {
    clearTimeout(state.timer);
    const fast = Date.now() < state.watchUntil;
    const pending = state.attempts.some(a => a.delivery_status === 'PENDING');
    if (fast || pending) state.timer = setTimeout(tick, fast ? FAST_MS : SLOW_MS);
  }

  async function tick() {
    if (!element.isConnected) return;
    try { await refresh(); } catch (err) { toast('Deliveries stopped refreshing: ' + err.message, true); return; }
    schedule();
  }

  async function load() {
    await refresh();
    schedule();
  }

  return { element, load, watch };
}

/** Attempts by id, the fetched rows winning: a delivery's status is the one just read. Newest attempt first. */
function merge(kept, fetched) {
  const byId = new Map();
  for (const a of [...kept, ...fetched]) byId.set(a.id, a);
  const status = new Map(fetched.map(a => [a.delivery_id, a.delivery_status]));
  return [...byId.values()]
    .map(a => status.has(a.delivery_id) ? { ...a, delivery_status: status.get(a.delivery_id) } : a)
    .sort((a, b) => (Date.parse(b.attempted_at) - Date.parse(a.attempted_at)) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** Deliveries in the order of their newest attempt; each delivery's attempts in the order they were made. */
function groupByDelivery(attempts) {
  const groups = new Map();
  for (const a of attempts) {
    if (!groups.has(a.delivery_id)) {
      groups.set(a.delivery_id, { id: a.delivery_id, eventId: a.event_id, eventType: a.event_type, status: a.delivery_status, attempts: [] });
    }
    groups.get(a.delivery_id).attempts.push(a);
  }
  for (const g of groups.values()) g.attempts.sort((x, y) => x.attempt - y.attempt);
  return [...groups.values()];
}

function deliveryBadge(status) {
  const cls = status === 'SUCCEEDED' ? 'ok' : status === 'FAILED' ? 'bad' : 'warn';
  return h('span', { class: 'badge ' + cls, 'data-delivery-status': '' }, status);
}

function outcome(a) {
  return a.response_status != null ? 'HTTP ' + a.response_status : (a.error || 'no answer');
}

function attemptItem(a) {
  return h('li', { class: 'attempt', 'data-attempt': a.id },
    facts([['Attempt', '#' + a.attempt], ['At', fmtTime(a.attempted_at)], ['Result', outcome(a)], ['Latency', a.latency_ms + ' ms']]),
    h('h3', {}, 'Request headers (secrets masked)'), h('pre', {}, JSON.stringify(a.request_headers, null, 2)),
    a.response_excerpt ? [h('h3', {}, 'Response (start)'), h('pre', { 'data-response': '' }, a.response_excerpt)] : '');
}
