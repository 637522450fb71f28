/**
 * Known open-redirect bypass forms for a sign-in callbackUrl (issue 20, item 2), as the
 * server or the page receives them (already decoded from the query string). Each must
 * land on this site's home page. Used by callback-url.test.ts (the rule) and
 * auth-boundary.e2e.test.ts (a real sign-in in Chromium).
 */
/** Known bypass forms: each must land on this site, and (being foreign) on its home page. */
export const BYPASSES: readonly string[] = [
  '/\\evil.example/', // the reported one, decoded from /%5Cevil.example/
  '/\t/evil.example/', // decoded from /%09/evil.example/
  '/\\/evil.example/',
  '\\\\evil.example/',
  '\\/evil.example/',
  '/\r\n/evil.example/',
  '/\n/evil.example/',
  '/\r/evil.example/',
  '/\t\\evil.example',
  ' //evil.example/',
  '\u0000//evil.example/',
  '//evil.example/',
  '///evil.example/',
  '////evil.example/',
  '/\\\\evil.example',
  'https://evil.example/',
  'http://evil.example/',
  'HTTPS://EVIL.EXAMPLE/',
  'https:evil.example',
  'https:/evil.example',
  'http:\\\\evil.example',
  '//evil.example@titerline.test/',
  'http://titerline.test@evil.example/',
  'http://titerline.test:80@evil.example/',
  'http://titerline.test.evil.example/',
  'http://evil.example#@titerline.test/',
  'javascript:alert(document.cookie)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'mailto:x@evil.example',
  '/.//evil.example/',
  '/./\\evil.example/',
  '/../\\evil.example/',
  `/${'a'.repeat(5000)}`,
  `//${'a'.repeat(5000)}.example/`,
];
