import type { Metadata } from 'next';
import { requireUser } from '@/lib/dal/session';

export const metadata: Metadata = { title: 'Bench floor' };

/**
 * The framework floor of `npm run bench` (docs/performance.md): the cheapest
 * authenticated page (session check in the layout and here, top bar, one line), so
 * the real pages' latency is compared with what any signed-in page costs on the
 * same server. Shows nothing a signed-in user could not see anyway.
 */
export default async function BenchFloorPage() {
  const actor = await requireUser();
  return <p data-testid="bench-floor">Signed in as {actor.name}.</p>;
}
