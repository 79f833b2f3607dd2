import { sql } from 'kysely';
import { z } from 'zod';
import { type ServerApp, type ServerContext } from '../context.ts';

export function healthRoutes(app: ServerApp, context: ServerContext): void {
  app.get(
    '/healthz',
    { schema: { tags: ['health'], summary: 'Alive, and the database answers', response: { 200: z.object({ status: z.literal('ok'), database: z.string() }), 503: z.object({ status: z.literal('unavailable'), database: z.string() }) } } },
    async (_request, reply) => {
      try {
        await sql`SELECT 1`.execute(context.store.db);
        return { status: 'ok' as const, database: context.store.kind };
      } catch {
        return reply.code(503).send({ status: 'unavailable' as const, database: context.store.kind });
      }
    },
  );
}
