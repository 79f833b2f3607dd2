import { type CalendarDate } from '../../domain/calendar/date.ts';
import { type PriceListEntry } from '../../domain/nce/model.ts';
import { PriceBook } from '../../domain/nce/price-list.ts';
import { type AccountSubscription } from '../../domain/portfolio/account-subscription.ts';
import { type AccountHealth } from '../../domain/renewal/health.ts';
import { type RenewalPolicy } from '../../domain/renewal/policy.ts';
import { type RenewalEvent } from '../../domain/renewal/renewal-event.ts';
import { type UsageSignal } from '../../domain/renewal/usage.ts';
import { composePack } from './compose-pack.ts';

/** One account's share of a batch: what each pack of its renewals is composed from. */
export interface PackAccount {
  readonly account: { readonly id: string; readonly name: string };
  readonly policy: RenewalPolicy;
  readonly subscriptions: readonly AccountSubscription[];
  readonly signals: readonly UsageSignal[];
  readonly health: AccountHealth;
}

/** Packs to compose on one day: the renewals, and their accounts once each. */
export interface PackBatch {
  readonly asOf: CalendarDate;
  readonly events: readonly RenewalEvent[];
  readonly accounts: Readonly<Record<string, PackAccount>>;
}

/** Composes batches of packs into their stored documents (JSON text, in the order of the batch's events). */
export interface PackComposer {
  compose(batch: PackBatch): Promise<string[]>;
  close(): Promise<void>;
}

/** The day's composer, for the organization's price list and the number of packs due. */
export type PackComposerFactory = (priceList: readonly PriceListEntry[], packsDue: number) => PackComposer;

export function composeBatch(batch: PackBatch, priceBook: PriceBook): string[] {
  return batch.events.map((event) => {
    const account = batch.accounts[event.accountId];
    if (!account) throw new Error(`pack batch has no account ${event.accountId} for renewal ${event.id}`);
    const document = composePack({
      asOf: batch.asOf,
      event,
      account: account.account,
      policy: account.policy,
      accountSubscriptions: account.subscriptions,
      signals: account.signals,
      priceBook,
      health: account.health,
    });
    return JSON.stringify(document);
  });
}

/** Composes on the calling thread. */
export const composeInProcess: PackComposerFactory = (priceList) => {
  const priceBook = new PriceBook(priceList);
  return {
    compose: async (batch) => composeBatch(batch, priceBook),
    close: async () => {},
  };
};
