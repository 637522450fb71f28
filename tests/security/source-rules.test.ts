/**
 * Rules checked on the source tree (Hardening, items 2 and 6):
 * - no component writes raw HTML (dangerouslySetInnerHTML, innerHTML, document.write):
 *   React escapes everything else, so stored names such as `<img src=x onerror=...>`
 *   render as text - shown here by rendering the patient header of a patient so named;
 * - every route handler that changes data (POST/PUT/PATCH/DELETE) finds its caller
 *   through lib/api/http.ts apiActor (which refuses a cookie-authenticated write whose
 *   Origin is not this site) or is next-auth's own handler.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatientHeader } from '@/app/ui/patient-header';
import { createPatient, getPatient } from '@/lib/dal/patients';
import { makeActor } from '../setup/actors';
import { useTempDatabase } from '../setup/temp-db';

const ROOT = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string, ext = /\.(ts|tsx|js|jsx|mjs)$/): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!fs.existsSync(path.join(ROOT, d))) return;
    for (const e of fs.readdirSync(path.join(ROOT, d), { withFileTypes: true })) {
      const rel = path.posix.join(d, e.name);
      if (e.isDirectory()) walk(rel);
      else if (ext.test(e.name)) out.push(rel);
    }
  };
  walk(dir);
  return out.sort();
}

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

describe('no raw HTML reaches the page', () => {
  it('no file of app/ or lib/ uses dangerouslySetInnerHTML, innerHTML/outerHTML, insertAdjacentHTML or document.write', () => {
    const files = [...sourceFiles('app'), ...sourceFiles('lib'), 'proxy.ts'];
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.filter((f) => /dangerouslySetInnerHTML|\.(inner|outer)HTML\b|insertAdjacentHTML|document\.write\b/.test(read(f)));
    expect(offenders).toEqual([]);
  });

  describe('a patient named like an XSS payload', () => {
    let db: ReturnType<typeof useTempDatabase>;
    beforeAll(() => {
      db = useTempDatabase();
    });
    afterAll(() => db.dispose());

    it('is stored through the DAL verbatim and rendered as text by the patient header', async () => {
      const nurse = await makeActor('nurse');
      const payload = '<img src=x onerror=alert(1)>';
      const id = createPatient(nurse, { mrn: 'XSS-1', familyName: 'Doe', givenName: payload, birthDate: '1970-01-01', sex: 'female', diagnosisGroup: 'mi2-pos-dm' }).id;
      const p = getPatient(nurse, id);
      expect(p.givenName).toBe(payload);
      const html = renderToStaticMarkup(createElement(PatientHeader, { ...p, physicianName: `"><script>alert(2)</script>` }));
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(html).toContain('&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
      expect(html).not.toMatch(/<img|<script/i);
    });
  });
});

describe('data-changing route handlers check the Origin of cookie-authenticated requests', () => {
  const routes = sourceFiles('app', /^route\.(ts|tsx)$/);

  it('finds the route handlers', () => {
    expect(routes.length).toBeGreaterThan(10);
  });

  it('every POST/PUT/PATCH/DELETE handler goes through apiActor, or is next-auth\'s own handler, or only refuses', async () => {
    const writers: string[] = [];
    for (const file of routes) {
      const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
      if (['POST', 'PUT', 'PATCH', 'DELETE'].some((m) => typeof mod[m] === 'function')) writers.push(file);
    }
    expect(writers.length).toBeGreaterThanOrEqual(3);
    const problems: string[] = [];
    for (const file of writers) {
      const src = read(file);
      const nextAuth = /from\s+'next-auth'/.test(src) && /\bNextAuth\(/.test(src);
      if (nextAuth) continue;
      // A handler importing nothing but the API's answer helpers (the JSON 404) can only refuse.
      const sources = [...src.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
      const refusalOnly = sources.length > 0 && sources.every((from) => from === '@/lib/api/http' || from === 'next/server');
      if (refusalOnly) continue;
      if (!/import\s*\{[^}]*\bapiActor\b[^}]*\}\s*from\s*'@\/lib\/api\/http'/.test(src)) problems.push(`${file}: does not import apiActor from lib/api/http.ts`);
      else if (!/\bapiActor\(\s*request\b/.test(src)) problems.push(`${file}: does not call apiActor(request, ...)`);
      // currentActor/actorFor read the cookie without the Origin check.
      if (/\b(currentActor|actorFor|requireUser)\(/.test(src)) problems.push(`${file}: reads the session without the Origin check`);
    }
    expect(problems).toEqual([]);
  });
  // The behaviour (no Origin, a foreign one, "null", garbage: 403, nothing written) is tested in authorization.test.ts.
});
