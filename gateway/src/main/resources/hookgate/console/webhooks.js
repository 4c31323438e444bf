// Outbound webhooks: the endpoints list, a new endpoint (its signing secret shown once) and test events.

import { h, toast, fmtTime, api, secretBox, table, linkRow, actionButton, onSubmit, invalid, uid, view } from './lib.js';
import { KNOWN_EVENTS, eventsPicker, authFields, headersEditor } from './webhook-fields.js';

export async function renderWebhooks() {
  const list = h('section', { 'aria-labelledby': 'endpoints-title' });
  view.replaceChildren(
    h('h1', {}, 'Webhooks'),
    h('p', { class: 'muted' }, 'Endpoints receive the platform\'s events as signed webhooks (Standard Webhooks).'),
    createEndpointForm(() => renderEndpoints(list)),
    list,
    h('section', { 'aria-labelledby': 'test-event-title' }, h('h2', { id: 'test-event-title' }, 'Send a test event'),
      testEventForm('flow.test')));
  await renderEndpoints(list);
}

async function renderEndpoints(section) {
  const page = await api('GET', '/api/v1/webhooks?limit=100');
  const title = h('h2', { id: 'endpoints-title' }, 'Endpoints');
  if (!page.data.length) {
    section.replaceChildren(title, h('p', { class: 'muted' }, 'No endpoints yet: add the first one above.'));
    return;
  }
  const list = table({ id: 'endpoints' }, ['Endpoint', 'Events', 'State', 'Authentication', 'Created'], page.data.map(endpointRow));
  let cursor = page.nextCursor;
  const more = actionButton('More endpoints', async () => {
    const next = await api('GET', '/api/v1/webhooks?limit=100&cursor=' + encodeURIComponent(cursor));
    list.tBodies[0].append(...next.data.map(endpointRow));
    cursor = next.nextCursor;
    more.hidden = !cursor;
    if (!cursor) list.tBodies[0].lastElementChild.querySelector('a').focus();
  }, { hidden: !cursor });
  section.replaceChildren(title, list, more);
}

function endpointRow(e) {
  return linkRow('#/webhooks/' + e.id, { 'data-endpoint': e.id }, e.url,
    e.events.join(', '), h('span', {}, stateBadge(e), e.disabled_reason ? h('span', { class: 'muted' }, ' ' + e.disabled_reason) : ''),
    authSummary(e), fmtTime(e.created_at));
}

export function stateBadge(e) {
  return e.active ? h('span', { class: 'badge ok' }, 'active') : h('span', { class: 'badge bad' }, 'disabled');
}

export function authSummary(e) {
  const auth = e.auth_token_configured ? 'Bearer token' : e.basic_auth_configured ? 'Basic auth' : 'Signature only';
  return e.header_names.length ? auth + ' + headers ' + e.header_names.join(', ') : auth;
}

function createEndpointForm(onCreated) {
  const url = h('input', { id: 'wh-url', type: 'url', required: true, maxlength: 2048, placeholder: 'https://example.com/hooks',
    'data-field': 'url' });
  const description = h('input', { id: 'wh-description', maxlength: 256, 'data-field': 'description' });
  const events = eventsPicker(['flow.*']);
  const auth = authFields();
  const headers = headersEditor();
  const result = h('div', { id: 'wh-created', tabindex: -1 });
  const form = h('form', { class: 'panel stack', id: 'new-endpoint', 'aria-labelledby': 'new-endpoint-title' },
    h('h2', { id: 'new-endpoint-title' }, 'New endpoint'),
    h('div', { class: 'row' }, h('label', { for: url.id, class: 'wide' }, 'URL', url),
      h('label', { for: description.id, class: 'wide' }, 'Description', description)),
    events.element, auth.element, headers.element,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Create endpoint')),
    result);
  return onSubmit(form, async () => {
    const body = { url: url.value.trim(), events: events.value(), ...auth.value() };
    if (description.value) body.description = description.value;
    const custom = headers.value();
    if (custom) body.headers = custom;
    const created = await api('POST', '/api/v1/webhooks', body);
    form.reset(); auth.reset(); headers.reset();
    result.replaceChildren(
      h('p', {}, 'Created ', h('a', { href: '#/webhooks/' + created.id }, created.url), '.'),
      secretBox('Signing secret', created.secret),
      h('p', { class: 'muted' }, 'Verify each delivery\'s webhook-signature with it; it cannot be shown again.'));
    result.focus();
    toast('Endpoint created');
    await onCreated();
  });
}

/** POST /api/v1/events: the event goes through the outbox to every endpoint subscribed to its type. */
export function testEventForm(defaultType, onSent = () => {}) {
  const types = h('datalist', { id: uid('event-types') },
    [...KNOWN_EVENTS, 'flow.test'].map(t => h('option', { value: t })));
  const type = h('input', { id: uid('test-type'), required: true, list: types.id, value: defaultType, autocomplete: 'off',
    'data-field': 'type', 'data-test-type': '' });
  const data = h('textarea', { id: uid('test-data'), rows: 4, spellcheck: 'false', 'data-field': 'data', 'data-test-data': '' },
    '{\n  "example": true\n}');
  const sent = h('p', { role: 'status', class: 'muted', 'data-test-result': '' });
  const form = h('form', { class: 'panel stack', 'data-test-event': '' },
    h('div', { class: 'row start' }, h('label', { for: type.id }, 'Event type', type, types),
      h('label', { for: data.id, class: 'wide' }, 'Data (a JSON object)', data)),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Send test event')), sent);
  return onSubmit(form, async () => {
    const published = await api('POST', '/api/v1/events', { type: type.value.trim(), data: jsonObject(data.value) });
    sent.textContent = 'Published ' + published.id + ' (' + published.type + '). Subscribed endpoints receive it within seconds.';
    onSent(published);
  });
}

function jsonObject(text) {
  let value;
  try { value = JSON.parse(text.trim() || '{}'); } catch (err) { throw invalid('data', 'data is not JSON: ' + err.message); }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid('data', 'data must be a JSON object');
  return value;
}
