import 'server-only';
import { createHash, createSecretKey, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AuditKey } from './audit-chain';

/**
 * The audit key ring: the secrets that sign the audit trail, kept outside the database
 * (docs/decisions/0002-audit-chain.md). From `TITERLINE_AUDIT_KEY` (one or more keys,
 * separated by commas or spaces) and/or the file `TITERLINE_AUDIT_KEY_FILE` (one key a
 * line, `#` comments). The LAST key listed signs new events; every key listed verifies
 * the events it signed, so a rotation appends a key and keeps the old ones. Without
 * either variable the ring is the file `<database>.audit-key`, generated on first use.
 */
export interface AuditKeyRing {
  /** Signs new events and checkpoints. */
  current: AuditKey;
  byId: ReadonlyMap<string, AuditKey>;
  /** Where the keys come from, for messages ("the file /etc/titerline/audit-key"). */
  source: string;
  /** The key file, when the ring has one (rotation appends to it). */
  file: string | null;
  /** True for the generated default beside the database (readable by whoever can change the database folder). */
  besideDatabase: boolean;
}

/** A key ring that is missing or unusable; the message says what to do. */
export class AuditKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditKeyError';
  }
}

const MIN_SECRET_LENGTH = 32;

/** The key's public fingerprint, stored with every event it signs (never the secret). */
export function auditKeyId(secret: string): string {
  return createHash('sha256').update(`titerline-audit-key\0${secret}`).digest('hex').slice(0, 12);
}

export const defaultKeyFile = (dbFile: string) => `${dbFile}.audit-key`;

/** A new random secret: 32 bytes, base64url (43 characters). */
export const newAuditSecret = () => randomBytes(32).toString('base64url');

function parseSecrets(text: string, where: string, splitter: RegExp): string[] {
  const secrets = text.split('\n').filter((l) => !l.trim().startsWith('#')).join('\n').split(splitter).map((s) => s.trim()).filter(Boolean);
  for (const [i, s] of secrets.entries()) {
    if (s.length < MIN_SECRET_LENGTH) throw new AuditKeyError(`Audit key ${i + 1} in ${where} is ${s.length} characters long; each key must be at least ${MIN_SECRET_LENGTH} (make one with: openssl rand -base64 32).`);
  }
  return secrets;
}

/** Writes a new key file atomically: a process racing us either sees no file or the whole file. */
function createKeyFile(file: string): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const text = `# Titerline audit key ring (docs/decisions/0002-audit-chain.md). The last key signs new audit events;\n`
    + `# every key here verifies the events it signed. Back this file up apart from the database. Never remove a key.\n`
    + `# Created ${new Date().toISOString()}\n${newAuditSecret()}\n`;
  fs.mkdirSync(path.dirname(/*turbopackIgnore: true*/ file), { recursive: true });
  fs.writeFileSync(/*turbopackIgnore: true*/ tmp, text, { mode: 0o600 });
  try {
    fs.linkSync(/*turbopackIgnore: true*/ tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    fs.rmSync(/*turbopackIgnore: true*/ tmp, { force: true });
  }
}

/** Adds a fresh key at the end of a key file (rotation); creates the file when missing. Returns the new key's id. */
export function appendKeyToFile(file: string): string {
  const secret = newAuditSecret();
  fs.mkdirSync(path.dirname(/*turbopackIgnore: true*/ file), { recursive: true });
  fs.appendFileSync(/*turbopackIgnore: true*/ file, `# Added ${new Date().toISOString()}\n${secret}\n`, { mode: 0o600 });
  return auditKeyId(secret);
}

function configuredKeyFile(dbFile: string): { file: string | null; isDefault: boolean } {
  const configured = process.env.TITERLINE_AUDIT_KEY_FILE?.trim();
  if (configured) return { file: path.resolve(/*turbopackIgnore: true*/ configured), isDefault: false };
  if (process.env.TITERLINE_AUDIT_KEY?.trim()) return { file: null, isDefault: false };
  return { file: defaultKeyFile(dbFile), isDefault: true };
}

/**
 * Reads the key ring for the database `dbFile`. `create`: generate the default key file
 * when no key is configured at all (writers do; the verifier must not invent a key).
 * Returns null when there is no key and none may be created.
 */
export function loadAuditKeyRing(dbFile: string, { create }: { create: boolean }): AuditKeyRing | null {
  const { file, isDefault } = configuredKeyFile(dbFile);
  const secrets: string[] = [];
  const sources: string[] = [];
  if (file) {
    if (!fs.existsSync(/*turbopackIgnore: true*/ file)) {
      if (!isDefault) throw new AuditKeyError(`TITERLINE_AUDIT_KEY_FILE names ${file}, which does not exist. Fix the path, or create a new key ring there with: npm run audit:rotate-key`);
      if (!create) return null;
      try {
        createKeyFile(file);
      } catch (e) {
        throw new AuditKeyError(`The audit key file ${file} cannot be created (${(e as NodeJS.ErrnoException).code ?? 'error'}): give the app's user write access to the database folder, or set TITERLINE_AUDIT_KEY_FILE.`);
      }
    }
    let text: string;
    try {
      text = fs.readFileSync(/*turbopackIgnore: true*/ file, 'utf8');
    } catch (e) {
      throw new AuditKeyError(`The audit key file ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}); the app's user needs read access to it.`);
    }
    secrets.push(...parseSecrets(text, `the file ${file}`, /\s+/));
    sources.push(`the file ${file}`);
  }
  const fromEnv = process.env.TITERLINE_AUDIT_KEY?.trim();
  if (fromEnv) {
    secrets.push(...parseSecrets(fromEnv, 'TITERLINE_AUDIT_KEY', /[\s,]+/));
    sources.push('TITERLINE_AUDIT_KEY');
  }
  const last = secrets.at(-1);
  if (!last) throw new AuditKeyError(`No audit key in ${sources.join(' or ')}: add one line made with: openssl rand -base64 32`);
  const byId = new Map<string, AuditKey>();
  for (const s of secrets) byId.set(auditKeyId(s), { id: auditKeyId(s), key: createSecretKey(Buffer.from(s, 'utf8')) });
  return { current: byId.get(auditKeyId(last))!, byId, source: sources.join(' and '), file, besideDatabase: isDefault };
}

const cache = new Map<string, AuditKeyRing>();

/**
 * The signing ring for a writer of `dbFile`, read once per process (the server keeps
 * it until restarted: a rotation takes effect at the next start) and generated beside
 * the database when nothing is configured.
 */
export function auditKeyRing(dbFile: string): AuditKeyRing {
  const k = `${process.env.TITERLINE_AUDIT_KEY ?? ''}\0${process.env.TITERLINE_AUDIT_KEY_FILE ?? ''}\0${dbFile}`;
  let ring = cache.get(k);
  if (!ring) {
    ring = loadAuditKeyRing(dbFile, { create: true })!;
    cache.set(k, ring);
  }
  return ring;
}

/** Drops the cached rings (tests; the rotation command after adding a key). */
export function forgetAuditKeys(): void {
  cache.clear();
}
