import { type CalendarDate } from '../calendar/date.ts';
import { TERM_MONTHS } from '../calendar/periods.ts';
import { DomainError } from '../errors.ts';
import { currency as currencyOf } from '../money/currency.ts';
import { DEFAULT_NCE_SETTINGS } from '../nce/settings.ts';
import { windowClosesOn } from '../nce/seat-window.ts';
import { type AccountSubscription, monthlyValue } from '../portfolio/account-subscription.ts';
import { endsOnAnchor, latestAlignedEndWithin } from './anchor-occurrence.ts';
import { alignedEndsText, KIND_NAMES, listText, money } from './describe.ts';
import { type Alignment, type AlignmentBase, type CannotAlignCause } from './model.ts';
import { type NceTerms, nceTermsOf } from './nce-terms.ts';
import { serviceStub } from './service-stub.ts';

/** Statuses in which nothing renews (compared without case). */
const INACTIVE_STATUSES = new Set(['cancelled', 'canceled', 'expired', 'ended', 'suspended', 'disabled', 'deleted']);
const EXTENDED_SERVICE_TERM = 'extendedserviceterm';


/** An NCE licence that can be co-termed: by cancelling and buying again now, or at its renewal. */
export interface PendingNce {
  readonly index: number;
  readonly base: Omit<AlignmentBase, 'reason'>;
  readonly terms: NceTerms;
  /** Still inside the cancellation window on asOf. */
  readonly inWindow: boolean;
  readonly windowClosesOn: CalendarDate;
}

/**
 * Decides everything about a subscription that does not depend on the rest of
 * the plan: no term, not renewing, not co-termable, already aligned, an MSP
 * service's stub; NCE licences that can align are returned as pending, since
 * which end dates Partner Center accepts depends on the tenant's other
 * subscriptions and on what the plan aligns before them.
 */
export function classify(subscription: AccountSubscription, index: number, asOf: CalendarDate, anchor: CalendarDate): Alignment | PendingNce {
  const base: Omit<AlignmentBase, 'reason'> = {
    subscriptionId: subscription.id,
    productName: subscription.productName,
    kind: subscription.kind,
    currency: subscription.currency?.toUpperCase() ?? null,
    currentTermEnd: subscription.termEnd,
    monthlyValue: monthlyValue(subscription) ?? null,
  };
  const { termEnd, kind } = subscription;
  const status = subscription.status.trim().toLowerCase();
  const notRenewing = (cause: 'inactive' | 'auto_renew_off' | 'extended_service_term', reason: string): Alignment => ({ ...base, action: 'not_renewing', on: null, alignedEnd: null, stub: null, cause, reason });
  const cannotAlign = (cause: CannotAlignCause, reason: string): Alignment => ({ ...base, action: 'cannot_align', on: null, alignedEnd: null, stub: null, cause, reason });

  if (INACTIVE_STATUSES.has(status)) return notRenewing('inactive', `It is ${subscription.status}: nothing renews, so there is nothing to align.`);
  if (status === EXTENDED_SERVICE_TERM) {
    return notRenewing(
      'extended_service_term',
      'It is in the Extended Service Term (its term ended without renewal): billed monthly and only cancellable. To co-term it, cancel it and buy a new subscription with a custom term end date on the anchor.',
    );
  }
  if (kind === 'azure_plan') return { ...base, action: 'no_term', on: null, alignedEnd: null, stub: null, reason: 'Azure plan: consumption billed monthly in arrears, no term to align.' };

  const coTermable = kind === 'nce' || kind === 'msp_service';
  if (subscription.autoRenew === false) {
    const ends = termEnd ? `It ends on ${termEnd.toString()}` : 'It ends at the end of its term';
    const est = kind === 'nce' ? ' (or rolls into the Extended Service Term unless set to cancel at term end)' : '';
    const turnOn = coTermable && termEnd ? ` Turning auto-renew back on would let it align at its renewal on ${termEnd.addDays(1).toString()}.` : '';
    return notRenewing('auto_renew_off', `Auto-renew is off. ${ends}${est}.${turnOn}`);
  }

  const termMonths = kind === 'msp_service' ? subscription.service?.termMonths : subscription.term ? TERM_MONTHS[subscription.term] : 12;
  if (termEnd && termMonths !== undefined && Number.isSafeInteger(termMonths) && termMonths > 0 && endsOnAnchor(anchor, termMonths, termEnd)) {
    return { ...base, action: 'aligned', on: null, alignedEnd: termEnd, stub: null, reason: `Its current term ends on ${termEnd.toString()}, on ${alignedEndsText(anchor, termMonths)}: already co-termed.` };
  }
  if (!coTermable) {
    const renews = termEnd ? ` (next on ${termEnd.addDays(1).toString()})` : '';
    return cannotAlign('not_co_termable_kind', `${withArticle(KIND_NAMES[kind])}: Microsoft's co-terminosity (custom term end dates) does not apply; it still renews on its own date${renews}.`);
  }
  if (termEnd && termEnd.isBefore(asOf)) {
    return cannotAlign('missing_data', `Its recorded term ended on ${termEnd.toString()}, before ${asOf.toString()}: the ledger is out of date; import its current term first.`);
  }
  if (kind === 'msp_service') return classifyService(subscription, base, anchor, asOf, cannotAlign);

  const terms = nceTermsOf(subscription);
  if ('missing' in terms) return cannotAlign('missing_data', `Its ${listText(terms.missing)} ${terms.missing.length === 1 ? 'is' : 'are'} not recorded: its renewal cannot be priced.`);
  const closes = windowClosesOn(terms.termStart, DEFAULT_NCE_SETTINGS.cancellationWindowDays);
  return { index, base, terms, inWindow: !asOf.isBefore(terms.termStart) && !asOf.isAfter(closes), windowClosesOn: closes };
}

