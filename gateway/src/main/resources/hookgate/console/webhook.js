// One outbound endpoint: its settings, edit, enable/disable, secret rotation, delete, test events and deliveries.

import { h, toast, fmtTime, api, secretBox, facts, actionButton, onSubmit, view } from './lib.js';
import { eventsPicker } from './webhook-fields.js';
import { stateBadge, authSummary, testEventForm } from './webhooks.js';
import { deliveriesSection } from './deliveries.js';

export async function renderWebhook(id) {
  const path = '/api/v1/webhooks/' + encodeURIComponent(id);
  const e = await api('GET', path);
  const rerender = async () => { await renderWebhook(id); view.focus(); };
  const editArea = h('div');
  const deliveries = deliveriesSection(e.id, e.active);
  const editButton = h('button', { type: 'button', class: 'secondary', id: 'wh-edit', 'aria-expanded': 'false', 'aria-controls': 'wh-edit-form',
    onclick: () => toggleEdit(editArea, editButton, e, path, rerender) }, 'Edit');
  view.replaceChildren(
    h('p', {}, h('a', { href: '#/webhooks' }, '← Webhooks')),
    h('h1', {}, e.description || e.url),
    h('div', { class: 'panel' }, endpointFacts(e),
      h('div', { class: 'actions' }, editButton,
        actionButton(e.active ? 'Disable' : 'Enable', async () => {
          await api('PATCH', path, { active: !e.active });
          toast(e.active ? 'Endpoint disabled' : 'Endpoint enabled');
          await rerender();
        }, { id: 'wh-toggle' }),
        actionButton('Delete', async () => {
          if (!confirm('Delete the endpoint ' + e.url + '? It stops receiving events at once.')) return;
          await api('DELETE', path);
          toast('Endpoint deleted');
          location.hash = '#/webhooks';
        }, { class: 'danger', id: 'wh-delete' })),
      editArea),
    h('section', { 'aria-labelledby': 'rotate-title' }, h('h2', { id: 'rotate-title' }, 'Signing secret'), rotateForm(path)),
    h('section', { 'aria-labelledby': 'test-event-title' }, h('h2', { id: 'test-event-title' }, 'Send a test event'),
      testEventForm(sampleType(e.events), () => deliveries.watch())),
    deliveries.element);
  await deliveries.load();
}

function endpointFacts(e) {
  return facts([['ID', h('code', {}, e.id)], ['URL', e.url], ['Events', e.events.join(', ')], ['Description', e.description || '—'],
    ['State', h('span', { id: 'wh-state' }, stateBadge(e), e.disabled_reason ? ' ' + e.disabled_reason : '')],
    ['Authentication', authSummary(e)], ['Signature', 'Standard Webhooks ' + e.webhook_version + ' (HMAC-SHA256)'],
    ['Environment', e.environment], ['Created', fmtTime(e.created_at)], ['Updated', fmtTime(e.updated_at)]]);
}

/** A type this endpoint receives, for the test form: flow.* takes any flow.<name>. */
function sampleType(events) {
  return events.find(t => t !== 'flow.*') || 'flow.test';
}

function toggleEdit(area, button, e, path, rerender) {
  if (area.firstChild) {
    area.replaceChildren();
    button.setAttribute('aria-expanded', 'false');
    button.focus();
    return;
  }
  area.replaceChildren(editForm(e, path, rerender, () => toggleEdit(area, button, e, path, rerender)));
  button.setAttribute('aria-expanded', 'true');
  area.querySelector('input').focus();
}

function editForm(e, path, rerender, close) {
  const url = h('input', { id: 'edit-url', type: 'url', required: true, maxlength: 2048, value: e.url, 'data-field': 'url' });
  const description = h('input', { id: 'edit-description', maxlength: 256, value: e.description || '', 'data-field': 'description' });
  const active = h('input', { id: 'edit-active', type: 'checkbox', checked: e.active, 'data-field': 'active' });
  const events = eventsPicker(e.events);
  const form = h('form', { class: 'stack edit', id: 'wh-edit-form', 'aria-labelledby': 'wh-edit-title' },
    h('h3', { id: 'wh-edit-title' }, 'Edit endpoint'),
    h('div', { class: 'row' }, h('label', { for: url.id, class: 'wide' }, 'URL', url),
      h('label', { for: description.id, class: 'wide' }, 'Description', description)),
    events.element,
    h('label', { class: 'check', for: active.id }, active, 'Active (enabling clears the disabled reason)'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save'),
      h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel')));
  return onSubmit(form, async () => {
    await api('PATCH', path, { url: url.value.trim(), events: events.value(), description: description.value || null, active: active.checked });
    toast('Endpoint saved');
    await rerender();
  });
}

function rotateForm(path) {
  const grace = h('input', { id: 'rotate-grace', type: 'number', min: 0, max: 604800, step: 1, value: 86400, required: true,
    'data-field': 'grace_seconds', 'aria-describedby': 'rotate-hint' });
  const result = h('div', { id: 'rotate-result', tabindex: -1 });
  const form = h('form', { class: 'panel stack', 'aria-labelledby': 'rotate-title' },
    h('p', { class: 'muted', id: 'rotate-hint' }, 'During the grace period every delivery carries both signatures, so receivers can ' +
      'switch without losing one. 0 ends the old secret at once; at most 604800 (7 days).'),
    h('div', { class: 'row' }, h('label', { for: grace.id }, 'Grace seconds', grace),
      h('button', { type: 'submit', id: 'rotate' }, 'Rotate secret')),
    result);
  return onSubmit(form, async () => {
    const seconds = Number(grace.value);
    if (seconds === 0 && !confirm('Rotate with no grace period? Receivers reject deliveries until they have the new secret.')) return;
    const r = await api('POST', path + '/secret/rotate', { grace_seconds: seconds });
    result.replaceChildren(secretBox('New signing secret', r.secret),
      h('p', { class: 'muted' }, 'The previous secret stays valid until ' + fmtTime(r.previous_valid_until) + '.'));
    result.focus();
  });
}
