// "Deel of bewaar": a link that carries the profile in its fragment (after "#", never sent to
// any server) and a QR code of that link, drawn here as SVG by the vendored qrcode-generator
// (MIT, js/vendor/). The QR module is loaded only when the person opens the box.

import { h, announce } from './dom.js';
import { t } from './i18n.js';
import { shareLink } from './profile.js';

const SVG = 'http://www.w3.org/2000/svg';

/** This page's address without its fragment: where a shared link must lead. */
function base() {
  return `${location.origin}${location.pathname}${location.search}`;
}

/** A closed disclosure with the link to `hashPath` for `profile`, a copy button and a QR code. */
export function shareBox(hashPath, profile) {
  const link = shareLink(base(), hashPath, profile);
  const input = h('input', { type: 'text', id: 'share-link', readonly: true, value: link, spellcheck: 'false' });
  const qr = h('div', { class: 'qr' });
  const box = h('details', { class: 'share no-print' },
    h('summary', {}, t('share.title')),
    h('p', {}, t('share.intro')),
    h('label', { for: 'share-link' }, t('share.link')),
    h('div', { class: 'share-row' }, input,
      h('button', { type: 'button', class: 'btn btn-secondary', onClick: () => copy(input) }, t('share.copy'))),
    h('p', { class: 'hint' }, t('share.privacy')),
    qr);
  input.addEventListener('focus', () => input.select());
  box.addEventListener('toggle', () => {
    if (box.open && !qr.firstChild) drawQr(qr, link);
  });
  return box;
}

async function copy(input) {
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
    announce(t('share.copied'));
  } catch {
    // No clipboard access: the link is selected, so Ctrl+C or the phone's menu still works.
    announce(t('share.copyByHand'));
  }
}

async function drawQr(slot, text) {
  let code;
  try {
    const { qrcode } = await import('./vendor/qrcode.js');
    code = qrcode(0, 'M'); // the smallest version that holds the link; 15 % may be damaged
    code.addData(text);
    code.make();
  } catch {
    slot.append(h('p', { class: 'hint' }, t('share.qrTooLong')));
    return;
  }
  slot.append(qrSvg((r, c) => code.isDark(r, c), code.getModuleCount()),
    h('p', { class: 'hint' }, t('share.qrHint')));
}

/** An SVG of `n`×`n` modules with the 4-module quiet zone QR readers need. */
export function qrSvg(isDark, n) {
  const size = n + 8;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('share.qrLabel'));
  svg.setAttribute('shape-rendering', 'crispEdges');
  const bg = document.createElementNS(SVG, 'rect');
  bg.setAttribute('width', String(size));
  bg.setAttribute('height', String(size));
  bg.setAttribute('fill', '#fff');
  svg.append(bg);
  // One path for all dark modules: small and fast to draw.
  let d = '';
  for (let r = 0; r < n; r += 1) {
    for (let c = 0; c < n; c += 1) if (isDark(r, c)) d += `M${c + 4} ${r + 4}h1v1h-1z`;
  }
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', '#000');
  svg.append(path);
  return svg;
}