function classifyService(
  subscription: AccountSubscription,
  base: Omit<AlignmentBase, 'reason'>,
  anchor: CalendarDate,
  asOf: CalendarDate,
  cannotAlign: (cause: CannotAlignCause, reason: string) => Alignment,
): Alignment {
  const { service, termEnd, unitPrice, quantity } = subscription;
  const missing = [
    ...(service ? [] : ['service terms']),
    ...(termEnd ? [] : ['term end']),
    ...(unitPrice ? [] : ['unit price']),
    ...(subscription.currency ? [] : ['currency']),
    ...(service && (!Number.isSafeInteger(service.termMonths) || service.termMonths < 1) ? ['term length'] : []),
    ...(Number.isSafeInteger(quantity) && quantity >= 0 ? [] : ['quantity']),
  ];
  if (!service || !termEnd || !unitPrice || !subscription.currency || missing.length > 0) {
    return cannotAlign('missing_data', `Its ${listText(missing)} ${missing.length === 1 ? 'is' : 'are'} not recorded: its stub term cannot be priced.`);
  }
  let code;
  try {
    code = currencyOf(subscription.currency, 'currency');
  } catch (error) {
    if (error instanceof DomainError) return cannotAlign('missing_data', `${error.message}: its stub term cannot be priced.`);
    throw error;
  }
  const renewal = termEnd.addDays(1);
  const fullTermEnd = renewal.addMonths(service.termMonths).addDays(-1);
  const alignedEnd = latestAlignedEndWithin(anchor, service.termMonths, renewal, fullTermEnd);
  if (!alignedEnd) {
    return cannotAlign('no_anchor_occurrence', `Its next ${service.termMonths}-month term ${renewal.toString()} – ${fullTermEnd.toString()} contains no occurrence of ${alignedEndsText(anchor, service.termMonths)}.`);
  }
  const stub = serviceStub({ quantity, unitPrice, currency: code, billing: service.billing, termMonths: service.termMonths, policy: service.prorationPolicy, start: renewal, end: alignedEnd });
  const deadline = termEnd.addDays(-service.noticeDays);
  const notice =
    service.noticeDays <= 0
      ? ''
      : asOf.isAfter(deadline)
        ? ` Its ${service.noticeDays}-day notice date ${deadline.toString()} has passed: the client must agree to the shorter term.`
        : ` Agree it with the client by ${deadline.toString()} (${service.noticeDays}-day notice).`;
  return {
    ...base,
    action: 'prorate_service',
    on: renewal,
    alignedEnd,
    stub,
    reason: `Renews on ${renewal.toString()}: renew it for a shortened term ${renewal.toString()} – ${alignedEnd.toString()} (${stub.days} days) instead of ${service.termMonths} months, charged ${money(stub.charge, stub.currency)} by its ${service.prorationPolicy} proration policy.${notice}`,
  };
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'An' : 'A'} ${noun}`;
}
