/**
 * Where an audit event came from, as stored (`audit_events.origin`) and as an
 * administrator reads it on the audit log and in its CSV export. `hl7` is the HL7 v2
 * lab feed (docs/decisions/0032-hl7-feed.md). Pure data: every layer may use it.
 */
export const AUDIT_ORIGINS = ['ui', 'api', 'import', 'cli', 'system', 'hl7'] as const;
export type AuditOrigin = (typeof AUDIT_ORIGINS)[number];

export const ORIGIN_LABELS: Readonly<Record<AuditOrigin, string>> = {
  ui: 'Web app',
  api: 'API',
  import: 'File import',
  cli: 'Command line',
  system: 'System',
  hl7: 'Lab feed',
};

/** A stored origin in words; an unknown value (a newer version's row) as stored. */
export function originLabel(origin: string): string {
  return Object.hasOwn(ORIGIN_LABELS, origin) ? ORIGIN_LABELS[origin as AuditOrigin] : origin;
}
