import type { Metadata } from 'next';
import { headers } from 'next/headers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Titerline', template: '%s · Titerline' },
  description: 'Anti-Mi2 titers, CK and strength over time for dermatomyositis clinics.',
  robots: { index: false, follow: false },
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Reading the request headers makes every page dynamic, which the per-request
  // CSP nonce (set in proxy.ts) requires.
  await headers();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
