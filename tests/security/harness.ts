/**
 * The world the security tests run in: a temp database with real users of every role
 * signed in through lib/dal/auth (real sessions, real next-auth JWTs), deactivated users
 * whose sessions were ended by the DAL, API tokens per role (and a revoked one), fresh
 * fixture rows, and the helpers that call an action or a route as one caller and
 * compare the database before and after.
 */
import './next-als';
import { expect } from 'vitest';
import { NextRequest } from 'next/server';
import { encode } from 'next-auth/jwt';
import { workAsyncStorage, type WorkStore } from 'next/dist/server/app-render/work-async-storage.external';
import { getDb } from '@/db/client';
import type { Actor } from '@/lib/dal/actor';
import { createApiToken, revokeApiToken } from '@/lib/dal/api-tokens';
import { recordAntibodyResult } from '@/lib/dal/antibody-results';
import { createAssay } from '@/lib/dal/assays';
import { verifyAuditChain } from '@/lib/dal/audit';
import { chainWaitingReadEvents } from '@/lib/dal/read-audit';
import { authenticate } from '@/lib/dal/auth';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { startMedication } from '@/lib/dal/medications';
import { createPatient } from '@/lib/dal/patients';
import { setUserActive } from '@/lib/dal/users';
import { recordVisit } from '@/lib/dal/visits';
import { ROLES, type Role } from '@/lib/permissions';
import { makeActor, TEST_PASSWORD } from '../setup/actors';
import { ASSAY, daysAgo, sqlite } from '../setup/dal-helpers';
// Renamed: not a React hook (the lint rule goes by the `use` prefix).
import { tableCounts, useTempDatabase as openTempDatabase } from '../setup/temp-db';
import { jar } from './cookie-jar';
import { MATRIX, type Fields, type Fixtures, type Need, type RouteEntry, type RouteRequest } from './registry';

export const ORIGIN = 'http://titerline.test';

// ---------------------------------------------------------------- callers

export type CallerName = 'anonymous' | 'deactivated admin' | 'deactivated physician' | Role;
export const CALLERS: readonly CallerName[] = ['anonymous', 'deactivated admin', 'deactivated physician', ...ROLES];

export interface Caller {
  name: CallerName;
  /** The role that acts, or null when the call must be refused as unauthenticated. */
  role: Role | null;
  /** The next-auth session cookie (a JWT naming a real session row), or null. */
  cookie: string | null;
  /** An API token for the same role (a revoked one for a deactivated caller), or null. */
  token: string | null;
}

export interface World {
  users: Record<Role, Actor>;
  callers: Record<CallerName, Caller>;
  fx: Fixtures;
  /** Ids of users, tokens and assays the tests themselves rely on (hostile ids must not land on them). */
  protectedIds: { user: Set<number>; token: Set<number>; assay: Set<number> };
  dispose(): void;
}

export const SECRET = 'security-tests-secret-not-for-production-0123456789';

async function signIn(actor: Actor): Promise<string> {
  const r = await authenticate(actor.email, TEST_PASSWORD, '127.0.0.1');
  if (!r.ok) throw new Error(`sign-in failed for ${actor.email}: ${r.reason}`);
  return encode({ token: { sid: r.sessionId, sub: String(r.userId), email: r.email, name: r.name }, secret: SECRET });
}

let seq = 0;
const tag = () => `${Date.now().toString(36)}${(seq++).toString(36)}`.toUpperCase();

