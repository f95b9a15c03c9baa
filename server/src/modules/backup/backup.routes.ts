import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { BackupArchive } from './backup.schemas.ts';

export async function backupRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['system'];

  app.post('/api/admin/backup', {
    config: { access: { permission: 'system.backup' } },
    schema: {
      tags,
      summary: 'Take a backup while serving: a consistent snapshot of the data and the attachments, as tar.gz',
      description: '`civicgrid backup FILE` calls this when a running server holds the data directory.',
      response: { 200: BackupArchive },
    },
    handler: async (request, reply) => {
      const archive = await ctx.backup.archive(request.actor);
      request.log.info(
        { tables: archive.manifest.tables.length, files: archive.manifest.files.length },
        'backup taken',
      );
      return reply
        .header('content-type', 'application/gzip')
        .header('content-disposition', `attachment; filename="${archive.filename}"`)
        .header('cache-control', 'no-store')
        .send(archive.stream);
    },
  });
}
