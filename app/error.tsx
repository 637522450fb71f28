'use client';

/**
 * Shown instead of a stack trace; the detail stays in the server log. The reference is
 * Next's digest of the error: the server logged it beside the request id
 * (lib/ops/request-errors.ts), so support finds the log line from what the user reads out.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="narrow" id="main">
      <h1>Something went wrong</h1>
      <p>The page could not be shown. Nothing you entered was lost; please try again.</p>
      {error.digest ? (
        <p>
          If it happens again, tell your support team this reference: <strong data-testid="error-reference">{error.digest}</strong>
        </p>
      ) : null}
      <button className="btn" type="button" onClick={reset}>Try again</button>
    </main>
  );
}
