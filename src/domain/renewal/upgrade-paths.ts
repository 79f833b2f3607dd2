import { type SubscriptionKind } from '../portfolio/account-subscription.ts';

/**
 * Where a renewal can go beyond the status quo, by Microsoft product name:
 * **harden** adds security (a security add-on sized by the seats in use, or
 * the next security tier), **modernize** moves to the next tier or a bundle
 * that includes the product. Each goal lists alternatives in order of
 * preference; the first one priced (Microsoft's price list for Microsoft
 * products, the MSP's service catalog for its own add-ons) is offered, and a
 * product without a price is not offered, with the reason. No entry means no
 * path, for the reason given in `PRODUCTS_WITHOUT_PATHS`.
 */
export type UpgradeGoal = 'harden' | 'modernize';

export type UpgradeStep =
  /** Move the subscription's seats to another Microsoft product (priced from the price list, same term and billing). */
  | { readonly kind: 'migrate'; readonly to: string; readonly why: string }
  /**
   * Add a product beside the subscription: a Microsoft add-on (price list,
   * same term and billing, one per seat in use) or an MSP add-on (service
   * catalog, one per unit of the subscription, e.g. per TB of backup).
   */
  | { readonly kind: 'add'; readonly product: string; readonly priceFrom: 'priceList' | 'serviceCatalog'; readonly sizing: 'seatsInUse' | 'quantity'; readonly why: string };

export interface UpgradePaths {
  /** The product the paths start from, as Microsoft names it. */
  readonly product: string;
  /**
   * A productivity suite without Microsoft's advanced security (the "E3 /
   * Business Standard class"): security how-to tickets on it trigger the
   * usage-to-upgrade play.
   */
  readonly belowSecurityTier: boolean;
  readonly harden: readonly UpgradeStep[];
  readonly modernize: readonly UpgradeStep[];
}

/** The MSP add-on the usage-to-upgrade play proposes when backup storage fills up; priced from the MSP's service catalog. */
export const BCDR_ADD_ON = 'BCDR add-on (immutable storage)';

const DEFENDER_FOR_BUSINESS = 'Microsoft Defender for Business';
const E5_SECURITY = 'Microsoft 365 E5 Security';
const MDE_P1 = 'Microsoft Defender for Endpoint P1';
const MDE_P2 = 'Microsoft Defender for Endpoint P2';
const MDO_P1 = 'Microsoft Defender for Office 365 (Plan 1)';

const addOn = (product: string, why: string): UpgradeStep => ({ kind: 'add', product, priceFrom: 'priceList', sizing: 'seatsInUse', why });
const migrate = (to: string, why: string): UpgradeStep => ({ kind: 'migrate', to, why });

