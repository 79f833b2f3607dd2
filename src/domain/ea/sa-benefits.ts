/** How likely a Software Assurance benefit is to be lost or disrupted when an EA is extended. */
export type BenefitRisk = 'High' | 'Medium' | 'Low';

export interface SaBenefitCheck {
  readonly benefit: string;
  readonly risk: BenefitRisk;
  /** What can go wrong with the benefit when the agreement is extended. */
  readonly concern: string;
  /** What to do, and get in writing, before signing the extension amendment. */
  readonly requiredAction: string;
}

/**
 * Software Assurance benefits at risk when an agreement is extended to a
 * co-terming date: each to verify before the amendment is signed.
 */
export const SA_BENEFIT_CHECKS: readonly SaBenefitCheck[] = [
  {
    benefit: 'Planning Services Days',
    risk: 'High',
    concern: 'the unused balance is often reset or lost at the extension',
    requiredAction: 'document the balance in VLSC before the amendment; require written confirmation that it transfers',
  },
  {
    benefit: 'Training Vouchers',
    risk: 'Medium',
    concern: 'voucher expiry may not move with the new end date',
    requiredAction: 'verify voucher expiry explicitly in the amendment language',
  },
  {
    benefit: 'License Mobility Rights',
    risk: 'Low',
    concern: 'typically carry through the extension',
    requiredAction: 'confirm in the amendment',
  },
  {
    benefit: 'Step-Up Licensing Rights',
    risk: 'Medium',
    concern: 'eligibility depends on the extension period',
    requiredAction: 'confirm step-up eligibility through the new end date',
  },
  {
    benefit: 'Spread Payments',
    risk: 'High',
    concern: 'the payment schedule may be disrupted by the extension',
    requiredAction: 'require a revised payment schedule in writing',
  },
  {
    benefit: 'Home Use Programme',
    risk: 'Low',
    concern: 'user-based, little affected by the end date',
    requiredAction: 'standard review; confirm the user count stays aligned',
  },
];
