import { Link } from '@/app/ui/link';

export default function ForbiddenPage() {
  return (
    <main className="narrow" id="main">
      <h1>Not available for your role</h1>
      <p>Your account does not have access to that page. If you need it, ask an administrator.</p>
      <p><Link href="/">Back to the worklist</Link></p>
    </main>
  );
}
