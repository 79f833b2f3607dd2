import { type Kysely, sql } from 'kysely';
import { CalendarDate } from '../domain/calendar/date.ts';
import { type ClosedRenewal } from '../domain/metrics/closed-renewal.ts';
import { type DayCount } from '../domain/metrics/dispute-rate.ts';
import { Decimal } from '../domain/money/decimal.ts';
import { type Schema } from './schema.ts';

/**
 * What the KPI report reads besides the ledger, each in one query. Reads
 * only. Days are `YYYY-MM-DD` and both ends of a range are included.
 */

export interface MetricsAccount {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
}

export async function metricsAccounts(db: Kysely<Schema>, organizationId: string): Promise<MetricsAccount[]> {
  const rows = await db.selectFrom('accounts').select(['id', 'name', 'parent_account_id']).where('organization_id', '=', organizationId).orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, name: row.name, parentId: row.parent_account_id }));
}

/** Renewals won or lost in [from, until], with the day their accepted quote was signed (UTC), if any. */
export async function closedRenewalsBetween(db: Kysely<Schema>, organizationId: string, from: string, until: string): Promise<ClosedRenewal[]> {
  const rows = await sql<{
    id: string;
    account_id: string;
    stage: 'won' | 'lost';
    closed_on: string;
    currency: string | null;
    forecast_annual_value: string | null;
    closed_annual_value: string | null;
    pack_generated_on: string | null;
    signed_on: string | null;
  }>`
    SELECT r.id, r.account_id, r.stage, r.closed_on::text AS closed_on, r.currency, r.forecast_annual_value::text AS forecast_annual_value,
           r.closed_annual_value::text AS closed_annual_value, r.pack_generated_on::text AS pack_generated_on,
           (SELECT min((a.signed_at AT TIME ZONE 'UTC')::date)::text
              FROM quotes q JOIN quote_acceptances a ON a.organization_id = q.organization_id AND a.quote_id = q.id
             WHERE q.organization_id = r.organization_id AND q.renewal_id = r.id) AS signed_on
      FROM renewals r
     WHERE r.organization_id = ${organizationId} AND r.stage IN ('won', 'lost')
       AND r.closed_on BETWEEN ${from}::date AND ${until}::date
     ORDER BY r.closed_on, r.id`.execute(db);
  return rows.rows.map((row) => ({
    id: row.id,
    accountId: row.account_id,
    outcome: row.stage,
    closedOn: CalendarDate.parse(row.closed_on),
    currency: row.currency,
    forecastAnnualValue: row.forecast_annual_value === null ? null : Decimal.parse(row.forecast_annual_value),
    closedAnnualValue: row.closed_annual_value === null ? null : Decimal.parse(row.closed_annual_value),
    packGeneratedOn: row.pack_generated_on === null ? null : CalendarDate.parse(row.pack_generated_on),
    signedOn: row.signed_on === null ? null : CalendarDate.parse(row.signed_on),
  }));
}

/** Invoices (not credit notes) issued per day in [from, until]. */
export async function invoicesIssuedPerDay(db: Kysely<Schema>, organizationId: string, from: string, until: string): Promise<DayCount[]> {
  const rows = await sql<{ day: string; count: string }>`
    SELECT issued_on::text AS day, count(*)::text AS count
      FROM invoices
     WHERE organization_id = ${organizationId} AND kind = 'invoice' AND status = 'issued' AND issued_on BETWEEN ${from}::date AND ${until}::date
     GROUP BY issued_on ORDER BY issued_on`.execute(db);
  return rows.rows.map(dayCountOf);
}

/** Disputes opened per day in [from, until] on invoices (a disputed credit note is not an invoice dispute). */
export async function disputesOpenedPerDay(db: Kysely<Schema>, organizationId: string, from: string, until: string): Promise<DayCount[]> {
  const rows = await sql<{ day: string; count: string }>`
    SELECT d.opened_on::text AS day, count(*)::text AS count
      FROM invoice_disputes d JOIN invoices i ON i.organization_id = d.organization_id AND i.id = d.invoice_id
     WHERE d.organization_id = ${organizationId} AND i.kind = 'invoice' AND d.opened_on BETWEEN ${from}::date AND ${until}::date
     GROUP BY d.opened_on ORDER BY d.opened_on`.execute(db);
  return rows.rows.map(dayCountOf);
}

function dayCountOf(row: { day: string; count: string }): DayCount {
  return { on: CalendarDate.parse(row.day), count: Number(row.count) };
}
