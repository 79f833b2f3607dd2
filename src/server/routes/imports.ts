import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { NotFoundError } from '../../app/errors.ts';
import { IMPORT_KINDS, type ImportKind } from '../../app/imports/import-format.ts';
import { setPolicy, showPolicy } from '../../app/renewals/policies.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { principalOf, type ServerApp, type ServerContext } from '../context.ts';
import { pageQuery, paginate } from '../pagination.ts';

export function importRoutes(app: ServerApp, context: ServerContext): void {
  const { store } = context;
  app.post(
    '/api/imports',
    {
      config: { access: 'billing' },
      schema: {
        tags: ['imports'],
        summary: `Upload a file to import (multipart: kind = ${IMPORT_KINDS.join(' | ')}, optional skipBad = true, then file); follow it at /api/imports/{id}`,
        consumes: ['multipart/form-data'],
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const fields: Record<string, string> = {};
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          fields[part.fieldname] = String(part.value);
          continue;
        }
        const kind = fields.kind as ImportKind | undefined;
        if (!kind || !IMPORT_KINDS.includes(kind)) {
          part.file.resume();
          throw new InvalidInputError(`kind must come before the file and be one of ${IMPORT_KINDS.join(', ')}`, 'kind');
        }
        // A folder per upload keeps the file's own name, which the import records (and recognises a file by).
        const folder = join(context.uploadsDir, randomUUID());
        const path = join(folder, basename(part.filename || 'upload').replace(/[^\w.() -]+/g, '_'));
        try {
          await mkdir(folder, { recursive: true });
          await pipeline(part.file, createWriteStream(path));
          if (part.file.truncated) throw new InvalidInputError(`${part.filename}: the file is larger than the upload limit`, 'file');
        } catch (error) {
          await rm(folder, { recursive: true, force: true });
          throw error;
        }
        const job = context.imports.start({ organizationId: principal.organizationId, kind, fileName: part.filename || 'upload', path, actor: principal.actor, skipBad: fields.skipBad === 'true' });
        return reply.code(202).header('location', `/api/imports/${job.id}`).send(job);
      }
      throw new InvalidInputError('no file in the upload', 'file');
    },
  );
  app.get('/api/imports/:id', { config: { access: 'read' }, schema: { tags: ['imports'], summary: "An upload's progress, outcome and rejected rows", params: z.object({ id: z.string().uuid() }) } }, (request) => {
    const job = context.imports.find(principalOf(request).organizationId, request.params.id);
    if (!job) throw new NotFoundError(`no import job "${request.params.id}" (jobs are kept while the server runs; finished imports are listed at /api/imports)`, 'id');
    return job;
  });
  app.get('/api/imports', { config: { access: 'read' }, schema: { tags: ['imports'], summary: 'Imports done, newest first', querystring: pageQuery.extend({ kind: z.string().optional() }) } }, async (request) => {
    let query = store.db.selectFrom('imports').selectAll().where('organization_id', '=', principalOf(request).organizationId);
    if (request.query.kind) query = query.where('kind', '=', request.query.kind);
    const rows = await query.orderBy('id', 'desc').execute();
    const imports = rows.map((row) => ({ id: row.id, kind: row.kind, fileName: row.file_name, fileHash: row.file_hash, rowsRead: row.rows_read, imported: row.imported, duplicates: row.duplicates, rejected: row.rejected, actor: row.actor, startedAt: row.started_at }));
    return paginate(imports, request.query, { startedAt: (row) => row.startedAt, kind: (row) => row.kind });
  });

  app.get('/api/policies', { config: { access: 'read' }, schema: { tags: ['policies'], summary: 'The renewal policy of the organization or of one account, each field with its source', querystring: z.object({ accountId: z.string().optional() }) } }, (request) =>
    showPolicy(store.db, principalOf(request).organizationId, request.query.accountId ?? ''),
  );
  app.put(
    '/api/policies/:field',
    {
      config: { access: 'renewals' },
      schema: { tags: ['policies'], summary: 'Set a policy field (text form, as the CLI takes it) for the organization or one account; null clears it', params: z.object({ field: z.string() }), body: z.object({ accountId: z.string().optional(), value: z.string().nullable() }) },
    },
    async (request) => {
      const principal = principalOf(request);
      const accountId = request.body.accountId ?? '';
      await store.transaction(({ db }) => setPolicy(db, principal.organizationId, { accountId, field: request.params.field, value: request.body.value ?? undefined, actor: principal.actor }));
      return showPolicy(store.db, principal.organizationId, accountId);
    },
  );
}
