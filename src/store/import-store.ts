import { writeAudit } from './audit-log.ts';
import { type ImportCounts, type ImportRecord, type ImportStorePort } from '../app/imports/run-import.ts';
import { type Store, type StoreTransaction } from './store.ts';

/** The imports table behind the import runner. */
export function importStore(store: Store): ImportStorePort<StoreTransaction> {
  return {
    async findImport(organizationId, kind, fileHash) {
      const found = await store.db
        .selectFrom('imports')
        .select(['id', 'rows_read', 'rejected'])
        .where('organization_id', '=', organizationId)
        .where('kind', '=', kind)
        .where('file_hash', '=', fileHash)
        .orderBy('id')
        .executeTakeFirst();
      return found ? { id: found.id, rowsRead: found.rows_read, rejected: found.rejected } : undefined;
    },
    transaction: (work) => store.transaction(work),
    async startImport({ db }, record: ImportRecord) {
      const { id } = await db
        .insertInto('imports')
        .values({
          organization_id: record.organizationId,
          kind: record.kind,
          file_name: record.fileName,
          file_hash: record.fileHash,
          actor: record.actor,
          started_at: record.startedAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    },
    async finishImport({ db }, importId, counts: ImportCounts) {
      const done = await db
        .updateTable('imports')
        .set({ rows_read: counts.rowsRead, imported: counts.imported, duplicates: counts.duplicates, rejected: counts.rejected })
        .where('id', '=', importId)
        .returning(['organization_id', 'actor', 'kind', 'file_name'])
        .executeTakeFirstOrThrow();
      await writeAudit(db, done.organization_id, done.actor, 'import', 'import', importId, { kind: done.kind, file: done.file_name, ...counts });
    },
  };
}