export async function createWorld(): Promise<World> {
  process.env.NEXTAUTH_SECRET = SECRET;
  process.env.NEXTAUTH_URL = ORIGIN;
  const db = openTempDatabase();
  const users = {} as Record<Role, Actor>;
  for (const role of ROLES) users[role] = await makeActor(role, `${role}@clinic.test`);
  // Seeding is done by users who are not callers, so a caller's own rows never matter.
  const seedPhysician = await makeActor('physician', 'seed-physician@clinic.test');
  const seedNurse = await makeActor('nurse', 'seed-nurse@clinic.test');
  const seedAdmin = await makeActor('admin', 'seed-admin@clinic.test');
  const target = await makeActor('nurse', 'target@clinic.test');
  const deactivatedAdmin = await makeActor('admin', 'gone-admin@clinic.test');
  const deactivatedPhysician = await makeActor('physician', 'gone-physician@clinic.test');

  const cookies = {} as Record<Role, string>;
  for (const role of ROLES) cookies[role] = await signIn(users[role]);
  // Signed in while active, then deactivated through the DAL (which ends their sessions).
  const goneAdminCookie = await signIn(deactivatedAdmin);
  const gonePhysicianCookie = await signIn(deactivatedPhysician);
  setUserActive(seedAdmin, deactivatedAdmin.userId ?? 0, false);
  setUserActive(seedAdmin, deactivatedPhysician.userId ?? 0, false);

  const tokenIds = new Set<number>();
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    const t = createApiToken(seedAdmin, { name: `${role} integration`, role });
    tokens[role] = t.token;
    tokenIds.add(t.record.id);
  }
  const revoked = createApiToken(seedAdmin, { name: 'retired integration', role: 'physician' });
  revokeApiToken(seedAdmin, revoked.record.id);
  tokenIds.add(revoked.record.id);

  const callers = {
    anonymous: { name: 'anonymous', role: null, cookie: null, token: null },
    'deactivated admin': { name: 'deactivated admin', role: null, cookie: goneAdminCookie, token: revoked.token },
    'deactivated physician': { name: 'deactivated physician', role: null, cookie: gonePhysicianCookie, token: revoked.token },
  } as Record<CallerName, Caller>;
  for (const role of ROLES) callers[role] = { name: role, role, cookie: cookies[role], token: tokens[role] };

  const targetAssay = createAssay(seedAdmin, { name: 'Target assay (toggled by tests)', analyte: 'mi2-alpha', method: 'elisa', unit: 'units', cutoff: '10' });

  const fx: Fixtures = {
    patient: () => createPatient(seedNurse, { mrn: `FX-${tag()}`, familyName: 'Fixture', givenName: 'Fay', birthDate: '1970-06-15', sex: 'female', diagnosisGroup: 'mi2-pos-dm' }).id,
    mrn: (patientId) => (sqlite().prepare('SELECT mrn FROM patients WHERE id = ?').get(patientId) as { mrn: string }).mrn,
    antibody: (patientId) => recordAntibodyResult(seedNurse, patientId, { assayId: ASSAY.betaBlot, collectedOn: daysAgo(40), value: '30' }).id,
    enzyme: (patientId) => recordEnzymeResult(seedNurse, patientId, { analyte: 'ck', collectedOn: daysAgo(40), value: '500', unit: 'U/L' }).id,
    visit: (patientId) => recordVisit(seedPhysician, patientId, { visitOn: daysAgo(20), physicianGlobal: '3', mmt_neck_flexors: '9' }).id,
    epoch: (patientId) => startMedication(seedPhysician, patientId, {
      drug: 'prednisone', dose: '40', doseUnit: 'mg', route: 'oral', frequency: 'daily', startOn: daysAgo(60), startReason: 'started',
    }).id,
    signal: () => {
      const patientId = fx.patient();
      // A positive titer not retested for over a year: "titer overdue".
      recordAntibodyResult(seedNurse, patientId, { assayId: ASSAY.betaBlot, collectedOn: daysAgo(400), value: '30' });
      const row = sqlite().prepare('SELECT id FROM patient_signals WHERE patient_id = ? ORDER BY id LIMIT 1').get(patientId) as { id: number } | undefined;
      if (!row) throw new Error('the signal fixture produced no signal');
      return { patientId, signalId: row.id };
    },
    token: () => createApiToken(seedAdmin, { name: `Fixture ${tag()}`, role: 'reviewer' }).record.id,
    otherAdminId: users.admin.userId ?? 0,
    targetUserId: target.userId ?? 0,
    enrolledUser: () => {
      sqlite().prepare("UPDATE users SET totp_secret = 'v1:fixture', totp_enrolled_at = ? WHERE id = ?").run(Date.now(), target.userId);
      return target.userId ?? 0;
    },
    lockedUser: () => {
      sqlite().prepare('UPDATE users SET locked_until = ?, failed_logins = 0 WHERE id = ?').run(Date.now() + 15 * 60_000, target.userId);
      return target.userId ?? 0;
    },
    targetAssayId: targetAssay.id,
    assayId: ASSAY.betaBlot,
    unique: tag,
  };

  const userIds = [...ROLES.map((r) => users[r]), seedPhysician, seedNurse, seedAdmin, deactivatedAdmin, deactivatedPhysician].map((u) => u.userId ?? 0);
  return {
    users,
    callers,
    fx,
    protectedIds: { user: new Set(userIds), token: tokenIds, assay: new Set(Object.values(ASSAY)) },
    dispose: () => db.dispose(),
  };
}