const MICROSOFT_PATHS: readonly UpgradePaths[] = [
  {
    product: 'Microsoft 365 Business Basic',
    belowSecurityTier: true,
    harden: [addOn(DEFENDER_FOR_BUSINESS, 'Business Basic has no endpoint protection; Defender for Business is sold standalone to SMB tenants')],
    modernize: [migrate('Microsoft 365 Business Standard', 'next SMB tier: desktop Office apps, webinars, bookings')],
  },
  {
    product: 'Microsoft 365 Business Standard',
    belowSecurityTier: true,
    harden: [addOn(DEFENDER_FOR_BUSINESS, 'adds endpoint detection and response without changing the suite')],
    modernize: [migrate('Microsoft 365 Business Premium', "next SMB tier: Business Standard plus Intune, Entra ID P1 and Defender for Business (Microsoft's SMB security bundle)")],
  },
  {
    product: 'Microsoft 365 Business Premium',
    belowSecurityTier: false,
    // Premium already bundles Microsoft's SMB security stack (Defender for Business, Defender for Office 365 P1, Intune, Entra ID P1).
    harden: [],
    modernize: [migrate('Microsoft 365 E5', 'past the 300-seat cap of the Business plans; E5 keeps the security Premium includes (E3 would drop Defender for Business)')],
  },
  {
    product: 'Office 365 E1',
    belowSecurityTier: true,
    harden: [addOn(MDE_P1, 'Office 365 E1 has no endpoint protection')],
    modernize: [migrate('Office 365 E3', 'next enterprise tier: desktop Office apps, 100 GB mailboxes, retention and DLP')],
  },
  {
    product: 'Office 365 E3',
    belowSecurityTier: true,
    // Microsoft 365 E5 Security requires Microsoft 365 E3 (not Office 365 E3), so the endpoint add-on hardens Office 365 E3.
    harden: [addOn(MDE_P2, 'Office 365 E3 has no endpoint protection; the E5 Security add-on needs Microsoft 365 E3'), addOn(MDE_P1, 'endpoint protection at the lower plan')],
    modernize: [migrate('Microsoft 365 E3', 'adds Windows Enterprise, Intune, Entra ID P1 and Defender for Endpoint P1 to Office 365 E3')],
  },
  {
    product: 'Microsoft 365 E3',
    belowSecurityTier: true,
    harden: [
      addOn(E5_SECURITY, "E3 to E5-level security: Defender for Endpoint P2, Defender for Office 365 P2, Defender for Identity, Defender for Cloud Apps, Entra ID P2"),
      addOn(MDE_P2, 'endpoint detection and response on top of the Defender for Endpoint P1 E3 includes'),
    ],
    modernize: [migrate('Microsoft 365 E5', 'next enterprise tier: E5 security, compliance and Teams Phone')],
  },
  {
    product: 'Microsoft 365 E5',
    belowSecurityTier: false,
    harden: [],
    modernize: [],
  },
  {
    product: 'Exchange Online (Plan 1)',
    belowSecurityTier: false,
    harden: [addOn(MDO_P1, 'phishing and attachment protection beyond Exchange Online Protection')],
    modernize: [migrate('Microsoft 365 Business Basic', 'bundle: the same mailbox plus Teams, OneDrive and SharePoint')],
  },
  {
    product: 'Exchange Online (Plan 2)',
    belowSecurityTier: false,
    harden: [addOn(MDO_P1, 'phishing and attachment protection beyond Exchange Online Protection')],
    modernize: [migrate('Office 365 E3', 'bundle: the same mailbox plus the Office apps, Teams, OneDrive and SharePoint')],
  },
  {
    product: 'Microsoft Teams Essentials',
    belowSecurityTier: false,
    harden: [],
    modernize: [migrate('Microsoft 365 Business Basic', 'bundle: Teams plus business e-mail, OneDrive and SharePoint')],
  },
  {
    product: MDE_P1,
    belowSecurityTier: false,
    harden: [migrate(MDE_P2, 'endpoint detection and response, automated investigation, threat hunting')],
    modernize: [],
  },
];

/** The MSP's backup service: the BCDR add-on adds immutable storage and recovery (ransomware resilience), per TB. */
const BACKUP_PATHS: UpgradePaths = {
  product: 'Backup',
  belowSecurityTier: false,
  harden: [{ kind: 'add', product: BCDR_ADD_ON, priceFrom: 'serviceCatalog', sizing: 'quantity', why: 'immutable copies and tested recovery against ransomware' }],
  modernize: [],
};

/** Why some products have no path: top tiers, and add-ons whose upgrade is their suite's. */
export const PRODUCTS_WITHOUT_PATHS: Readonly<Record<string, string>> = {
  'Microsoft 365 E5': 'the top Microsoft 365 tier',
  'Microsoft Defender for Business': "a security add-on; its suite's path is the upgrade",
  'Microsoft Defender for Endpoint P2': 'the top Defender for Endpoint plan',
  'Microsoft Teams Enterprise': "bought beside an enterprise suite without Teams; the suite's path is the upgrade",
  'Visio Plan 2': 'a workload add-on with no security or tier path',
  'Project Plan 3': 'a workload add-on with no security or tier path',
  'Power BI Pro': 'a workload add-on with no security or tier path',
  'Microsoft 365 Copilot': 'an add-on with no security or tier path',
};

const BY_KEY = new Map(MICROSOFT_PATHS.map((paths) => [productKey(paths.product), paths]));

/** The paths of a subscription's product: Microsoft products by name, the MSP's backup services by kind and name. */
export function upgradePathsFor(subscription: { readonly kind: SubscriptionKind; readonly productName: string }): UpgradePaths | undefined {
  if (subscription.kind === 'msp_service') return /backup/i.test(subscription.productName) ? BACKUP_PATHS : undefined;
  return BY_KEY.get(productKey(subscription.productName));
}

/** Every Microsoft path, for listing and tests. */
export function microsoftUpgradePaths(): readonly UpgradePaths[] {
  return MICROSOFT_PATHS;
}

/**
 * Product names compared without case, punctuation or repeated spaces:
 * `Exchange Online (Plan 1)` and `exchange online plan 1` are one product.
 */
export function productKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The product an upgrade step prices. */
export function stepProduct(step: UpgradeStep): string {
  return step.kind === 'migrate' ? step.to : step.product;
}
