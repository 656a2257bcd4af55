// Prisma CLI config. Only `generate`, `validate` and `format` are used here: migrations go through
// our offline migrator (packages/db/src/migrator), which drives Prisma's Wasm schema engine.
// The CLI insists on a native schema-engine path even for commands that never run it.
import { existsSync } from 'node:fs';
import { defineConfig } from 'prisma/config';

process.env.CHECKPOINT_DISABLE ??= '1';
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(process.env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
