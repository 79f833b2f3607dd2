import { writeAudit } from './audit-log.ts';
import { type Kysely, sql } from 'kysely';
import { type PriceMethod } from '../domain/billing/price-rules.ts';
import { type ProrationPolicy } from '../domain/ledger/service-terms.ts';
import { Decimal } from '../domain/money/decimal.ts';
import { type TaxScope } from './billing-inputs.ts';
import { type Schema } from './schema.ts';

/** The seller on every invoice, numbering prefixes and payment terms. */
export interface SellerSettings {
  readonly name: string;
  readonly address: string;
  readonly taxId: string;
  readonly defaultCurrency: string;
  readonly paymentTermsDays: number;
  readonly invoicePrefix: string;
  readonly creditNotePrefix: string;
}

/** The organization's settings, or the defaults (named after the organization, USD, 30 days, INV/CN). */
export async function sellerSettings(db: Kysely<Schema>, organizationId: string): Promise<SellerSettings> {
  const row = await db.selectFrom('billing_settings').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();
  if (row) {
    return {
      name: row.seller_name,
      address: row.seller_address,
      taxId: row.seller_tax_id,
      defaultCurrency: row.default_currency,
      paymentTermsDays: row.payment_terms_days,
      invoicePrefix: row.invoice_prefix,
      creditNotePrefix: row.credit_note_prefix,
    };
  }
  const organization = await db.selectFrom('organizations').select('name').where('id', '=', organizationId).executeTakeFirst();
  return { name: organization?.name ?? organizationId, address: '', taxId: '', defaultCurrency: 'USD', paymentTermsDays: 30, invoicePrefix: 'INV', creditNotePrefix: 'CN' };
}

export async function saveSellerSettings(db: Kysely<Schema>, organizationId: string, settings: SellerSettings, actor: string): Promise<void> {
  const values = {
    seller_name: settings.name,
    seller_address: settings.address,
    seller_tax_id: settings.taxId,
    default_currency: settings.defaultCurrency,
    payment_terms_days: settings.paymentTermsDays,
    invoice_prefix: settings.invoicePrefix,
    credit_note_prefix: settings.creditNotePrefix,
  };
  await db
    .insertInto('billing_settings')
    .values({ organization_id: organizationId, ...values })
    .onConflict((conflict) => conflict.column('organization_id').doUpdateSet(values))
    .execute();
  await configurationAudit(db, organizationId, actor, 'billing.seller', organizationId, settings);
}

export interface PriceRuleScope {
  readonly accountId: string | null;
  readonly family: string | null;
  readonly skuId: string | null;
}

/** Sets the rule of a scope, replacing the one it had; setting the same rule again changes nothing. */
export async function savePriceRule(db: Kysely<Schema>, organizationId: string, scope: PriceRuleScope, method: PriceMethod, value: Decimal, actor: string): Promise<number> {
  const sameScope = sql<boolean>`coalesce(account_id, '') = ${scope.accountId ?? ''} AND lower(coalesce(family, '')) = lower(${scope.family ?? ''}) AND lower(coalesce(sku_id, '')) = lower(${scope.skuId ?? ''})`;
  const current = await db.selectFrom('price_rules').select(['id', 'method', 'value']).where('organization_id', '=', organizationId).where(sameScope).executeTakeFirst();
  if (current && current.method === method && Decimal.parse(current.value).equals(value)) return Number(current.id);
  await db.deleteFrom('price_rules').where('organization_id', '=', organizationId).where(sameScope).execute();
  const row = await db
    .insertInto('price_rules')
    .values({ organization_id: organizationId, account_id: scope.accountId, family: scope.family, sku_id: scope.skuId, method, value: value.toString(), created_by: actor })
    .returning('id')
    .executeTakeFirstOrThrow();
  await configurationAudit(db, organizationId, actor, 'billing.price_rule', row.id, { ...scope, method, value: value.toString() });
  return Number(row.id);
}

export async function removePriceRule(db: Kysely<Schema>, organizationId: string, id: number, actor: string): Promise<boolean> {
  const removed = await db.deleteFrom('price_rules').where('organization_id', '=', organizationId).where('id', '=', String(id)).executeTakeFirst();
  if (removed.numDeletedRows === 0n) return false;
  await configurationAudit(db, organizationId, actor, 'billing.price_rule_removed', String(id), {});
  return true;
}

export async function saveProductSetting(
  db: Kysely<Schema>,
  organizationId: string,
  scope: { readonly scope: 'sku' | 'family' | 'kind'; readonly value: string },
  setting: { readonly glAccount: string | null; readonly prorationPolicy: ProrationPolicy | null },
  actor: string,
): Promise<void> {
  const values = { gl_account: setting.glAccount, proration_policy: setting.prorationPolicy };
  await db
    .insertInto('product_billing_settings')
    .values({ organization_id: organizationId, scope: scope.scope, scope_value: scope.value, ...values })
    .onConflict((conflict) => conflict.columns(['organization_id', 'scope', 'scope_value']).doUpdateSet(values))
    .execute();
  await configurationAudit(db, organizationId, actor, 'billing.product_setting', `${scope.scope}:${scope.value}`, setting);
}

export async function saveTaxRule(
  db: Kysely<Schema>,
  organizationId: string,
  scope: { readonly scope: TaxScope; readonly value: string },
  rule: { readonly name: string; readonly rate: Decimal; readonly inclusive: boolean; readonly rounding: 'line' | 'invoice' },
  actor: string,
): Promise<void> {
  const values = { name: rule.name, rate: rule.rate.toString(), inclusive: rule.inclusive, rounding: rule.rounding };
  await db
    .insertInto('tax_rules')
    .values({ organization_id: organizationId, scope: scope.scope, scope_value: scope.value, ...values })
    .onConflict((conflict) => conflict.columns(['organization_id', 'scope', 'scope_value']).doUpdateSet(values))
    .execute();
  await configurationAudit(db, organizationId, actor, 'billing.tax_rule', `${scope.scope}:${scope.value}`, values);
}

async function configurationAudit(db: Kysely<Schema>, organizationId: string, actor: string, action: string, entityId: string, details: unknown): Promise<void> {
  await writeAudit(db, organizationId, actor, action, 'billing_configuration', entityId, details);
}
