import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema.ts',
  // DRIZZLE_OUT lets the drift check generate into a scratch copy of drizzle/.
  out: process.env.DRIZZLE_OUT ?? './drizzle',
  dbCredentials: { url: process.env.TITERLINE_DB ?? './data/titerline.db' },
});
