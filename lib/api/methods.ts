/**
 * Methods a /api/v1 route does not serve. Next answers those with an empty 405 and no
 * Allow header; a client reading JSON gets the same error body as every other refusal
 * and the header saying what the path serves (RFC 9110 section 15.5.6).
 */
import { errorJson } from './http';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];
type Handler = () => Response;

/** 405 handlers for every method not in `allowed` (HEAD and OPTIONS are Next's own). */
export function refuseOtherMethods(...allowed: Method[]): Record<Method, Handler> {
  const allow = [...allowed, ...(allowed.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', ');
  const refuse: Handler = () => {
    const res = errorJson('method-not-allowed', `This address does not accept that method. Allowed: ${allow}.`, 405);
    res.headers.set('Allow', allow);
    return res;
  };
  return Object.fromEntries(METHODS.map((m) => [m, refuse])) as Record<Method, Handler>;
}
