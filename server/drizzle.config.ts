import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/db/platform.tables.ts', './src/modules/*/*.tables.ts', './src/engine/*.tables.ts'],
  out: './src/db/migrations',
  casing: 'snake_case',
});
