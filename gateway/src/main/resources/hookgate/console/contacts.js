// Contacts: look one up by e-mail, phone, chat id or a channel's user id, and see it. The last lookup is kept in
// this page's memory only (identifiers are personal data: not in the URL, not in storage).

import { h, fmtTime, api, facts, table, linkRow, copyButton, onSubmit, view } from './lib.js';

const KINDS = {
  email: { label: 'E-mail', type: 'email', placeholder: 'ada@example.com' },
  phone: { label: 'Phone (international)', type: 'tel', placeholder: '+447700900123' },
  chatId: { label: 'Chat id', type: 'text', placeholder: '123456789' },
  userId: { label: 'Channel user id', type: 'text', placeholder: 'wa-123' },
};
let lastLookup = null;

export async function renderContacts() {
  const results = h('section', { id: 'contact-results', 'aria-labelledby': 'contact-results-title' });
  view.replaceChildren(h('h1', {}, 'Contacts'), lookupForm(results), results);
  if (lastLookup) await showResults(results, lastLookup);
}

function lookupForm(results) {
  const kind = h('select', { id: 'contact-kind' }, Object.entries(KINDS).map(([k, v]) => h('option', { value: k }, v.label)));
  const value = h('input', { id: 'contact-value', required: true, autocomplete: 'off', maxlength: 256 });
  const valueLabel = h('span');
  const channel = h('input', { id: 'contact-channel', autocomplete: 'off', maxlength: 64, placeholder: 'whatsapp', 'data-field': 'channel' });
  const channelLabel = h('label', { for: channel.id, hidden: true }, 'Channel', channel);
  const adapt = () => {
    const k = KINDS[kind.value];
    valueLabel.textContent = k.label;
    Object.assign(value, { type: k.type, placeholder: k.placeholder });
    value.dataset.field = kind.value;
    channelLabel.hidden = kind.value !== 'userId';
    channel.required = kind.value === 'userId';
  };
  kind.addEventListener('change', adapt);
  if (lastLookup) { kind.value = lastLookup.kind; value.value = lastLookup.value; channel.value = lastLookup.channel || ''; }
  adapt();
  const form = h('form', { class: 'panel', role: 'search', 'aria-label': 'Find a contact' },
    h('div', { class: 'row' }, h('label', { for: kind.id }, 'Look up by', kind), channelLabel,
      h('label', { for: value.id, class: 'wide' }, valueLabel, value), h('button', { type: 'submit' }, 'Look up')));
  return onSubmit(form, async () => {
    await showResults(results, { kind: kind.value, value: value.value.trim(), channel: channel.value.trim() });
  });
}

async function showResults(section, lookup) {
  const params = new URLSearchParams({ [lookup.kind]: lookup.value });
  if (lookup.kind === 'userId') params.set('channel', lookup.channel);
  const page = await api('GET', '/api/v1/contacts?' + params);
  lastLookup = lookup;
  const count = page.data.length;
  section.replaceChildren(
    h('h2', { id: 'contact-results-title' }, 'Results'),
    h('p', { role: 'status', id: 'contact-count' }, count === 0 ? 'No contact matches ' + lookup.value + '.'
      : count + (count === 1 ? ' contact matches.' : ' contacts match.')),
    count ? table({ id: 'contacts' }, ['Name', 'E-mail', 'Phone', 'Chat id', 'Created'], page.data.map(c =>
      linkRow('#/contacts/' + encodeURIComponent(c.id), { 'data-contact': c.id }, c.name || c.email || c.phone || c.chatId || c.id,
        c.email || '—', c.phone || '—', c.chatId || '—', fmtTime(c.createdAt)))) : '');
}

export async function renderContact(id) {
  const c = await api('GET', '/api/v1/contacts/' + encodeURIComponent(id));
  const channels = Object.entries(c.channelUserIds || {});
  view.replaceChildren(
    h('p', {}, h('a', { href: '#/contacts' }, '← Contacts')),
    h('h1', {}, c.name || c.email || c.phone || c.chatId || c.id),
    h('div', { class: 'panel', id: 'contact-detail' },
      facts([['ID', h('code', {}, c.id)], ['Name', c.name || '—'], ['E-mail', c.email || '—'], ['Phone', c.phone || '—'],
        ['Chat id', c.chatId || '—'], ['Created', fmtTime(c.createdAt)]]),
      h('div', { class: 'actions' }, copyButton(c.id, 'Copy ID'))),
    h('h2', {}, 'Channel user ids'),
    channels.length ? table({ id: 'contact-channels' }, ['Channel', 'User id'], channels.map(([channel, user]) =>
      h('tr', {}, h('td', {}, channel), h('td', {}, h('code', {}, user))))) : h('p', { class: 'muted' }, 'None.'));
}
