// The config file the browser tests serve with: one tenant whose only origin is the host page
// the embed test serves on another loopback port (another origin), and an API key that
// insight.test.mjs pastes. run-browser-tests.sh and server.mjs write it; embed.test.mjs and
// insight.test.mjs read the same values; hand-offs go to the workspace organisation `org`.

import { createHash } from 'node:crypto';

export const TENANT = {
  id: 'testregio',
  name: 'Werkcentrum Testregio',
  regionCode: 'AM22',
  regionName: 'Rijnmond',
  primary: '#8a1538',
  handoffUrl: 'https://werkcentrum.example/afspraak',
  handoffLabel: 'Maak een afspraak met een adviseur',
  phone: '010 123 45 67',
  /** The workspace organisation that receives hand-offs (handoff.test.mjs). */
  org: 'werkcentrum-testregio',
  /** A test key (never a real one): its SHA-256 is in the config. */
  apiKey: 'pvk_7e57000000000000000000000000000000000000000000000000000000000000',
};

/** The TOML text of the test config, for a host page on `hostPort`. */
export function embedConfig(hostPort) {
  return `[[tenant]]
id = "${TENANT.id}"
name = "${TENANT.name}"
origins = ["http://127.0.0.1:${hostPort}"]
region = "${TENANT.regionName}"
lang = "nl"
theme = { "nl-button-primary-background-color" = "${TENANT.primary}", "nl-paragraph-font-family" = "DejaVu Sans, sans-serif" }
handoff = { label = "${TENANT.handoffLabel}", url = "${TENANT.handoffUrl}", phone = "${TENANT.phone}" }
api_keys = ["sha256:${createHash('sha256').update(TENANT.apiKey).digest('hex')}"]
rate_limit_per_minute = 600
workspace_organisation = "${TENANT.org}"
`;
}
