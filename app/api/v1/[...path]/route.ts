import { errorJson } from '@/lib/api/http';

/**
 * Any other path under /api/v1, with any method: a JSON 404 saying where the API is
 * described, not the app's HTML page (API clients read the body). Public: it reads nothing.
 */
function notServed() {
  return errorJson('not-found', 'No such API address. The API is described at /api/v1/openapi.json.', 404);
}

export { notServed as GET, notServed as POST, notServed as PUT, notServed as PATCH, notServed as DELETE };
