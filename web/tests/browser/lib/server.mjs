// Starts `target/release/padvinder serve` on a free loopback port with a fresh index folder,
// waits for /readyz, and stops it again. run-browser-tests.sh does the same in shell and passes
// the address in PADVINDER_URL; this helper is the fallback when a test file is run on its own
// (`node --test web/tests/browser/search.test.mjs` from the repository root or this folder).

import { spawn } from 'node:child_process';
import { mkdtemp, rm, mkdir, cp } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { embedConfig } from './embed-config.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output');

/** A free TCP port on 127.0.0.1 (asked from the OS, then released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 200, the process exits, or `timeoutMs` passes. */
async function waitReady(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`padvinder exited with code ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`padvinder was not ready at ${url} within ${timeoutMs} ms`);
}

/**
 * Starts the server with the embed test's config (its tenant lists 127.0.0.1:hostPort). Returns
 * { url, hostPort, store, data, reload, stop }. `stop()` kills the process (SIGTERM, then SIGKILL
 * after 5 s) and removes the temporary folders. With `ownData`, the server reads a temporary copy
 * of paths/ (`data`) that a test may change, and `reload()` makes it read that copy again
 * (POST /api/v1/admin/reload with a random admin token); without it, `data` is paths/ and
 * `reload` is null.
 */
export async function startServer({ timeoutMs = 120_000, ownData = false } = {}) {
  const bin = path.join(REPO_ROOT, 'target/release/padvinder');
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`cargo build --release\` first`);
  const indexDir = await mkdtemp(path.join(tmpdir(), 'padvinder-browser-index-'));
  // The counsellor workspace's store (werkplek.test.mjs adds counsellors with `users add`).
  const storeDir = await mkdtemp(path.join(tmpdir(), 'padvinder-browser-store-'));
  const store = path.join(storeDir, 'store');
  const port = await freePort();
  const hostPort = await freePort();
  const configDir = await mkdtemp(path.join(tmpdir(), 'padvinder-browser-config-'));
  const config = path.join(configDir, 'padvinder.toml');
  writeFileSync(config, embedConfig(hostPort));
  await mkdir(OUTPUT_DIR, { recursive: true });
  let dataDir = null;
  let data = 'paths';
  const extra = [];
  const adminToken = randomBytes(16).toString('hex');
  if (ownData) {
    dataDir = await mkdtemp(path.join(tmpdir(), 'padvinder-browser-data-'));
    data = path.join(dataDir, 'paths');
    await cp(path.join(REPO_ROOT, 'paths'), data, { recursive: true });
    extra.push('--admin-token', adminToken);
  }
  const log = createWriteStream(path.join(OUTPUT_DIR, `server-${port}.log`));
  const child = spawn(bin, ['--config', config, '--data', data, '--index', indexDir, '--store', store, 'serve', '--addr', `127.0.0.1:${port}`, ...extra], {
    cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(indexDir, { recursive: true, force: true });
    await rm(storeDir, { recursive: true, force: true });
    await rm(configDir, { recursive: true, force: true });
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  const reload = ownData ? async () => {
    const res = await fetch(`${url}/api/v1/admin/reload`, {
      method: 'POST', headers: { authorization: `Bearer ${adminToken}` }, signal: AbortSignal.timeout(120_000),
    });
    if (!res.ok) throw new Error(`reload answered ${res.status}: ${await res.text()}`);
    return res.json();
  } : null;
  try {
    await waitReady(`${url}/readyz`, child, timeoutMs);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, hostPort, store, data: path.resolve(REPO_ROOT, data), reload, stop };
}
