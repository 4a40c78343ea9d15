// 8. Start page weight: the bytes transferred for #/ until the network is idle, ≤ 100 kB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, newPage } from './lib/harness.mjs';

const env = useBrowser();
const BUDGET = 100_000; // bytes (100 kB)

test('start page weight ≤ 100 kB transferred', { timeout: 60_000 }, async () => {
  const { context, page } = await newPage(env, { width: 375, height: 812 });
  try {
    const finished = [];
    const failed = [];
    page.on('requestfinished', (r) => finished.push(r));
    page.on('requestfailed', (r) => failed.push(r.url()));
    await page.goto(`${env.url}/#/`, { waitUntil: 'networkidle' });
    await page.locator('main h1').waitFor();

    const rows = [];
    for (const r of finished) {
      const sizes = await r.sizes();
      const response = await r.response();
      let decoded = 0;
      try { decoded = (await response.body()).length; } catch { /* no body (e.g. data: URL) */ }
      rows.push({
        url: r.url().replace(env.url, ''),
        transferred: sizes.responseBodySize,
        headers: sizes.responseHeadersSize,
        decoded,
        encoding: (await response.headerValue('content-encoding')) || '',
      });
    }
    const fromServer = rows.filter((r) => r.url.startsWith('/'));
    const body = fromServer.reduce((s, r) => s + r.transferred, 0);
    const headers = fromServer.reduce((s, r) => s + r.headers, 0);
    const decoded = fromServer.reduce((s, r) => s + r.decoded, 0);
    console.log(`start page: ${fromServer.length} requests, ${body} bytes of response bodies transferred `
      + `(${(body / 1000).toFixed(1)} kB; + ${headers} bytes of headers), ${decoded} bytes uncompressed`);
    for (const r of fromServer) console.log(`  ${r.url.padEnd(24)} ${String(r.transferred).padStart(7)} B  (${r.decoded} B ${r.encoding || 'identity'})`);

    assert.deepEqual(failed, [], 'requests failed while loading the start page');
    assert.equal(rows.length, fromServer.length, `requests to other hosts: ${rows.filter((r) => !r.url.startsWith('/')).map((r) => r.url)}`);
    assert.ok(fromServer.length > 0);
    assert.ok(body <= BUDGET, `the start page transfers ${body} bytes, over the budget of ${BUDGET}`);
    // No API request is needed to show the start page.
    assert.equal(fromServer.filter((r) => r.url.startsWith('/api/')).length, 0, 'the start page calls the API before anyone searches');
  } finally {
    await context.close();
  }
});
