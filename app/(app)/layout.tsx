import { countOpenInbox } from '@/lib/dal/hl7-inbox';
import { requireUser } from '@/lib/dal/session';
import { enrolmentReminder } from '@/lib/dal/two-factor';
import { Link } from '../ui/link';
import { TopBar } from '../ui/top-bar';

/** Every page in this group needs a valid session (re-checked in the DAL). */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireUser();
  const dueBy = enrolmentReminder(actor);
  return (
    <>
      <TopBar actor={actor} inboxCount={countOpenInbox(actor)} />
      <main className="main" id="main">
        {dueBy ? (
          <p className="alert no-print" role="status">
            This site requires two-factor sign-in for your account: <Link href="/account/two-factor">set it up</Link> before{' '}
            {new Date(dueBy).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}.
          </p>
        ) : null}
        {children}
      </main>
    </>
  );
}
