/**
 * Next's request-scoped APIs (next/headers, used by next-auth's route handler) keep
 * their scope in the AsyncLocalStorage that Next's own server installs on globalThis
 * at start-up. Vitest is not Next's server, so install it here; import this module
 * before anything from `next` so Next captures the real class, not its stub.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const g = globalThis as { AsyncLocalStorage?: typeof AsyncLocalStorage };
g.AsyncLocalStorage ??= AsyncLocalStorage;

export {};
