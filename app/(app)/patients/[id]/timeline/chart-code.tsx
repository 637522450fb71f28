'use client';
import dynamic from 'next/dynamic';
import { Suspense } from 'react';

/** The four panel charts (chart.js with its date adapter and the panels' own plugins): one chunk group. */
export type ChartModules = typeof import('./chart-modules');

let settle: { resolve: (m: ChartModules) => void; reject: (e: unknown) => void } | null = null;
const chartCode = new Promise<ChartModules>((resolve, reject) => {
  settle = { resolve, reject };
});
chartCode.catch(() => undefined); // a failure is shown by the panels, never an unhandled rejection

/** The chart code, once ChartCodeHint's loader has it (rejects when its chunks could not be loaded). */
export function loadChartCode(): Promise<ChartModules> {
  return chartCode;
}

const Nothing = () => null;

/**
 * The one place the chart code is imported. next/dynamic with `ssr: true` puts
 * `<link rel="preload" as="script">` for its chunks into the server-rendered HTML (Next's
 * PreloadChunks, from the build's own manifest), so the browser downloads the chart code
 * while it parses the page, beside the preloaded data, instead of only once hydration
 * has run the panels (issue 24; decision 39). The chunk names are hashed per build: no
 * hand-written URL could do this. A second import() elsewhere would get its own chunk
 * list (next/dynamic wraps its import), one chunk of it not preloaded.
 *
 * On the server the loader resolves without importing chart.js (nothing there draws, and
 * the chart kit adds print listeners to `window`). In the browser it runs when hydration reaches
 * this component and hands the modules to loadChartCode(). It renders nothing, even when
 * the chunks fail (the panels then point to the flowsheet), inside its own Suspense
 * boundary so the rest of the page hydrates while it waits.
 */
const ChartChunks = dynamic(
  () => (typeof window === 'undefined'
    ? Promise.resolve(Nothing)
    : import('./chart-modules').then((m) => settle?.resolve(m), (e: unknown) => settle?.reject(e)).then(() => Nothing)),
  { ssr: true },
);

export function ChartCodeHint() {
  return (
    <Suspense fallback={null}>
      <ChartChunks />
    </Suspense>
  );
}
