import { writeFile } from 'node:fs/promises';
import { type Command } from 'commander';
import { renderRenewalPackPdf } from '../../documents/renewal-pack-pdf.ts';
import { type StoredPackDocument } from '../../documents/stored.ts';
import { loadPack } from '../../store/pack-records.ts';
import { print, printJson, table } from '../output.ts';
import { type StoreOptions, withDataDirOption, withStore } from '../store-options.ts';

export function registerPackCommands(program: Command): void {
  const pack = program.command('pack').description('renewal packs generated at T-90');
  withDataDirOption(pack.command('show').description('a renewal’s pack: options, co-term option, pricing, usage, plays, health').argument('<renewal>').option('--json', 'print JSON')).action(
    async (renewalId: string, options: StoreOptions & { json?: boolean }) => {
      const stored = await withStore(options, (store, organization) => loadPack(store.db, organization, renewalId));
      if (options.json) printJson(stored);
      else printPack(stored);
    },
  );
  withDataDirOption(
    pack
      .command('pdf')
      .description('the pack as a PDF the client can read')
      .argument('<renewal>')
      .option('-o, --out <file>', 'where to write it (default <renewal>.pdf)')
      .option('--msp-name <name>', 'your company name on the cover (default $COTERM_MSP_NAME, else the organization name)'),
  ).action(async (renewalId: string, options: StoreOptions & { out?: string; mspName?: string }) => {
    const out = options.out ?? `${renewalId.replace(/[^A-Za-z0-9._-]+/g, '_')}.pdf`;
    const { stored, organizationName } = await withStore(options, async (store, organization) => {
      const row = await store.db.selectFrom('organizations').select('name').where('id', '=', organization).executeTakeFirst();
      return { stored: await loadPack(store.db, organization, renewalId), organizationName: row?.name ?? organization };
    });
    const pdf = await renderRenewalPackPdf(stored, { mspName: options.mspName ?? process.env.COTERM_MSP_NAME ?? organizationName });
    await writeFile(out, pdf);
    print(`Wrote ${out} (${pdf.length} bytes)`);
  });
}

function printPack(document: StoredPackDocument): void {
  const { pack } = document;
  print(`Renewal pack for ${pack.account.name}: terms ending ${document.renewalDate}, generated ${document.generatedOn} (${pack.currency})`);
  print(`Health: ${pack.health.score} (${pack.health.band})${pack.health.atRisk ? ' — AT RISK' : ''}`);
  print();
  print(
    table(
      ['Option', 'Monthly', 'Annual', 'Δ vs hold (annual)'],
      (['hold', 'harden', 'modernize'] as const).map((name) => [name, pack.options[name].totals.monthly, pack.options[name].totals.annual, pack.options[name].totals.annualDeltaVsHold]),
      [1, 2, 3],
    ),
  );
  for (const name of ['harden', 'modernize'] as const) {
    for (const line of pack.options[name].lines.filter((item) => item.action !== 'renew')) print(`  ${name}: ${line.action} ${line.productName} × ${line.quantity} at ${line.unitPrice} (${line.priceSource})`);
  }
  if (pack.coterm) {
    print(`\nCo-term option to ${pack.coterm.anchor}: ${pack.coterm.total} ${pack.coterm.currency}`);
    for (const line of pack.coterm.lines) print(`  ${line.productName} ${line.start} – ${line.end}: ${line.amount} ${line.currency}`);
  } else {
    print('\nNo co-term option.');
  }
  if (pack.pricing.length > 0) {
    print('\nPricing deltas (per unit per billing cycle):');
    print(
      table(
        ['Product', 'Qty', 'Contract', 'List now', 'List at renewal', 'Δ unit', 'Δ annual', 'Note'],
        pack.pricing.map((delta) => [delta.productName, delta.quantity, delta.contractUnitPrice ?? '', delta.listPriceNow ?? '', delta.listPriceAtRenewal ?? '', delta.unitDelta ?? '', delta.annualImpact ?? '', delta.note]),
        [1, 2, 3, 4, 5, 6],
      ),
    );
  }
  if (pack.recommendations.length > 0) print('\nRecommendations:');
  for (const recommendation of pack.recommendations) print(`  ${recommendation.title}: ${recommendation.proposal}`);
  for (const item of pack.excluded) print(`Not priced: ${item.productName} — ${item.reason}`);
}
