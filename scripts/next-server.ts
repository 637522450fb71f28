/** Helpers for starting `next start` from a script or a test (the e2e server, the bench). */
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Resolves once `/api/health` (readiness: database, migrations, disk) answers OK; throws
 * with the server's output and its last readiness answer if it exits or times out.
 */
export async function waitForHealth(url: string, child: ChildProcess, log: () => string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '(no answer)';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited early:\n${log()}`);
    const ok = await fetch(`${url}/api/health`).then(async (r) => {
      last = `${r.status} ${await r.text()}`;
      return r.ok;
    }, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`next start did not become ready (last /api/health: ${last}):\n${log()}`);
}
