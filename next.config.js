/** @type {import('next').NextConfig} */

// Static security headers for every response. The Content-Security-Policy carries a
// per-request nonce, so it is set in proxy.ts instead.
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

const nextConfig = {
  poweredByHeader: false,
  // `npm test` type-checks the whole tree first (npm run typecheck); checking again
  // inside every build only makes builds slower.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  // Native and server-only packages stay outside the server bundle.
  serverExternalPackages: ['better-sqlite3', '@node-rs/argon2'],
  experimental: {
    // The lab CSV import page uploads files of up to 20 MB through a server action
    // (WEB_IMPORT_LIMITS in lib/dal/lab-import-plan.ts); the rest of the forms are tiny.
    serverActions: { bodySizeLimit: '21mb' },
    // Readable function names in server CPU profiles (npm run bench:profile); minified otherwise.
    serverMinification: process.env.TITERLINE_PROFILE_BUILD !== '1',
  },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

module.exports = nextConfig;
