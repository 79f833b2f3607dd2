import { type StandInResponse } from '../../posting/stand-ins/json-http.ts';

/*
 * The error answers of the stand-in, in Partner Center's shape
 * ({ code, description, data, source }). Codes and texts are those of
 * learn.microsoft.com/partner-center/developer/error-codes; where Microsoft
 * documents a rule but no code, the answer is 800002 "Invalid request input"
 * followed by what was wrong.
 */

export function partnerCenterErrorBody(code: number, description: string): Record<string, unknown> {
  return { code, description, data: [], source: 'PartnerFD' };
}

function refusal(status: number, code: number, description: string, headers?: Record<string, string>): StandInResponse {
  return { status, body: partnerCenterErrorBody(code, description), ...(headers ? { headers } : {}) };
}

export const refuse = {
  tokenMissing: () => refusal(401, 800001, 'Partner Token missing in request context'),
  accessDenied: () => refusal(401, 400, 'Access denied'),
  notFound: (path: string) => refusal(404, 1000, `Not found: ${path}`),
  tenantNotFound: () => refusal(404, 60003, 'Tenant not found'),
  subscriptionNotFound: (id: string) => refusal(404, 20003, `Subscription with ID ${id} not found.`),
  cartNotFound: () => refusal(404, 800008, 'Unable to retrieve cart ID'),
  invalidInput: (detail: string) => refusal(400, 800002, `Invalid request input: ${detail}`),
  notActive: () => refusal(400, 800012, "This subscription isn't an active subscription"),
  quantityOutOfRange: () => refusal(400, 2002, "Subscription quantity isn't within minimum and maximum allowed quantity"),
  seatReductionWindowPassed: (days: number) => refusal(400, 900257, `You have passed your ${days}-day window for reducing seats for this subscription.`),
  invalidTermDuration: () => refusal(400, 800121, 'The term duration provided is invalid.'),
  invalidBillingCycle: () => refusal(400, 900269, 'The billing cycle is invalid.'),
  billingCycleLongerThanTerm: () => refusal(400, 900270, 'The billing cycle cannot be longer than the term.'),
  lineQuantity: (line: number) => refusal(400, 900275, `The requested quantity for line item ${line} is not within the allowed quantity for this offer.`),
  lineEndDateNotAligned: (line: number) =>
    refusal(
      400,
      900242,
      `The custom term end date specified for line item ${line} does not match with the end date of any active non-trial OnlineServicesNCE subscription or align with the end of the calendar month. Partners should select a new custom term end date.`,
    ),
  /** Microsoft lists no cart-specific code for this; 900245 is its code for the same rule on a renewal. */
  lineEndDateOutOfRange: (line: number) =>
    refusal(
      400,
      900245,
      `The custom term end date specified for line item ${line} must be within the first term duration. Also monthly term products cannot align with a subscription ending on the 28th, 29th, or 30th of the month, unless that date is the last day of the month.`,
    ),
  nextTermEndDateOutOfRange: () =>
    refusal(
      400,
      900245,
      'The custom term end date specified on the scheduled next term instructions must be within the first term duration after renewal. Also monthly term products cannot align with a subscription ending on the 28th, 29th, or 30th of the month, unless that date is the last day of the month.',
    ),
  nextTermEndDateNotAligned: () =>
    refusal(
      400,
      900246,
      'The custom term end date specified on the scheduled next term instructions does not match with the end date of any active non-trial OnlineServicesNCE subscription or align with the end of the calendar month.',
    ),
  cartAlreadySubmitted: (cartId: string) => refusal(400, 800065, `Can't check out an already submitted cart ${cartId}.`),
  renewalInProgress: (retryAfterSeconds: number) =>
    refusal(409, 800082, 'Subscription is not ready to be updated. Try again after sometime', { 'Retry-After': String(retryAfterSeconds) }),
  targetNotActive: () => refusal(400, 900258, 'The target transition ToSubscriptionId field is invalid. Target subscription must be active.'),
  targetIsSource: () => refusal(400, 900259, "The target transition ToSubscriptionId field is invalid. Target subscription id can't be the same as the source subscription ID."),
  targetEndsEarlier: () => refusal(400, 900236, 'The target transition ToSubscriptionId field is invalid. Target subscription CommitmentEndDate must be later than source subscription'),
  targetOtherProduct: () =>
    refusal(400, 900260, 'The target transition ToSubscriptionId field is invalid. Target subscription must have the same CatalogItemId as in the transition request.'),
  targetNotReady: () => refusal(400, 900261, 'The target transition ToSubscriptionId field is invalid. The target subscription is not ready to be upgraded. Please try again after sometime.'),
  targetTermShorter: () => refusal(400, 900267, "Target transition can't have a term duration shorter than that of the source subscription."),
};
