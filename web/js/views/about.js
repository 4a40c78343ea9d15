// About padvinder and the data: what is modelled, what stays on the device, and the
// attribution the data licences ask for (ESCO, CBS, PDOK, GeoNames).

import { h, append } from '../dom.js';
import { t } from '../i18n.js';
import { heading, tMarked } from '../ui.js';

/** The about page. */
export function aboutView(root) {
  const section = (id, title, ...body) => h('section', { 'aria-labelledby': id },
    h('h2', { id }, title), ...body);
  append(root,
    heading(t('about.title')),
    section('about-what', t('about.what.h'), h('p', {}, t('about.what'))),
    section('about-honest', t('about.honest.h'),
      h('ul', {}, ['about.honest.1', 'about.honest.2', 'about.honest.3', 'about.honest.4'].map((k) => h('li', {}, tMarked(k))))),
    section('about-privacy', t('about.privacy.h'), h('p', {}, t('about.privacy'))),
    section('about-data', t('about.data.h'),
      h('ul', {},
        h('li', {}, h('strong', {}, 'ESCO. '), t('about.esco')),
        h('li', {}, h('strong', {}, 'CBS, PDOK, GeoNames. '), t('about.geo')),
        h('li', {}, h('strong', {}, 'MBO. '), t('about.quals'))),
      h('p', {}, t('about.sources'))));
}
