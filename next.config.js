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

// Request body limits (lib/api/body-limits.ts holds the same numbers; tests/security/body-limits.test.ts
// checks they agree). Uploads through the web (CSV import, FHIR Bundle) take up to 20 MB.
const MB = 1024 * 1024;
const UPLOAD_LIMIT_BYTES = 20 * MB;
// A server action's body: the upload plus the form's other fields and the multipart framing.
const FORM_BODY_LIMIT_BYTES = UPLOAD_LIMIT_BYTES + 64 * 1024;
// How much of a body Next buffers for proxy.ts and the handlers. Next cuts a longer body
// silently (a 14 MB CSV used to arrive cut at the 10 MB default: "Unexpected end of
// form"); above every limit, a cut body still measures over its limit and proxy.ts
// answers 413 instead of a handler parsing half a file.
const PROXY_BUFFER_BYTES = UPLOAD_LIMIT_BYTES + MB;

const nextConfig = {
  poweredByHeader: false,
  // `npm test` type-checks the whole tree first (npm run typecheck); checking again
  // inside every build only makes builds slower.
  typescript: { ignoreBuildErrors: true },
  // A profiling build (TITERLINE_PROFILE_BUILD=1) also writes the browser's source maps, so a
  // CPU profile of the patient page names chart.js's and React's functions (issue 24).
  productionBrowserSourceMaps: process.env.TITERLINE_PROFILE_BUILD === '1',
  reactStrictMode: true,
  // Native and server-only packages stay outside the server bundle; so do the log and the
  // metrics library, so that the instrumentation hook and every route share one copy.
  serverExternalPackages: ['better-sqlite3', 'better-sqlite3-napi', '@node-rs/argon2', 'pino', 'prom-client'],
  experimental: {
    // The import page uploads files of up to 20 MB through server actions (WEB_IMPORT_LIMITS
    // in lib/dal/lab-import-plan.ts, MAX_FHIR_IMPORT_CHARS); the rest of the forms are tiny.
    // proxy.ts refuses a larger body with 413 before Next's own check would answer 500.
    serverActions: { bodySizeLimit: FORM_BODY_LIMIT_BYTES },
    proxyClientMaxBodySize: PROXY_BUFFER_BYTES,
    // Readable function names in server CPU profiles (npm run bench:profile); minified otherwise.
    serverMinification: process.env.TITERLINE_PROFILE_BUILD !== '1',
  },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

module.exports = nextConfig;
