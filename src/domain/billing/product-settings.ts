import { type ProrationPolicy } from '../ledger/service-terms.ts';
import { type SubscriptionKind } from '../portfolio/account-subscription.ts';

/** Where revenue from a product is booked and how its mid-term changes are charged. */
export interface ProductSetting {
  /** Exactly one of sku, family or kind scopes the setting. */
  readonly skuId: string | null;
  readonly family: string | null;
  readonly kind: SubscriptionKind | null;
  readonly glAccount: string | null;
  readonly prorationPolicy: ProrationPolicy | null;
}

export interface ResolvedProductSetting {
  readonly glAccount: string;
  readonly prorationPolicy: ProrationPolicy;
}

/** GL revenue accounts when nothing is configured: one per kind of revenue. */
export const DEFAULT_GL_ACCOUNTS: Readonly<Record<SubscriptionKind, string>> = {
  nce: '4010',
  legacy_csp: '4010',
  software: '4040',
  azure_plan: '4020',
  msp_service: '4030',
  ea: '4050',
};

/**
 * A product's GL account and proration policy: the SKU's setting, else its
 * family's, else its kind's, else the defaults (DEFAULT_GL_ACCOUNTS, daily
 * proration mirroring Microsoft's). Each field falls back on its own.
 */
export function productSetting(product: { readonly skuId: string | null; readonly family: string | null; readonly kind: SubscriptionKind }, settings: readonly ProductSetting[]): ResolvedProductSetting {
  const same = (a: string | null, b: string | null): boolean => a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
  const candidates = [
    settings.find((setting) => same(setting.skuId, product.skuId)),
    settings.find((setting) => same(setting.family, product.family)),
    settings.find((setting) => setting.kind === product.kind),
  ];
  return {
    glAccount: candidates.find((setting) => setting?.glAccount)?.glAccount ?? DEFAULT_GL_ACCOUNTS[product.kind],
    prorationPolicy: candidates.find((setting) => setting?.prorationPolicy)?.prorationPolicy ?? 'daily',
  };
}
