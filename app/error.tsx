'use client';

/** Shown instead of a stack trace; the detail stays in the server log. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="narrow" id="main">
      <h1>Something went wrong</h1>
      <p>The page could not be shown. Nothing you entered was lost; please try again.</p>
      <button className="btn" type="button" onClick={reset}>Try again</button>
    </main>
  );
}
