/**
 * Open redirect after sign-in (issue 20, item 2): `/signin?callbackUrl=/%5Cevil.example/`
 * sent a user who signed in to http://evil.example/. The callback is now resolved as a
 * URL against the site's own origin and kept only when it stays there; anything else
 * becomes the home page. Each case below is what a browser would do with the answer:
 * `location.assign(answer)` resolves it against the page, so the test resolves it the
 * same way (WHATWG URL, as Chromium does) and checks where it lands.
 * The same cases through a real sign-in in Chromium: signin-boundary.e2e.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeCallbackUrl } from '@/lib/callback-url';
import { BYPASSES } from './bypasses';

const ORIGIN = 'http://titerline.test';
const HOME = `${ORIGIN}/`;

/** Where a browser goes when a page of ORIGIN calls location.assign(answer). */
const landing = (raw: unknown) => new URL(safeCallbackUrl(raw, ORIGIN), HOME);


/** Lookalikes that are not slashes to a URL parser: they stay in this site's path (harmless), never a host. */
const LOOKALIKES = [
  '/%5Cevil.example/', // still encoded: a backslash inside this site's path
  'http:evil.example', // same scheme, no slashes: a relative path on this site
  '/\uFF0Fevil.example/', '/\u2044evil.example/', '/\u2215evil.example/', '/\u29F8evil.example/', '\uFF0F\uFF0Fevil.example/', '/%2F%2Fevil.example/', '/%2f/evil.example/'];

describe('safeCallbackUrl: where a signed-in user is sent', () => {
  it.each(BYPASSES.map((b) => [JSON.stringify(b).slice(0, 60), b]))('%s lands on the home page of this site', (_label, raw) => {
    const url = landing(raw);
    expect(url.origin).toBe(ORIGIN);
    expect(url.href).toBe(HOME);
  });

  it.each(LOOKALIKES)('%s stays on this site (a path, not a host)', (raw) => {
    const url = landing(raw);
    expect(url.origin).toBe(ORIGIN);
    expect(url.host).toBe('titerline.test');
    expect(url.pathname.startsWith('//')).toBe(false);
  });

  it('keeps the pages of this site, with their query and fragment', () => {
    expect(landing('/patients/12?tab=results#labs').href).toBe(`${ORIGIN}/patients/12?tab=results#labs`);
    expect(landing('/admin/users').href).toBe(`${ORIGIN}/admin/users`);
    expect(landing(`${ORIGIN}/cohort?view=course`).href).toBe(`${ORIGIN}/cohort?view=course`);
    expect(landing('/').href).toBe(HOME);
  });

  it('gives the home page for no value, an empty one or a value that is not text', () => {
    for (const raw of [null, undefined, '', 42, {}, ['/patients']]) expect(landing(raw).href).toBe(HOME);
  });

  it('never leaves the site, whatever the text (random strings, built from the characters bypasses use)', () => {
    const piece = fc.constantFrom('/', '\\', '\t', '\r', '\n', ' ', '%5C', '%2F', '%09', '@', ':', '.', '..', 'evil.example', 'titerline.test', 'http', 'https', 'javascript', '#', '?', '\u0000', '\uFF0F');
    const raw = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.array(piece, { maxLength: 10 }).map((p) => p.join('')));
    fc.assert(fc.property(raw, (r) => {
      const url = landing(r);
      expect(url.origin).toBe(ORIGIN);
      expect(url.username + url.password).toBe('');
      // What comes back is absolute on this site: written back as a Location or assigned, it cannot turn into a host.
      expect(new URL(safeCallbackUrl(r, ORIGIN)).origin).toBe(ORIGIN);
    }), { numRuns: 3000 });
  });
});
