import { draftInvoices, type BillTo, type DraftInvoice } from '../../domain/billing/invoice.ts';
import { billingMonth } from '../../domain/billing/model.ts';
import { NO_TAX, type TaxRule } from '../../domain/billing/tax.ts';
import { type Store } from '../../store/store.ts';
import { azureConsumption, billableSubscriptions, billingParties, priceRules, productSettings, taxRules, type BillingParty, type StoredTaxRule } from '../../store/billing-inputs.ts';
import { sellerSettings } from '../../store/billing-configuration.ts';
import { audit, deleteDrafts, insertInvoice, loadInvoices } from '../../store/invoice-records.ts';
import { summarize, summarizeDraft, type InvoiceSummary } from './invoice-summary.ts';

export interface InvoiceRunReport {
  readonly period: string;
  /** Drafts written by this run (new, or rebuilt from the ledger). */
  readonly drafts: readonly InvoiceSummary[];
  /** Drafts a reviewer adjusted: left as they are, so no adjustment is lost. */
  readonly keptAdjusted: readonly InvoiceSummary[];
  /** Already issued for the month: never rewritten (corrections are credit notes). */
  readonly alreadyIssued: readonly InvoiceSummary[];
}

/**
 * Builds the month's draft invoices from the ledger, the margin rules and the
 * tax rules, in one transaction. Running a month again rebuilds its drafts
 * (the same ledger gives the same drafts, under the same ids); drafts with
 * adjustments and issued invoices are left alone and reported.
 */
export async function runInvoices(store: Store, organizationId: string, periodId: string, actor: string): Promise<InvoiceRunReport> {
  const period = billingMonth(periodId);
  return store.transaction(async ({ db }) => {
    // One after the other: a transaction holds one connection, which runs one query at a time.
    const subscriptions = await billableSubscriptions(db, organizationId, period);
    const azure = await azureConsumption(db, organizationId, period);
    const rules = await priceRules(db, organizationId);
    const settings = await productSettings(db, organizationId);
    const taxes = await taxRules(db, organizationId);
    const parties = await billingParties(db, organizationId);
    const seller = await sellerSettings(db, organizationId);
    const existing = await loadInvoices(db, organizationId, { period: period.id, kind: 'invoice' });
    const entityOf = (billTo: BillTo) => parties.get(billTo.accountId)?.entities.find((entity) => entity.id === billTo.billingEntityId);
    const drafts = draftInvoices({
      period,
      subscriptions,
      azure,
      rules: { priceRules: rules, productSettings: settings },
      defaultBillingEntity: (accountId) => soleEntity(parties.get(accountId)),
      azureCurrency: (billTo) => entityOf(billTo)?.currency,
      defaultCurrency: seller.defaultCurrency,
      taxRule: (billTo) => taxRuleFor(taxes, billTo, entityOf(billTo)?.country ?? parties.get(billTo.accountId)?.country ?? null),
    });

    const issued = existing.filter((invoice) => invoice.status === 'issued');
    const adjusted = existing.filter((invoice) => invoice.status === 'draft' && invoice.lines.some((line) => line.adjustment));
    const untouchable = new Set([...issued, ...adjusted].map((invoice) => invoice.id));
    await deleteDrafts(db, organizationId, existing.filter((invoice) => invoice.status === 'draft' && !untouchable.has(invoice.id)).map((invoice) => invoice.id));
    const written = [];
    for (const draft of drafts) {
      const id = draftId(draft);
      if (untouchable.has(id)) continue;
      const invoice = { ...draft, id, kind: 'invoice' as const, taxRule: { ...draft.taxRule, explanation: draft.taxExplanation }, creditsInvoiceId: null, reason: null, lines: draft.lines.map((line) => ({ ...line, adjustment: null, creditsLineNumber: null })) };
      await insertInvoice(db, organizationId, invoice);
      written.push(invoice);
    }
    await audit(db, organizationId, actor, 'invoice.run', period.id, { drafts: written.length, keptAdjusted: adjusted.length, alreadyIssued: issued.length });
    return {
      period: period.id,
      drafts: written.map((invoice) => summarizeDraft(invoice)),
      keptAdjusted: adjusted.map(summarize),
      alreadyIssued: issued.map(summarize),
    };
  });
}

/** `2026-03-acme-USD`, `2026-03-acme-acme-uk-GBP`: one invoice per account (or billing entity), currency and month. */
function draftId(draft: DraftInvoice): string {
  return [draft.period, draft.accountId, draft.billingEntityId, draft.currency].filter(Boolean).join('-');
}

function soleEntity(party: BillingParty | undefined): string | null {
  return party?.entities.length === 1 ? party.entities[0]!.id : null;
}

/** The billing entity's tax rule, else its country's, else the default; no tax when none is set. */
function taxRuleFor(rules: readonly StoredTaxRule[], billTo: BillTo, country: string | null): TaxRule {
  const match = (scope: StoredTaxRule['scope'], value: string | null) => rules.find((rule) => rule.scope === scope && value !== null && rule.scopeValue.toLowerCase() === value.toLowerCase());
  return match('billing_entity', billTo.billingEntityId) ?? match('country', country) ?? match('default', '') ?? NO_TAX;
}
