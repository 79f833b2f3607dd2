import { z } from 'zod';
import { BILLING_PLANS, TERM_DURATIONS } from '../domain/calendar/periods.ts';
import { ROUNDING_MODES } from '../domain/money/decimal.ts';
import { type NceEvent, type NextTermInstructions, type SubscriptionSpec, type UpgradeTarget } from '../domain/nce/model.ts';
import {
  CANCELLATION_REGIMES,
  type CancellationRegime,
  DEFAULT_NCE_SETTINGS,
  MICROSOFT_TRUNCATION_VARIANTS,
  type NceSettings,
  uniformTruncation,
} from '../domain/nce/settings.ts';
import { type SimulationInput } from '../domain/nce/simulate.ts';
import { decimalAmount, isoDate, parseJsonText, seatCount, validate } from './json-input.ts';

/**
 * The scenario file of `coterm nce simulate`: subscriptions, dated events, an
 * optional price list for renewals, the last day to simulate and settings.
 */
const term = z.enum(TERM_DURATIONS as [string, ...string[]]).transform((value) => value as SubscriptionSpec['term']);
const billing = z.enum(BILLING_PLANS as [string, ...string[]]).transform((value) => value as SubscriptionSpec['billing']);
const identifier = z.string({ error: 'must be a text id' }).min(1, { error: 'must not be empty' });

const subscriptionSchema = z.strictObject({
  id: identifier,
  product: identifier,
  sku: z.string().optional(),
  customer: z.string().optional(),
  unitPrice: decimalAmount,
  currency: z.string({ error: 'must be an ISO 4217 code such as "EUR"' }),
  term,
  billing,
  start: isoDate,
  quantity: seatCount,
  customTermEnd: isoDate.optional(),
  autoRenew: z.boolean().default(true),
});

const upgradeTarget = z.union(
  [
    z.strictObject({ id: identifier, product: identifier, sku: z.string().optional(), unitPrice: decimalAmount }),
    z.strictObject({ subscription: identifier }),
  ],
  { error: 'must be {"id","product","unitPrice"} for a new subscription or {"subscription"} for an existing one' },
);

const instructions = z.strictObject({
  product: z.string().optional(),
  sku: z.string().optional(),
  unitPrice: decimalAmount.optional(),
  quantity: seatCount.optional(),
  term: term.optional(),
  billing: billing.optional(),
  customTermEnd: isoDate.optional(),
});

const eventBase = { date: isoDate, subscription: identifier };
const eventSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ ...eventBase, type: z.literal('setQuantity'), quantity: seatCount }),
    z.strictObject({ ...eventBase, type: z.literal('cancel') }),
    z.strictObject({ ...eventBase, type: z.literal('upgrade'), quantity: seatCount, to: upgradeTarget }),
    z.strictObject({ ...eventBase, type: z.literal('autoRenewOff') }),
    z.strictObject({ ...eventBase, type: z.literal('autoRenewOn') }),
    z.strictObject({ ...eventBase, type: z.literal('cancelAtTermEnd') }),
    z.strictObject({ ...eventBase, type: z.literal('scheduleNextTerm'), instructions }),
    z.strictObject({ ...eventBase, type: z.literal('changeTermEnd'), customTermEnd: isoDate }),
  ],
  {
    error: 'must be one of "setQuantity", "cancel", "upgrade", "autoRenewOff", "autoRenewOn", "cancelAtTermEnd", "scheduleNextTerm", "changeTermEnd"',
  },
);

const priceRow = z.strictObject({
  product: identifier,
  term,
  billing,
  currency: z.string(),
  unitPrice: decimalAmount,
  effectiveStart: isoDate,
  effectiveEnd: isoDate.optional(),
});

