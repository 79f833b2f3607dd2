import { type ImportHandler, type ImportKind } from '../app/imports/import-format.ts';
import { pricelistFormat, type PriceListRow } from '../imports/pricelist/pricelist-format.ts';
import { psaFormat, type PsaRow } from '../imports/psa/psa-format.ts';
import { reconFormat, type ReconRow } from '../imports/recon/recon-format.ts';
import { servicesFormat, type ServiceRow } from '../imports/services/services-format.ts';
import { subscriptionsFormat, type SubscriptionRow } from '../imports/subscriptions/subscriptions-format.ts';
import { usageFormat, type UsageRow } from '../imports/usage/usage-format.ts';
import { openPricelistSink } from '../store/sinks/pricelist-sink.ts';
import { openPsaSink } from '../store/sinks/psa-sink.ts';
import { openReconSink } from '../store/sinks/recon-sink.ts';
import { openServicesSink } from '../store/sinks/services-sink.ts';
import { openSubscriptionsSink } from '../store/sinks/subscriptions-sink.ts';
import { openUsageSink } from '../store/sinks/usage-sink.ts';
import { type StoreTransaction } from '../store/store.ts';

type AnyHandler = ImportHandler<unknown, StoreTransaction>;

/** Each import kind: the file format it reads and the store writer its rows go to. */
export const IMPORT_HANDLERS: Record<ImportKind, AnyHandler> = {
  recon: { format: reconFormat, openSink: openReconSink } satisfies ImportHandler<ReconRow, StoreTransaction> as AnyHandler,
  pricelist: { format: pricelistFormat, openSink: openPricelistSink } satisfies ImportHandler<PriceListRow, StoreTransaction> as AnyHandler,
  subscriptions: { format: subscriptionsFormat, openSink: openSubscriptionsSink } satisfies ImportHandler<SubscriptionRow, StoreTransaction> as AnyHandler,
  psa: { format: psaFormat, openSink: openPsaSink } satisfies ImportHandler<PsaRow, StoreTransaction> as AnyHandler,
  services: { format: servicesFormat, openSink: openServicesSink } satisfies ImportHandler<ServiceRow, StoreTransaction> as AnyHandler,
  usage: { format: usageFormat, openSink: openUsageSink } satisfies ImportHandler<UsageRow, StoreTransaction> as AnyHandler,
};
