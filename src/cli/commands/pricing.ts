import { type Command } from 'commander';
import { describeScope, PRICE_METHODS, type PriceMethod } from '../../domain/billing/price-rules.ts';
import { PRORATION_POLICIES, type ProrationPolicy } from '../../domain/ledger/service-terms.ts';
import { currency } from '../../domain/money/currency.ts';
import { Decimal } from '../../domain/money/decimal.ts';
import { priceRules, productSettings, taxRules } from '../../store/billing-inputs.ts';
import { removePriceRule, savePriceRule, saveProductSetting, saveSellerSettings, saveTaxRule, sellerSettings } from '../../store/billing-configuration.ts';
import { UsageError } from '../errors.ts';
import { actorOf, choiceOption, decimalOption, wholeNumberOption } from '../options.ts';
import { print, printJson, table } from '../output.ts';
import { type StoreOptions, withDataDirOption, withStore } from '../store-options.ts';

interface PricingOptions extends StoreOptions {
  by?: string;
  json?: boolean;
}

const SUBSCRIPTION_KINDS = ['nce', 'azure_plan', 'msp_service', 'legacy_csp', 'ea', 'software'] as const;

export function registerPricingCommands(program: Command): void {
  const pricing = program.command('pricing').description('how clients are priced and taxed: margin rules, GL accounts and proration per product, taxes, the seller');
  const command = (name: string, description: string) => withDataDirOption(pricing.command(name).description(description).option('--by <name>', 'who is making the change (default $USER)'));

  command('rule', 'set the margin rule of a scope (empty scope: every item); the most specific rule wins: SKU, account, family')
    .option('--account <id>', 'only this account')
    .option('--family <name>', "only this product family ('azure' for Azure consumption)")
    .option('--sku <id>', 'only this SKU (required for a fixed price)')
    .option('--markup <percent>', 'price = cost × (1 + markup %)', decimalOption)
    .option('--margin <percent>', 'price = cost ÷ (1 − margin %)', decimalOption)
    .option('--fixed <price>', 'this unit price per billing cycle', decimalOption)
    .action(async (options: PricingOptions & { account?: string; family?: string; sku?: string; markup?: Decimal; margin?: Decimal; fixed?: Decimal }) => {
      const given = PRICE_METHODS.filter((method) => options[method] !== undefined);
      if (given.length !== 1) throw new UsageError('give exactly one of --markup, --margin or --fixed');
      const method: PriceMethod = given[0]!;
      if (method === 'fixed' && !options.sku) throw new UsageError('a fixed price needs --sku');
      if (method === 'margin' && options.margin!.compare(Decimal.fromInteger(100)) >= 0) throw new UsageError('--margin must be below 100');
      const scope = { accountId: options.account ?? null, family: options.family ?? null, skuId: options.sku ?? null };
      const id = await withStore(options, (store, organization) => store.transaction(({ db }) => savePriceRule(db, organization, scope, method, options[method]!, actorOf(options))));
      print(`Rule ${id}: ${method} ${options[method]!.toString()} (${describeScope({ id, ...scope, method, value: options[method]! })})`);
    });

  command('remove-rule', 'remove a margin rule').argument('<id>', 'rule id', wholeNumberOption).action(async (id: number, options: PricingOptions) => {
    const removed = await withStore(options, (store, organization) => store.transaction(({ db }) => removePriceRule(db, organization, id, actorOf(options))));
    if (!removed) throw new UsageError(`no rule ${id}`);
    print(`Rule ${id} removed.`);
  });

  command('product', 'GL account and proration policy of a SKU, product family or kind of subscription')
    .option('--sku <id>', 'a SKU')
    .option('--family <name>', 'a product family')
    .option('--kind <kind>', SUBSCRIPTION_KINDS.join(', '), choiceOption(SUBSCRIPTION_KINDS))
    .option('--gl <account>', 'GL revenue account')
    .option('--proration <policy>', `${PRORATION_POLICIES.join(', ')} (daily mirrors Microsoft)`, choiceOption(PRORATION_POLICIES))
    .action(async (options: PricingOptions & { sku?: string; family?: string; kind?: string; gl?: string; proration?: ProrationPolicy }) => {
      const scopes = (['sku', 'family', 'kind'] as const).filter((scope) => options[scope]);
      if (scopes.length !== 1) throw new UsageError('give exactly one of --sku, --family or --kind');
      if (!options.gl && !options.proration) throw new UsageError('give --gl, --proration or both');
      const scope = { scope: scopes[0]!, value: options[scopes[0]!]! };
      await withStore(options, (store, organization) => store.transaction(({ db }) => saveProductSetting(db, organization, scope, { glAccount: options.gl ?? null, prorationPolicy: options.proration ?? null }, actorOf(options))));
      print(`${scope.scope} ${scope.value}: GL ${options.gl ?? '(default)'}, proration ${options.proration ?? '(default)'}`);
    });

  command('tax', 'the tax of a billing entity, a country, or the default')
    .option('--billing-entity <id>', 'one billing entity')
    .option('--country <code>', 'clients in this country')
    .option('--default', 'everyone else')
    .requiredOption('--name <name>', "as invoices show it ('VAT', 'Sales tax')")
    .requiredOption('--rate <percent>', 'rate in percent', decimalOption)
    .option('--inclusive', 'prices include the tax')
    .option('--rounding <where>', 'line or invoice (default line)', choiceOption(['line', 'invoice'] as const))
    .action(async (options: PricingOptions & { billingEntity?: string; country?: string; default?: boolean; name: string; rate: Decimal; inclusive?: boolean; rounding?: 'line' | 'invoice' }) => {
      const scopes = [options.billingEntity && { scope: 'billing_entity' as const, value: options.billingEntity }, options.country && { scope: 'country' as const, value: options.country.toUpperCase() }, options.default && { scope: 'default' as const, value: '' }].filter(
        (scope) => !!scope,
      );
      if (scopes.length !== 1) throw new UsageError('give exactly one of --billing-entity, --country or --default');
      const rule = { name: options.name, rate: options.rate, inclusive: options.inclusive ?? false, rounding: options.rounding ?? 'line' };
      await withStore(options, (store, organization) => store.transaction(({ db }) => saveTaxRule(db, organization, scopes[0]!, rule, actorOf(options))));
      print(`${scopes[0]!.scope} ${scopes[0]!.value}: ${rule.name} ${rule.rate.toString()} % ${rule.inclusive ? 'included' : 'added'}, rounded per ${rule.rounding}`);
    });

  command('seller', 'the seller on invoices, numbering prefixes, payment terms and default currency')
    .option('--name <name>')
    .option('--address <text>')
    .option('--tax-id <id>')
    .option('--currency <code>', 'default currency (Azure consumption, accounts without a billing entity)')
    .option('--payment-terms <days>', 'days from issue to due date', wholeNumberOption)
    .option('--invoice-prefix <prefix>')
    .option('--credit-note-prefix <prefix>')
    .action(async (options: PricingOptions & { name?: string; address?: string; taxId?: string; currency?: string; paymentTerms?: number; invoicePrefix?: string; creditNotePrefix?: string }) => {
      const saved = await withStore(options, (store, organization) =>
        store.transaction(async ({ db }) => {
          const current = await sellerSettings(db, organization);
          const next = {
            name: options.name ?? current.name,
            address: options.address ?? current.address,
            taxId: options.taxId ?? current.taxId,
            defaultCurrency: options.currency ? currency(options.currency, '--currency').code : current.defaultCurrency,
            paymentTermsDays: options.paymentTerms ?? current.paymentTermsDays,
            invoicePrefix: options.invoicePrefix ?? current.invoicePrefix,
            creditNotePrefix: options.creditNotePrefix ?? current.creditNotePrefix,
          };
          await saveSellerSettings(db, organization, next, actorOf(options));
          return next;
        }),
      );
      print(`Seller ${saved.name}; ${saved.defaultCurrency}; due in ${saved.paymentTermsDays} days; numbers ${saved.invoicePrefix}-YYYY-NNNNN / ${saved.creditNotePrefix}-YYYY-NNNNN`);
    });

  withDataDirOption(pricing.command('show').description('every margin rule, product setting and tax rule').option('--json', 'print JSON')).action(async (options: PricingOptions) => {
    const [rules, products, taxes, seller] = await withStore(options, (store, organization) =>
      Promise.all([priceRules(store.db, organization), productSettings(store.db, organization), taxRules(store.db, organization), sellerSettings(store.db, organization)]),
    );
    if (options.json) return printJson({ rules, products, taxes, seller });
    print(rules.length === 0 ? 'No margin rules: everything is priced at cost.' : table(['Rule', 'Scope', 'Method', 'Value'], rules.map((rule) => [rule.id, describeScope(rule), rule.method, rule.value.toString()])));
    if (products.length > 0) print(table(['Product', 'GL', 'Proration'], products.map((setting) => [setting.skuId ?? setting.family ?? setting.kind ?? '', setting.glAccount ?? '', setting.prorationPolicy ?? ''])));
    if (taxes.length > 0) print(table(['Tax scope', 'Name', 'Rate', 'Inclusive', 'Rounding'], taxes.map((tax) => [`${tax.scope} ${tax.scopeValue}`.trim(), tax.name, tax.rate.toString(), tax.inclusive ? 'yes' : 'no', tax.rounding])));
    print(`Seller: ${seller.name}, ${seller.defaultCurrency}, due in ${seller.paymentTermsDays} days`);
  });
}