const settingsSchema = z.strictObject({
  regime: z.enum(Object.keys(CANCELLATION_REGIMES) as [CancellationRegime, ...CancellationRegime[]]).optional(),
  cancellationWindowDays: z.number().int().min(0).optional(),
  cycleDaysRule: z.enum(['cycleLength', 'calendarMonth']).optional(),
  roundingMode: z.enum(ROUNDING_MODES as ['truncate', 'halfUp', 'halfEven']).optional(),
  truncation: z.enum(['microsoft', 'lineTotal', 'unitPrice']).optional(),
  onRefusedChange: z.enum(['error', 'skip']).optional(),
});

const scenarioSchema = z.strictObject({
  subscriptions: z.array(subscriptionSchema, { error: 'must be a list of subscriptions' }),
  events: z.array(eventSchema, { error: 'must be a list of events' }).default([]),
  priceList: z.array(priceRow).default([]),
  through: isoDate,
  settings: settingsSchema.default({}),
});

export type ScenarioSettings = z.output<typeof settingsSchema>;

/** Reads a scenario from JSON text; throws InvalidInputError naming the field. `overrides` win over the file's settings. */
export function parseScenario(text: string, overrides: ScenarioSettings = {}): SimulationInput {
  const scenario = validate(scenarioSchema, parseJsonText(text));
  const events = scenario.events.map(toEvent);
  return {
    subscriptions: scenario.subscriptions.map(toSubscription),
    events,
    priceList: scenario.priceList.map((row) => ({ ...row, ...(row.effectiveEnd ? { effectiveEnd: row.effectiveEnd } : {}) })),
    through: scenario.through,
    settings: settingsFrom(scenario.settings, overrides),
  };
}

/** Settings from a scenario's `settings` block, later overrides (the command line) winning. */
export function settingsFrom(...layers: ScenarioSettings[]): NceSettings {
  let settings = DEFAULT_NCE_SETTINGS;
  for (const layer of layers) {
    const windowDays = layer.cancellationWindowDays ?? (layer.regime ? CANCELLATION_REGIMES[layer.regime] : undefined);
    settings = {
      ...settings,
      ...(windowDays === undefined ? {} : { cancellationWindowDays: windowDays }),
      ...(layer.cycleDaysRule ? { cycleDaysRule: layer.cycleDaysRule } : {}),
      ...(layer.roundingMode ? { roundingMode: layer.roundingMode } : {}),
      ...(layer.onRefusedChange ? { onRefusedChange: layer.onRefusedChange } : {}),
      ...(layer.truncation ? { truncationVariant: layer.truncation === 'microsoft' ? MICROSOFT_TRUNCATION_VARIANTS : uniformTruncation(layer.truncation) } : {}),
    };
  }
  return settings;
}

export function validateSettings(value: unknown): ScenarioSettings {
  return validate(settingsSchema, value);
}

function toSubscription(raw: z.output<typeof subscriptionSchema>): SubscriptionSpec {
  const { sku, customer, customTermEnd, ...rest } = raw;
  return {
    ...rest,
    ...(sku === undefined ? {} : { sku }),
    ...(customer === undefined ? {} : { customer }),
    ...(customTermEnd === undefined ? {} : { customTermEnd }),
  };
}

function toEvent(raw: z.output<typeof eventSchema>, index: number): NceEvent {
  const base = { date: raw.date, subscription: raw.subscription, index };
  switch (raw.type) {
    case 'setQuantity':
      return { ...base, type: raw.type, quantity: raw.quantity };
    case 'upgrade':
      return { ...base, type: raw.type, quantity: raw.quantity, to: toUpgradeTarget(raw.to) };
    case 'scheduleNextTerm':
      return { ...base, type: raw.type, instructions: withoutUndefined(raw.instructions) as NextTermInstructions };
    case 'changeTermEnd':
      return { ...base, type: raw.type, customTermEnd: raw.customTermEnd };
    default:
      return { ...base, type: raw.type };
  }
}

function toUpgradeTarget(raw: z.output<typeof upgradeTarget>): UpgradeTarget {
  if ('subscription' in raw) return { kind: 'existing', subscription: raw.subscription };
  return { kind: 'new', id: raw.id, product: raw.product, unitPrice: raw.unitPrice, ...(raw.sku === undefined ? {} : { sku: raw.sku }) };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
