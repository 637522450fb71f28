import { ensureDatabase } from './generate';
async function main() { const t = Date.now(); const d = await ensureDatabase(10_000, false); console.log(d.file, d.twentyYearId, (Date.now()-t)/1000); }
main().catch((e) => { console.error(e); process.exit(1); });
