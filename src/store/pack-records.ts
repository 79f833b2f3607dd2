import { type Kysely } from 'kysely';
import { type StoredPackDocument } from '../documents/stored.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { type Schema } from './schema.ts';

/** A renewal's pack as the cadence stored it. */
export async function loadPack(db: Kysely<Schema>, organizationId: string, renewalId: string): Promise<StoredPackDocument> {
  const row = await db.selectFrom('renewal_packs').select(['content']).where('organization_id', '=', organizationId).where('renewal_id', '=', renewalId).executeTakeFirst();
  if (!row) throw new InvalidInputError(`renewal "${renewalId}" has no pack yet (packs are generated at T-90 by coterm worker)`, 'renewal');
  return row.content as StoredPackDocument;
}
