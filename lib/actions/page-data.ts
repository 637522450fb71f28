import { notFound, redirect } from 'next/navigation';
import { recordRefusal } from '../dal/refusals';
import { isAppError } from '../errors';
import { idSchema } from '../validation/common';

/**
 * Runs a DAL read for a page: an unknown or foreign id becomes the 404 page, a
 * forbidden read the forbidden page, never an error page with a stack trace.
 */
export function pageData<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (isAppError(e) && (e.code === 'not-found' || e.code === 'invalid')) notFound();
    if (isAppError(e) && e.code === 'forbidden') {
      recordRefusal(e, 'page');
      redirect('/forbidden');
    }
    if (isAppError(e) && e.code === 'unauthorized') redirect('/signin');
    throw e;
  }
}

/** A numeric route id, or the 404 page. */
export function routeId(raw: string | undefined): number {
  const id = idSchema('record').safeParse(raw);
  if (!id.success) notFound();
  return id.data;
}
