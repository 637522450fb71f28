/** Reading a V8 CPU profile (.cpuprofile): the functions with the most self time. */
import fs from 'node:fs';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }

export function topSelfTime(file: string, top: number): string[] {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[] };
  const total = prof.nodes.reduce((n, x) => n + (x.hitCount ?? 0), 0);
  const byFrame = new Map<string, number>();
  for (const n of prof.nodes) {
    const url = n.callFrame.url.replace(/^.*\/(node_modules|\.next)\//, '$1/');
    const key = `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
    byFrame.set(key, (byFrame.get(key) ?? 0) + (n.hitCount ?? 0));
  }
  return [...byFrame.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
}

/** Share of the samples spent inside each named function, callees included (a function on its own stack counted once). */
export function inclusiveTime(file: string, names: string[]): string[] {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: (ProfileNode & { children?: number[] })[] };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const total = prof.nodes.reduce((n, x) => n + (x.hitCount ?? 0), 0);
  const sums = new Map(names.map((n) => [n, 0]));
  const walk = (id: number, open: Set<string>) => {
    const node = byId.get(id)!;
    const name = node.callFrame.functionName;
    const inside = sums.has(name) && !open.has(name) ? new Set([...open, name]) : open;
    for (const n of inside) sums.set(n, sums.get(n)! + (node.hitCount ?? 0));
    for (const c of node.children ?? []) walk(c, inside);
  };
  walk(prof.nodes[0]!.id, new Set());
  return names.map((n) => `${((100 * sums.get(n)!) / total).toFixed(1).padStart(5)}%  ${n} (inclusive)`);
}
