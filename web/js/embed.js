// Embed mode (/embed/{tenant}/, docs/embed.md): the job centre this page was opened for, and
// the frame's height told to the host page so it can size the iframe (the host's embed.js
// listens only to padvinder's origin and this frame; we post only to the tenant's origins).

const TENANT = readTenant();

function readTenant() {
  if (typeof document === 'undefined') return null; // Node unit tests
  const raw = document.documentElement.dataset.tenant;
  if (!raw) return null;
  try { return JSON.parse(raw); } catch { return null; }
}

/**
 * The tenant of this embed, or null on padvinder's own site:
 * { id, name, lang, origins, region: {code, name}, handoff: {label, url, phone, tel},
 *   intake: {version, days, text: {nl, en}} or null (hand-offs to its advisers, js/handoff.js) }.
 */
export function tenant() {
  return TENANT;
}

/** In a frame of a tenant's page: report the content height whenever it changes. */
export function startEmbed() {
  if (!TENANT || window.parent === window) return;
  let last = -1;
  const report = () => {
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    for (const origin of TENANT.origins) {
      // A message to an origin that is not the parent's is dropped by the browser.
      window.parent.postMessage({ type: 'padvinder:height', height }, origin);
    }
  };
  new ResizeObserver(report).observe(document.body);
  report();
}
