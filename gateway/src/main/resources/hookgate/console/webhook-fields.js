// Form fields of an outbound endpoint: the events it subscribes to, how deliveries authenticate, custom headers.
// Each builder returns { element, value() }; the API validates the values and names the field when one is wrong.

import { h, uid } from './lib.js';

/** The platform's event types (WebhooksApi.KNOWN_EVENTS); flow.* and flow.<name> cover the flows' own events. */
export const KNOWN_EVENTS = ['contact.created', 'message.outbound.created', 'flow.started', 'flow.completed', 'flow.failed',
  'endpoint.disabled'];
const FLOW_WILDCARD = 'flow.*';

export function eventsPicker(selected = []) {
  const boxes = [...KNOWN_EVENTS, FLOW_WILDCARD].map(type => h('input', {
    type: 'checkbox', id: uid('event'), value: type, 'data-event': type, checked: selected.includes(type) }));
  const hint = h('span', { class: 'muted', id: uid('hint') }, 'Comma-separated, e.g. flow.order_shipped');
  const other = h('input', { id: uid('events-other'), 'data-event-other': '', 'aria-describedby': hint.id, autocomplete: 'off',
    value: selected.filter(t => !KNOWN_EVENTS.includes(t) && t !== FLOW_WILDCARD).join(', ') });
  const element = h('fieldset', { class: 'events', 'data-field': 'events' },
    h('legend', {}, 'Events'),
    h('div', { class: 'checks' }, boxes.map(b => h('label', { class: 'check', for: b.id }, b,
      b.value === FLOW_WILDCARD ? 'flow.* (every flow event)' : b.value))),
    h('label', { for: other.id }, 'Other flow events', other, hint));
  const value = () => [...boxes.filter(b => b.checked).map(b => b.value),
    ...other.value.split(/[\s,]+/).filter(Boolean)];
  return { element, value };
}

/** No authentication, a Bearer token, or Basic credentials: an endpoint takes one of them. */
export function authFields() {
  const kind = h('select', { id: uid('auth-kind') },
    h('option', { value: 'none' }, 'None (signature only)'), h('option', { value: 'bearer' }, 'Bearer token'),
    h('option', { value: 'basic' }, 'Basic auth'));
  const token = h('input', { id: uid('auth-token'), type: 'password', autocomplete: 'off', maxlength: 1024, 'data-field': 'auth_token' });
  const username = h('input', { id: uid('basic-user'), autocomplete: 'off', maxlength: 256, 'data-field': 'basic_auth' });
  const password = h('input', { id: uid('basic-password'), type: 'password', autocomplete: 'off', maxlength: 1024 });
  const bearer = h('div', { class: 'row', hidden: true }, h('label', { for: token.id }, 'Token (sent as Authorization: Bearer)', token));
  const basic = h('div', { class: 'row', hidden: true },
    h('label', { for: username.id }, 'Username', username), h('label', { for: password.id }, 'Password', password));
  const show = () => { bearer.hidden = kind.value !== 'bearer'; basic.hidden = kind.value !== 'basic'; };
  kind.addEventListener('change', show);
  const element = h('fieldset', {}, h('legend', {}, 'Authentication'),
    h('div', { class: 'row' }, h('label', { for: kind.id }, 'Deliveries authenticate with', kind)), bearer, basic);
  const value = () => kind.value === 'bearer' ? { auth_token: token.value }
    : kind.value === 'basic' ? { basic_auth: { username: username.value, password: password.value } } : {};
  const reset = () => { kind.value = 'none'; show(); };
  return { element, value, reset };
}

/** Name/value rows sent on every delivery; the values are secrets (sealed at rest, never shown again). */
export function headersEditor() {
  const rows = h('div', { class: 'header-rows' });
  const add = h('button', { type: 'button', class: 'secondary', onclick: () => addRow().querySelector('input').focus() }, 'Add header');
  function addRow() {
    const name = h('input', { id: uid('header-name'), autocomplete: 'off', maxlength: 64, placeholder: 'X-Customer-Id', 'data-header-name': '' });
    const value = h('input', { id: uid('header-value'), type: 'password', autocomplete: 'off', maxlength: 1024, 'data-header-value': '' });
    const row = h('div', { class: 'row header-row' },
      h('label', { for: name.id }, 'Header name', name), h('label', { for: value.id }, 'Value', value),
      h('button', { type: 'button', class: 'danger', 'aria-label': 'Remove this header',
        onclick: () => { row.remove(); add.focus(); } }, 'Remove'));
    rows.append(row);
    return row;
  }
  const element = h('fieldset', { 'data-field': 'headers' }, h('legend', {}, 'Custom headers'), rows, add);
  const value = () => {
    const entries = [...rows.querySelectorAll('.header-row')]
      .map(r => [r.querySelector('[data-header-name]').value.trim(), r.querySelector('[data-header-value]').value])
      .filter(([name]) => name);
    return entries.length ? Object.fromEntries(entries) : null;
  };
  const reset = () => rows.replaceChildren();
  return { element, value, reset };
}
