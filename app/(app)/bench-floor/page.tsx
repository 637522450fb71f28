import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { requireUser } from '@/lib/dal/session';

export const metadata: Metadata = { title: 'Bench floor' };

/**
 * The framework floor of `npm run bench` (docs/performance.md): the cheapest
 * authenticated page (session check in the layout and here, top bar, one line), so
 * the real pages' latency is compared with what any signed-in page costs on the
 * same server. Shows nothing a signed-in user could not see anyway, and exists only
 * on a server the bench started (TITERLINE_BENCH_FLOOR=1, set by scripts/bench/server.ts):
 * anywhere else it is "not found".
 */
export default async function BenchFloorPage() {
  await connection(); // read the variable per request, never baked into a prerendered page at build time
  if (process.env.TITERLINE_BENCH_FLOOR !== '1') notFound();
  const actor = await requireUser();
  return <p data-testid="bench-floor">Signed in as {actor.name}.</p>;
}
