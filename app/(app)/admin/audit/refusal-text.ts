import type { Action } from '@/lib/permissions';

/** What each permission lets a user do, in the words of the roles table. */
const PERMISSION_WORDS: Record<Action, string> = {
  'patient:view': 'view patients',
  'patient:edit': 'edit patient demographics',
  'lab:write': 'enter or correct lab results',
  'lab:import': 'import lab results',
  'visit:write': 'log visits',
  'medication:write': 'record medications',
  'signal:acknowledge': 'acknowledge signals',
  'data:export': 'export data',
  'data:export-identified': 'export identified data (names, MRNs, real dates)',
  'code-map:manage': 'confirm code mappings of lab and hospital systems',
  'cohort:view': 'view cohort insights',
  'user:manage': 'manage users',
  'assay:manage': 'manage the assay catalog',
  'settings:manage': 'change settings',
  'audit:view': 'read the audit log',
  'token:manage': 'manage API tokens',
};

/** "Tried to manage users (id 12) from a form; refused 3 times since the last record." for a security.refused event. */
export function refusalText(afterJson: string | null): string {
  let v: { permission?: unknown; target?: unknown; via?: unknown; count?: unknown; othersNotRecorded?: unknown } = {};
  try {
    v = JSON.parse(afterJson ?? '{}') as typeof v;
  } catch {
    return 'Refused attempt.';
  }
  const what = typeof v.permission === 'string' ? (PERMISSION_WORDS[v.permission as Action] ?? v.permission) : 'do something';
  const target = typeof v.target === 'string' && v.target ? ` (${v.target})` : '';
  const via = v.via === 'form' ? ' from a form' : v.via === 'page' ? ' by opening a page' : v.via === 'route' ? ' by a direct request' : '';
  const count = typeof v.count === 'number' && v.count > 1 ? `; refused ${v.count} times since the last record` : '';
  const others = typeof v.othersNotRecorded === 'number' && v.othersNotRecorded > 0 ? `; ${v.othersNotRecorded} other refused attempts not listed one by one` : '';
  return `Tried to ${what}${target}${via}${count}${others}.`;
}