/** Allowed for this caller per architecture.md? (`first-run` is refused once any user exists.) */
export function expectedAllowed(need: Need, caller: Caller): boolean {
  if (need === 'public') return true;
  if (need === 'first-run') return false;
  if (need === 'signed-in') return caller.role !== null;
  return caller.role !== null && MATRIX[need].includes(caller.role);
}

// ---------------------------------------------------------------- the database, before and after

export interface DbState {
  counts: Record<string, number>;
  /** Per table: highest rowid, latest *_at, sums of version/active/flag columns (catches updates that keep the count). */
  marks: Record<string, unknown>;
  audit: { events: number; head: string | null };
}

/** Columns that reads legitimately touch (a session's or a token's last use, at most once a minute). */
const VOLATILE = new Set(['last_seen_at', 'last_used_at']);
const SUMMED = new Set(['version', 'active', 'entered_in_error', 'session_version', 'failed_logins', 'locked_until', 'failures']);
let marksSql: { db: unknown; queries: [string, string][] } | null = null;

function marksQueries(): [string, string][] {
  const db = getDb().$client;
  if (marksSql?.db === db) return marksSql.queries;
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' AND name <> 'audit_events'").all() as { name: string }[]).map((t) => t.name);
  const queries = tables.map((t): [string, string] => {
    const cols = (db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).map((c) => c.name);
    const parts = ['max(rowid) AS rowid_max'];
    for (const c of cols) {
      if (c.endsWith('_at') && !VOLATILE.has(c)) parts.push(`max("${c}") AS "max_${c}"`);
      else if (SUMMED.has(c)) parts.push(`total("${c}") AS "sum_${c}"`);
    }
    return [t, `SELECT ${parts.join(', ')} FROM "${t}"`];
  });
  marksSql = { db, queries };
  return queries;
}

/**
 * The database as a refused call must leave it. The one thing a refusal adds is its own
 * record, a `security.refused` audit event (lib/dal/refusals.ts), or for a known API
 * token that is expired, revoked or disabled a `token.refused` event: left out here, and
 * checked on their own (refusalsSince()).
 */
const REFUSAL_EVENTS = "('security.refused', 'token.refused')";

export function dbState(): DbState {
  // Read events (views, exports) wait in the read journal until a write chains them: chained first, as the audit page does.
  chainWaitingReadEvents();
  const db = getDb().$client;
  const marks = Object.fromEntries(marksQueries().map(([t, q]) => [t, db.prepare(q).get()]));
  const head = db.prepare(`SELECT count(*) AS n, (SELECT hash FROM audit_events WHERE action NOT IN ${REFUSAL_EVENTS} ORDER BY id DESC LIMIT 1) AS h FROM audit_events WHERE action NOT IN ${REFUSAL_EVENTS}`).get() as { n: number; h: string | null };
  const counts = tableCounts();
  counts.audit_events = head.n;
  return { counts, marks, audit: { events: head.n, head: head.h } };
}

const REFUSED = 'security.refused';

export interface RefusalEvent { id: number; userEmail: string | null; role: string | null; permission: string; target: string | null; via: string; count: number }

/** The refused-attempt events after audit event `afterId`. */
export function refusalsSince(afterId: number): RefusalEvent[] {
  const rows = getDb().$client.prepare(`SELECT id, user_email, role, after_json FROM audit_events WHERE action = '${REFUSED}' AND id > ? ORDER BY id`).all(afterId) as { id: number; user_email: string | null; role: string | null; after_json: string }[];
  return rows.map((r) => {
    const a = JSON.parse(r.after_json) as { permission: string; target: string | null; via: string; count: number };
    return { id: r.id, userEmail: r.user_email, role: r.role, permission: a.permission, target: a.target, via: a.via, count: a.count };
  });
}

/** The id of the latest audit event (0 when none). */
export function lastAuditEventId(): number {
  return (getDb().$client.prepare('SELECT coalesce(max(id), 0) AS id FROM audit_events').get() as { id: number }).id;
}

export function expectUnchanged(before: DbState, label: string): void {
  expect(dbState(), `${label}: a refused call changed the database`).toEqual(before);
}

export function expectAuditChainIntact(): void {
  const report = verifyAuditChain(getDb());
  expect(report.problem).toBeNull();
  expect(report.ok).toBe(true);
}

