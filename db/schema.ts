/** Drizzle schema, split by entity under db/schema/. drizzle-kit reads this file. */
export * from './schema/auth';
export * from './schema/audit';
export * from './schema/patients';
export * from './schema/labs';
export * from './schema/care';
export * from './schema/signals';
export * from './schema/tokens';
export * from './schema/timelines';
export * from './schema/interop';
