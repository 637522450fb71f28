/**
 * The young generation `npm run import` runs with (package.json), which `npm run bench`
 * also takes for the import it times in its own process, and import-load.ts for the
 * import it starts: a 32 MB semi-space instead of V8's 16 MB here, so a large file
 * triggers half the scavenges (decision 0042).
 */
export const IMPORT_HEAP_FLAG = '--max-semi-space-size=32';