// ---------------------------------------------------------------- calling an action

export type ActionOutcome =
  | { kind: 'state'; status: string; message: string | undefined }
  | { kind: 'redirect'; location: string }
  | { kind: 'threw'; error: unknown };

export function toFormData(fields: Fields): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
}

/** next/navigation redirect() throws an error whose digest is NEXT_REDIRECT;type;url;status. */
function redirectTarget(e: unknown): string | null {
  const digest = typeof e === 'object' && e !== null && 'digest' in e ? (e as { digest: unknown }).digest : null;
  if (typeof digest !== 'string' || !digest.startsWith('NEXT_REDIRECT;')) return null;
  return digest.split(';')[2] ?? '';
}

export async function callAction(run: (prev: { status: 'idle' }, fd: FormData) => Promise<unknown>, caller: Caller | null, fd: FormData): Promise<ActionOutcome> {
  jar.token = caller?.cookie ?? null;
  try {
    const state = await run({ status: 'idle' }, fd);
    if (typeof state !== 'object' || state === null || !('status' in state)) return { kind: 'threw', error: new Error(`not a form state: ${JSON.stringify(state)}`) };
    const s = state as { status: unknown; message?: unknown };
    return { kind: 'state', status: String(s.status), message: typeof s.message === 'string' ? s.message : undefined };
  } catch (e) {
    const location = redirectTarget(e);
    return location === null ? { kind: 'threw', error: e } : { kind: 'redirect', location };
  } finally {
    jar.token = null;
  }
}

// ---------------------------------------------------------------- calling a route

export type Credential = { kind: 'cookie'; caller: Caller } | { kind: 'bearer'; caller: Caller } | { kind: 'none' };

export interface RouteCallOptions {
  /** Extra or replaced headers (e.g. a hostile Origin). */
  headers?: Record<string, string>;
  /** Leave out the Origin header that a same-site browser sends with a write. */
  noOrigin?: boolean;
}

export function buildRequest(entry: Pick<RouteEntry, 'method'>, req: RouteRequest, cred: Credential, opts: RouteCallOptions = {}): NextRequest {
  const headers: Record<string, string> = {};
  if (req.contentType) headers['content-type'] = req.contentType;
  if (cred.kind === 'bearer' && cred.caller.token) headers.authorization = `Bearer ${cred.caller.token}`;
  // A browser sends Origin with every non-GET request; the session-cookie Origin check relies on it.
  if (!['GET', 'HEAD'].includes(entry.method) && !opts.noOrigin) headers.origin = ORIGIN;
  Object.assign(headers, opts.headers);
  return new NextRequest(`${ORIGIN}${req.path}`, { method: entry.method, headers, body: req.body });
}

/**
 * next-auth's handler reads next/headers through CommonJS require, out of vitest's
 * reach: run it in a minimal Next work scope (forceStatic: empty cookies and headers,
 * i.e. an anonymous browser), which is what it needs to answer.
 */
function inNextScope<T>(route: string, fn: () => T): T {
  const store = { route, page: route, forceStatic: true } as unknown as WorkStore;
  return workAsyncStorage.run(store, fn);
}

export async function callRoute(entry: RouteEntry, req: RouteRequest, cred: Credential, opts: RouteCallOptions = {}): Promise<Response> {
  jar.token = cred.kind === 'cookie' ? cred.caller.cookie : null;
  try {
    const request = buildRequest(entry, req, cred, opts);
    const context = { params: Promise.resolve(req.params ?? {}) };
    if (entry.auth === 'next-auth') return await inNextScope(entry.file, () => entry.handler(request, context));
    return await entry.handler(request, context);
  } finally {
    jar.token = null;
  }
}

/**
 * The error code of a refusal: `{ error: { code } }` from the JSON API, or Titerline's
 * code inside an OperationOutcome (the FHIR read API: issue[0].details.coding).
 */
export function errorCodeOf(body: unknown): string | undefined {
  const b = body as { error?: { code?: string }; resourceType?: string; issue?: { details?: { coding?: { code?: string }[] } }[] };
  return b.resourceType === 'OperationOutcome' ? b.issue?.[0]?.details?.coding?.[0]?.code : b.error?.code;
}

export const UNAUTHORIZED_MESSAGE = 'Your session has ended. Please sign in again.';
export const FORBIDDEN_MESSAGE = 'Your role does not allow this.';
export const INTERNAL_MESSAGE = /something went wrong on our side/i;
