import { z } from 'zod';
import { type EnterpriseAgreement } from '../domain/ea/enterprise-plan.ts';
import { MONTH_CONVENTIONS, type MonthConvention } from '../domain/ea/extension-months.ts';
import { SA_BENEFIT_CHECKS } from '../domain/ea/sa-benefits.ts';
import { decimalAmount, isoDate, parseJsonText, validate } from './json-input.ts';

/**
 * The enterprise file of `coterm ea plan`: a customer's Enterprise Agreements
 * with their values, payment schedules, Software Assurance benefit balances
 * and mid-term additions.
 */
const text = z.string({ error: 'must be text' }).trim().min(1, { error: 'must not be empty' });
const benefitNames = SA_BENEFIT_CHECKS.map((check) => check.benefit) as [string, ...string[]];

const saBenefit = z.strictObject({
  benefit: z.enum(benefitNames),
  balance: z.string({ error: 'must be text as the VLSC statement shows it, e.g. "10 days"' }).trim().min(1, { error: 'must not be empty (e.g. "10 days")' }),
  expires: isoDate.optional(),
});

const addition = z.strictObject({
  product: text,
  quantity: z.number({ error: 'must be a number of licences' }).int({ error: 'must be a whole number of licences' }).min(1, { error: 'must be at least 1' }),
  annualUnitPrice: decimalAmount,
  date: isoDate,
});

const payment = z.strictObject({ date: isoDate, amount: decimalAmount });

const agreement = z.strictObject({
  id: text,
  name: text,
  enrollment: text.optional(),
  start: isoDate,
  end: isoDate,
  annualContractValue: decimalAmount,
  currentAnnualContractValue: decimalAmount.optional(),
  scheduledPayments: z.array(payment, { error: 'must be a list of {"date","amount"}' }).optional(),
  adminCostPerYear: decimalAmount.optional(),
  saBenefits: z.array(saBenefit, { error: 'must be a list of {"benefit","balance","expires"?}' }).default([]),
  midTermAdditions: z.array(addition, { error: 'must be a list of {"product","quantity","annualUnitPrice","date"}' }).default([]),
});

const enterpriseSchema = z.strictObject({
  currency: z.string({ error: 'must be an ISO 4217 code such as "GBP"' }),
  fiscalYearStartMonth: z.number({ error: 'must be a month number 1–12' }).int({ error: 'must be a month number 1–12' }).min(1, { error: 'must be a month number 1–12' }).max(12, { error: 'must be a month number 1–12' }).optional(),
  monthConvention: z.enum(MONTH_CONVENTIONS as [MonthConvention, ...MonthConvention[]]).default('calendar'),
  agreements: z.array(agreement, { error: 'must be a list of agreements' }).min(1, { error: 'must list at least one agreement' }),
});

export interface EnterpriseFile {
  /** ISO 4217 code as written; the use case looks it up. */
  readonly currency: string;
  readonly fiscalYearStartMonth?: number;
  readonly convention: MonthConvention;
  readonly agreements: readonly EnterpriseAgreement[];
}

/** Reads an enterprise file from JSON text; throws InvalidInputError naming the field (`agreements[1].end`). */
export function parseEaEnterprise(json: string): EnterpriseFile {
  const file = validate(enterpriseSchema, parseJsonText(json));
  return {
    currency: file.currency,
    ...(file.fiscalYearStartMonth === undefined ? {} : { fiscalYearStartMonth: file.fiscalYearStartMonth }),
    convention: file.monthConvention,
    agreements: file.agreements.map(toAgreement),
  };
}

function toAgreement(raw: z.output<typeof agreement>): EnterpriseAgreement {
  return {
    id: raw.id,
    name: raw.name,
    ...(raw.enrollment === undefined ? {} : { enrollment: raw.enrollment }),
    start: raw.start,
    end: raw.end,
    annualContractValue: raw.annualContractValue,
    ...(raw.currentAnnualContractValue === undefined ? {} : { currentAnnualContractValue: raw.currentAnnualContractValue }),
    ...(raw.scheduledPayments === undefined ? {} : { scheduledPayments: raw.scheduledPayments }),
    ...(raw.adminCostPerYear === undefined ? {} : { adminCostPerYear: raw.adminCostPerYear }),
    saBenefits: raw.saBenefits.map((entry) => ({ benefit: entry.benefit, balance: entry.balance, ...(entry.expires ? { expires: entry.expires } : {}) })),
    midTermAdditions: raw.midTermAdditions,
  };
}
