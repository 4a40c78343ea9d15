// padvinder's embed loader for a job centre's website (docs/embed.md):
//   <script src="https://HOST/embed.js" data-padvinder-tenant="rijnmond" async></script>
// puts padvinder in an iframe where the script tag is (or into <div data-padvinder>), keeps
// room for it while it loads, and sets the frame's height to its content. The frame tells its
// height with postMessage; this script listens only to messages from padvinder's origin and
// from that frame. No cookies, no storage, no requests of its own.
(function () {
  'use strict';
  // About the height of padvinder's start page in the frame on a desktop (955 px measured in
  // Chromium at 1024-1280 px wide), so the host page hardly moves when the real height arrives;
  // on a phone the page is taller and what moves is already below the screen (layout shift).
  var START_HEIGHT = 960;
  var MIN_HEIGHT = 200;
  var MAX_HEIGHT = 30000;
  var script = document.currentScript;
  if (!script || !script.src) return;
  var tenant = script.getAttribute('data-padvinder-tenant') || '';
  if (!/^[a-z0-9-]{1,40}$/.test(tenant)) {
    if (window.console) console.error('padvinder: data-padvinder-tenant must be your tenant id (a-z, 0-9 and -), e.g. data-padvinder-tenant="rijnmond"');
    return;
  }
  var src = new URL(script.src, document.baseURI);
  var origin = src.origin;
  var frame = document.createElement('iframe');
  frame.src = new URL('embed/' + tenant + '/', src).href;
  frame.title = script.getAttribute('data-padvinder-title') ||
    'padvinder: vind je weg naar werk in techniek en ICT';
  frame.referrerPolicy = 'no-referrer';
  frame.setAttribute('data-padvinder-frame', tenant);
  frame.style.display = 'block';
  frame.style.width = '100%';
  frame.style.border = '0';
  frame.style.height = START_HEIGHT + 'px';
  var host = document.querySelector('div[data-padvinder]');
  if (!host) {
    host = document.createElement('div');
    host.setAttribute('data-padvinder', '');
    script.parentNode.insertBefore(host, script.nextSibling);
  }
  host.appendChild(frame);
  window.addEventListener('message', function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || data.type !== 'padvinder:height') return;
    var height = Number(data.height);
    if (!isFinite(height)) return;
    height = Math.ceil(Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, height)));
    frame.style.height = height + 'px';
  });
})();
