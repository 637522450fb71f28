import { Link } from '@/app/ui/link';
import { can } from '@/lib/permissions';
import { ROLE_LABELS } from '@/lib/permissions';
import type { Actor } from '@/lib/dal/actor';
import { SignOutButton } from './sign-out-button';

/**
 * Navigation shows only what the role may open; the DAL enforces it regardless.
 * `inboxCount`: open lab-feed inbox messages, null for users who cannot act on them.
 */
export function TopBar({ actor, inboxCount = null }: { actor: Actor; inboxCount?: number | null }) {
  const links: { href: string; label: string; show: boolean; count?: number }[] = [
    { href: '/', label: 'Worklist', show: true },
    { href: '/patients', label: 'Patients', show: can(actor, 'patient:view') },
    { href: '/import', label: 'Import', show: can(actor, 'lab:import') },
    { href: '/lab-inbox', label: 'Lab inbox', show: inboxCount !== null, count: inboxCount ?? 0 },
    { href: '/cohort', label: 'Cohort', show: can(actor, 'cohort:view') },
    { href: '/export', label: 'Export', show: can(actor, 'data:export') },
    { href: '/admin/users', label: 'Users', show: can(actor, 'user:manage') },
    { href: '/admin/assays', label: 'Assays', show: can(actor, 'assay:manage') },
    { href: '/admin/code-map', label: 'Code map', show: can(actor, 'code-map:manage') },
    { href: '/admin/settings', label: 'Settings', show: can(actor, 'settings:manage') },
    { href: '/admin/hl7-feed', label: 'Lab feed', show: can(actor, 'settings:manage') },
    { href: '/admin/tokens', label: 'API tokens', show: can(actor, 'token:manage') },
    { href: '/admin/audit', label: 'Audit log', show: can(actor, 'audit:view') },
  ];
  return (
    <header className="topbar no-print">
      <a className="skip-link" href="#main">Skip to content</a>
      <Link href="/" className="brand">Titerline</Link>
      <nav aria-label="Main">
        {links.filter((l) => l.show).map((l) => (
          <Link key={l.href} href={l.href} {...(l.count ? { 'aria-label': `${l.label}: ${l.count} waiting` } : {})}>
            {l.label}{l.count ? <> <span className="badge warn" data-testid="inbox-count">{l.count}</span></> : null}
          </Link>
        ))}
      </nav>
      <div className="whoami">
        <span>
          {actor.name} · <span data-testid="role">{ROLE_LABELS[actor.role]}</span>
        </span>
        <Link href="/account/two-factor">Two-factor sign-in</Link>
        <SignOutButton />
      </div>
    </header>
  );
}
