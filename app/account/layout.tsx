import { requireOwnAccount } from '@/lib/dal/session';
import { TopBar } from '../ui/top-bar';

/** The user's own account pages: open to any signed-in user, also while a two-factor set-up is overdue. */
export default async function AccountLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireOwnAccount();
  return (
    <>
      <TopBar actor={actor} />
      <main className="main" id="main">
        {children}
      </main>
    </>
  );
}
