import { countOpenInbox } from '@/lib/dal/hl7-inbox';
import { requireUser } from '@/lib/dal/session';
import { TopBar } from '../ui/top-bar';

/** Every page in this group needs a valid session (re-checked in the DAL). */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireUser();
  return (
    <>
      <TopBar actor={actor} inboxCount={countOpenInbox(actor)} />
      <main className="main" id="main">
        {children}
      </main>
    </>
  );
}
