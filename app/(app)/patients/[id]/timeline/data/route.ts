import { NextResponse } from 'next/server';
import { getPatientTimelineData } from '@/lib/dal/patient-page';
import { actorFor } from '@/lib/dal/session';
import { recordRefusal } from '@/lib/dal/refusals';
import { isAppError } from '@/lib/errors';
import { logFailure, referenceSentence } from '@/lib/ops/log';
import { idSchema } from '@/lib/validation/common';

/**
 * The patient's whole timeline for the page's charts (timeline-view.tsx): the stored
 * gzipped JSON as it is, inflated by the browser's DecompressionStream. Not sent with
 * `Content-Encoding: gzip`: Next drops that header from route responses and would
 * compress a JSON body a second time; an octet stream it leaves alone.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const actor = await actorFor('patient:view');
    const id = idSchema('patient').safeParse((await params).id);
    if (!id.success) return NextResponse.json({ error: { code: 'not-found', message: 'Patient not found.' } }, { status: 404 });
    const body = getPatientTimelineData(actor, id.data);
    return new NextResponse(new Uint8Array(body), {
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(body.length), 'Cache-Control': 'no-store' },
    });
  } catch (e) {
    recordRefusal(e, 'route');
    if (isAppError(e)) return NextResponse.json({ error: { code: e.code, message: e.message } }, { status: e.status });
    const ref = logFailure('timeline data failed', e);
    return NextResponse.json({ error: { code: 'internal', message: `The timeline could not be loaded.${referenceSentence(ref)}` } }, { status: 500 });
  }
}
