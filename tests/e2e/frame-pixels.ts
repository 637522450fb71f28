import type { Page } from 'playwright-core';

/** For each dot of the panel's frame: whether the chart's canvas has a point of the dot's colour where the frame put it. */
export async function framedDotsOnCanvas(page: Page, testid: string, nudgeX = 0): Promise<boolean[]> {
  return page.getByTestId(testid).locator('.tl-canvas').evaluate((box, nudge) => {
    const canvas = box.querySelector('canvas') as HTMLCanvasElement;
    const ctx = canvas.getContext('2d')!;
    const scale = canvas.width / canvas.clientWidth;
    const width = box.clientWidth;
    const height = box.clientHeight;
    const hits: boolean[] = [];
    for (const path of box.querySelectorAll('.tl-frame path.dot')) {
      const hex = path.getAttribute('stroke')!;
      const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      for (const m of (path.getAttribute('d') ?? '').matchAll(/M(-?\d+) (-?\d+)h0/g)) {
        // The plot area's fixed place in the panel (panel-geometry.ts): 96 px axis, 8 px above, 12 px right, 28 px time axis.
        const x = (96 + ((width - 108) * Number(m[1])) / 1000 + nudge) * scale;
        const y = (8 + ((height - 36) * Number(m[2])) / 1000) * scale;
        // A 3 px square at the dot's centre, nearly all of it the dot's colour (a small triangle's
        // edge may clip a corner): a point is there, not a 2 px line, which covers 6 of 9 at most.
        const side = Math.max(1, Math.round(3 * scale));
        const px = ctx.getImageData(Math.round(x - side / 2), Math.round(y - side / 2), side, side).data;
        let same = 0;
        for (let i = 0; i < px.length; i += 4) {
          if (px[i + 3]! > 200 && Math.hypot(px[i]! - want[0]!, px[i + 1]! - want[1]!, px[i + 2]! - want[2]!) < 40) same++;
        }
        hits.push(same >= side * side - Math.floor((side * side) / 4));
      }
    }
    return hits;
  }, nudgeX);
}
