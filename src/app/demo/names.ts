import { domainKey, nameSimilarity, normalizeCompanyName } from '../../domain/mapping/match.ts';
import { type Random } from './random.ts';

/** The first words of client names (shared with the benchmarks' generated portfolios). */
export const COMPANY_NAME_BASES = [
  'Contoso', 'Fabrikam', 'Northwind', 'Tailspin', 'Woodgrove', 'Litware', 'Proseware', 'Relecloud', 'Wingtip', 'Lamna', 'Coho', 'VanArsdel',
  'Humongous', 'Lucerne', 'Southridge', 'Alpine', 'Adatum', 'Cronus', 'Abbott', 'Barnes', 'Carver', 'Delgado', 'Ellison', 'Fairbanks',
  'Garrison', 'Holloway', 'Ingram', 'Jennings', 'Kessler', 'Lombardi', 'Merriweather', 'Northcott', 'Okafor', 'Pemberton', 'Quintero',
  'Radcliffe', 'Sinclair', 'Thornbury', 'Underwood', 'Valdez', 'Whitaker', 'Yardley', 'Zimmerman', 'Ashford', 'Blackwood', 'Calloway',
  'Donnelly', 'Everhart', 'Fitzgerald', 'Greenberg', 'Hargrove', 'Iverson', 'Kowalski', 'Lindqvist', 'McAllister', 'Nakamura', 'Oyelaran',
  'Prescott', 'Rutherford', 'Stanfield', 'Tanaka', 'Vasquez', 'Winslow', 'Bramble', 'Cedar Ridge', 'Driftwood', 'Evergreen', 'Foxglove',
  'Granite Peak', 'Harborview', 'Ironwood', 'Juniper', 'Keystone', 'Lakeshore', 'Maplewood', 'Oakhurst', 'Pinecrest', 'Quarry Hill',
  'Riverbend', 'Silverline', 'Timberline', 'Union Square', 'Westbrook', 'Bluewater', 'Copperfield', 'Sundance', 'Redstone', 'Highgate',
];

/** What a client does, the second word of its name. */
export const COMPANY_SECTORS = [
  'Dental', 'Law', 'Logistics', 'Engineering', 'Accounting', 'Realty', 'Medical', 'Architects', 'Construction', 'Veterinary', 'Insurance',
  'Marine', 'Foods', 'Motors', 'Print', 'Design', 'Energy', 'Labs', 'Partners', 'Clinic', 'Hotels', 'Brewing', 'Freight', 'Pharmacy',
  'Studios', 'Consulting', 'Wealth', 'Orthodontics', 'Landscaping', 'Plumbing', 'Electric', 'Roofing', 'Manufacturing', 'Machining',
  'Publishing', 'Media', 'Advisors', 'Capital', 'Family Practice', 'Physical Therapy', 'Optometry', 'Academy', 'Surveying', 'Kitchens',
];

const LEGAL_FORMS = ['Inc', 'LLC', 'Ltd', 'Corp', 'LLP', 'Inc.', 'LLC', 'Co'];
const OTHER_LEGAL_FORMS: Readonly<Record<string, string>> = { Inc: 'INCORPORATED', 'Inc.': 'INC', LLC: 'LIMITED', Ltd: 'LIMITED', Corp: 'CORPORATION', LLP: 'LLP', Co: 'COMPANY' };
const REGIONS = ['West', 'North', 'East', 'South', 'Coastal', 'Midwest', 'Pacific', 'Central'];
/** Words that make a company's name in another system differ from the contract list's beyond what normalising removes. */
const EXTRA_WORDS = ['Services', 'Office', 'Solutions', 'HQ', 'Main Office', 'Team', 'Operations', 'Associates'];

/** How a client is named across the MSP's systems. */
export interface ClientName {
  /** As the contract list (services file) names it. */
  readonly name: string;
  readonly base: string;
  readonly sector: string;
  readonly legalForm: string;
  /** The e-mail domain, e.g. `abbottdental.com`. */
  readonly domain: string;
}

/**
 * Distinct client names: no two resemble each other (bigram similarity below
 * the 0.6 at which coterm offers a candidate), so the contract list creates
 * one account per client and a name spelled differently elsewhere can only
 * match its own client. A subsidiary resembles only its parent.
 */
export class ClientNames {
  private readonly taken: string[] = [];
  private readonly domains = new Set<string>();

  constructor(private readonly random: Random) {}

  /** A new independent client. */
  next(): ClientName {
    for (let attempt = 0; attempt < 5000; attempt += 1) {
      const base = this.random.pick(COMPANY_NAME_BASES);
      const sector = this.random.pick(COMPANY_SECTORS);
      const candidate = this.accept(`${base} ${sector}`, base, sector, undefined);
      if (candidate) return candidate;
    }
    throw new Error(`cannot invent more than ${this.taken.length} distinct client names`);
  }

  /** A subsidiary of `parent` (its name extends the parent's), or undefined when every region is taken. */
  subsidiaryOf(parent: ClientName): ClientName | undefined {
    for (const region of this.random.sample(REGIONS, REGIONS.length)) {
      const candidate = this.accept(`${parent.base} ${parent.sector} ${region}`, parent.base, `${parent.sector} ${region}`, parent);
      if (candidate) return candidate;
    }
    return undefined;
  }

  private accept(plain: string, base: string, sector: string, parent: ClientName | undefined): ClientName | undefined {
    const normalized = normalizeCompanyName(plain);
    const parentNormalized = parent ? normalizeCompanyName(parent.name) : undefined;
    if (this.taken.some((other) => other !== parentNormalized && nameSimilarity(other, normalized) >= 0.6)) return undefined;
    const domain = `${normalized.replace(/[^a-z0-9]/g, '')}.com`;
    if (this.domains.has(domainKey(domain))) return undefined;
    this.taken.push(normalized);
    this.domains.add(domainKey(domain));
    const legalForm = this.random.pick(LEGAL_FORMS);
    return { name: `${plain} ${legalForm}`, base, sector, legalForm, domain };
  }
}

/** The same company in capitals with another legal form (`ABBOTT DENTAL LIMITED`): normalises to the same name. */
export function shoutedName(client: ClientName): string {
  return `${client.base} ${client.sector} ${OTHER_LEGAL_FORMS[client.legalForm] ?? 'INC'}`.toUpperCase();
}

/** The company under a name no rule can take for the contract list's (`Abbott Dental Practice`): a person must say. */
export function divergentName(client: ClientName, random: Random): string {
  return `${client.base} ${client.sector} ${random.pick(EXTRA_WORDS)}`;
}
