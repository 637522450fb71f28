import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Starts the writer worker against `dbFile`; collects the acknowledged row ids. */
export function startWriter(dbFile: string, mode: 'enzymes' | 'visits' | string, patientId: number, count: number) {
  // Node itself with tsx as a loader (not the tsx CLI, which forks a child that a
  // SIGKILL of the parent would leave running): the kill must hit the writer.
  const child: ChildProcess = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', path.join(__dirname, 'writer-worker.ts'), mode, String(patientId), String(count)], {
    cwd: ROOT, env: { ...process.env, TITERLINE_DB: dbFile }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acked: number[] = [];
  const events: string[] = [];
  let stderr = '';
  let buffer = '';
  child.stdout?.on('data', (d: Buffer) => {
    buffer += d.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const l of lines) {
      if (l.startsWith('ack ')) acked.push(Number(l.slice(4)));
      else if (l) events.push(l);
    }
  });
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  // 'close' (not 'exit'): every line the worker wrote has been read by then.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, acked, events, exited, stderr: () => stderr };
}
