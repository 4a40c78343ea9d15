// "Stuur mijn profiel en deze route naar een adviseur" (docs/embed.md §5): in a job centre's
// embed whose tenant names a workspace organisation, the route page offers to send the profile
// and the route to that organisation's advisers. The consent text comes from the server (the
// version it records), the person types a name and an e-mail address or phone number, and gets
// a receipt with a reference. No account; nothing is kept on this device.

import { h, announce } from './dom.js';
import { t, lang } from './i18n.js';
import { postJson, isAbort } from './api.js';
import { tenant } from './embed.js';
import { cleanProfile } from './profile.js';
import { field } from './forms.js';
import { errorBox } from './ui.js';

const NAME_MAX = 60;
// What the server reads as a phone number: 8 to 15 digits, written with spaces, + - ( ).
const PHONE = /^[0-9 +\-()]{8,25}$/;
const EMAIL = /^[^@\s]+@[^@.\s]+(\.[^@.\s]+)+$/;

/** The hand-off box for one route, or null outside an embed that can receive hand-offs. */
export function intakeBox(route, profile) {
  const site = tenant();
  const intake = site?.intake;
  if (!intake || !route?.target?.id) return null;
  const box = h('section', { class: 'intake no-print', 'aria-labelledby': 'intake-title' },
    h('h2', { id: 'intake-title' }, t('intake.title')),
    h('p', {}, t('intake.intro', { name: site.name })));
  const open = h('button', {
    type: 'button', class: 'btn btn-primary', 'aria-expanded': 'false', 'aria-controls': 'intake-form',
  }, t('intake.open'));
  const form = intakeForm(site, route, profile, box);
  form.hidden = true;
  open.addEventListener('click', () => {
    const show = form.hidden;
    form.hidden = !show;
    open.setAttribute('aria-expanded', String(show));
    if (show) form.querySelector('input')?.focus();
  });
  box.append(h('p', {}, open), form);
  return box;
}

function intakeForm(site, route, profile, box) {
  const text = site.intake.text[lang()] || site.intake.text.nl;
  const name = h('input', { type: 'text', name: 'name', autocomplete: 'name', maxlength: String(NAME_MAX), required: true });
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'email', inputmode: 'email' });
  const phone = h('input', { type: 'tel', name: 'phone', autocomplete: 'tel', inputmode: 'tel' });
  const agree = h('input', { type: 'checkbox', id: 'intake-agree', name: 'agree' });
  const fields = {
    'contact.name': field({ label: t('intake.name'), hint: t('intake.nameHint'), control: name }),
    'contact.email': field({ label: t('intake.email'), hint: t('intake.reachHint'), control: email }),
    'contact.phone': field({ label: t('intake.phone'), control: phone }),
  };
  const agreeError = h('p', { id: 'intake-agree-error', class: 'field-error', hidden: true });
  agree.setAttribute('aria-describedby', 'intake-consent-text intake-agree-error');
  // Its own group with a legend, so its error is read as the consent's, not the phone field's.
  const consent = h('fieldset', { class: 'field choices' },
    h('legend', {}, t('intake.consent')),
    agreeError,
    h('div', { class: 'choice' }, agree, h('label', { for: 'intake-agree' }, t('intake.agree', { name: site.name }))));
  const status = h('div', { class: 'intake-status' });
  const send = h('button', { type: 'submit', class: 'btn btn-primary' }, t('intake.send', { name: site.name }));
  const form = h('form', { id: 'intake-form', class: 'intake-form', novalidate: true, 'aria-labelledby': 'intake-title' },
    h('h3', {}, t('intake.consentTitle')),
    h('p', { id: 'intake-consent-text', class: 'consent-text' }, text),
    h('p', {}, t('intake.route', { title: route.target.title })),
    fields['contact.name'], fields['contact.email'], fields['contact.phone'],
    consent, status, h('p', { class: 'actions' }, send));

  const setAgreeError = (message) => {
    agreeError.textContent = message || '';
    agreeError.hidden = !message;
    if (message) agree.setAttribute('aria-invalid', 'true');
    else agree.removeAttribute('aria-invalid');
  };
  const showErrors = (errors) => {
    for (const [key, wrap] of Object.entries(fields)) wrap.setError(errors[key] || '');
    setAgreeError(errors['consent.agreed'] || '');
    const first = Object.keys(fields).find((k) => errors[k]);
    if (first) fields[first].querySelector('input').focus();
    else if (errors['consent.agreed']) agree.focus();
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.replaceChildren();
    const values = { name: name.value.trim(), email: email.value.trim(), phone: phone.value.trim() };
    const errors = {};
    if (!values.name) errors['contact.name'] = t('intake.nameMissing');
    else if ([...values.name].length > NAME_MAX) errors['contact.name'] = t('intake.nameTooLong', { max: NAME_MAX });
    if (values.email && !EMAIL.test(values.email)) errors['contact.email'] = t('intake.emailInvalid');
    const digits = values.phone.replace(/[^0-9]/g, '').length;
    if (values.phone && (!PHONE.test(values.phone) || digits < 8 || digits > 15)) errors['contact.phone'] = t('intake.phoneInvalid');
    if (!values.email && !values.phone) errors['contact.email'] = t('intake.reachMissing');
    if (!agree.checked) errors['consent.agreed'] = t('intake.agreeMissing');
    showErrors(errors);
    if (Object.keys(errors).length) {
      announce(t('intake.fixErrors'), true);
      return;
    }
    send.disabled = true;
    announce(t('intake.sending'));
    try {
      const receipt = await postJson('handoff', {
        profile: cleanProfile(profile),
        target: route.target.id,
        contact: { name: values.name, email: values.email || null, phone: values.phone || null },
        consent: { agreed: true, version: site.intake.version },
      }, { tenant: site.id, lang: lang() });
      box.replaceChildren(receiptView(receipt, site));
      box.querySelector('h2').focus();
    } catch (err) {
      if (isAbort(err)) return;
      const byField = {};
      for (const e of err.fieldErrors || []) {
        if (fields[e.field] || e.field.startsWith('consent.')) byField[e.field.startsWith('consent.') ? 'consent.agreed' : e.field] = e.message;
      }
      if (Object.keys(byField).length) showErrors(byField);
      else status.replaceChildren(errorBox(err));
    } finally {
      send.disabled = false;
    }
  });
  return form;
}

/** What was sent, to whom, the reference, and how to withdraw. */
function receiptView(receipt, site) {
  const reach = [receipt.email, receipt.phone].filter(Boolean).join(', ');
  return h('div', { class: 'intake-receipt', role: 'status' },
    h('h2', { id: 'intake-title', tabindex: '-1' }, t('intake.sentTitle', { name: receipt.organisation })),
    h('p', {}, t('intake.reference'), ' ', h('strong', { class: 'reference' }, receipt.reference)),
    h('ul', {},
      h('li', {}, t('intake.sentRoute', { title: receipt.target.title })),
      h('li', {}, t('intake.sentProfile')),
      h('li', {}, t('intake.sentContact', { name: receipt.name, reach }))),
    h('p', {}, t('intake.next', { name: receipt.organisation, days: receipt.erased_after_days })),
    h('p', {}, t('intake.withdraw', { name: site.name })));
}
