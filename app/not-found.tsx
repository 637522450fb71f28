import { Link } from '@/app/ui/link';

export default function NotFound() {
  return (
    <main className="narrow" id="main">
      <h1>Not found</h1>
      <p>There is nothing at this address, or it is no longer available.</p>
      <p><Link href="/">Back to the worklist</Link></p>
    </main>
  );
}
