import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { InvalidInputError } from '../../domain/errors.ts';
import { type PostAllOptions } from '../../integrations/posting/http-poster.ts';
import { type PostingTarget } from '../../integrations/posting/model.ts';

const text = z.string().min(1);
const url = z.url();
const mapping = z.record(z.string(), text);

/** Where each system is and how to sign in, and how coterm's GL accounts and tax rates map to its records. */
const POSTING_CONFIG = z.strictObject({
  quickbooks: z.strictObject({ baseUrl: url, accessToken: text, realmId: text, itemRefByGlAccount: mapping, taxCodeRefByRate: mapping }).optional(),
  xero: z.strictObject({ baseUrl: url, accessToken: text, tenantId: text, taxTypeByRate: mapping, status: z.enum(['DRAFT', 'AUTHORISED']).optional() }).optional(),
  connectwise: z.strictObject({ baseUrl: url, companyId: text, publicKey: text, privateKey: text, clientId: text }).optional(),
  autotask: z.strictObject({ baseUrl: url, integrationCode: text, userName: text, secret: text }).optional(),
});

export type PostingConfig = z.infer<typeof POSTING_CONFIG>;

/** The posting configuration file (JSON, docs/posting.md), refused with the first bad field named. */
export async function readPostingConfig(path: string): Promise<PostingConfig> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InvalidInputError(`${path}: ${error instanceof SyntaxError ? `not JSON (${error.message})` : 'cannot be read'}`, 'config');
  }
  const parsed = POSTING_CONFIG.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidInputError(`${path}: ${issue.path.join('.') || 'the file'}: ${issue.message}`, 'config');
  }
  return parsed.data;
}

/** A target's section, or a clear refusal when the file has none. */
export function targetConfig<T extends PostingTarget>(config: PostingConfig, target: T): NonNullable<PostingConfig[T]> {
  const section = config[target];
  if (!section) throw new InvalidInputError(`the posting configuration has no "${target}" section`, 'config');
  return section as NonNullable<PostingConfig[T]>;
}

/** Base URLs and credentials of every configured target, for the poster. */
export function posterOptions(config: PostingConfig): Pick<PostAllOptions, 'baseUrls' | 'credentials'> {
  return {
    baseUrls: Object.fromEntries(Object.entries(config).map(([target, section]) => [target, (section as { baseUrl: string }).baseUrl])),
    credentials: {
      ...(config.quickbooks ? { quickbooks: { accessToken: config.quickbooks.accessToken } } : {}),
      ...(config.xero ? { xero: { accessToken: config.xero.accessToken, tenantId: config.xero.tenantId } } : {}),
      ...(config.connectwise ? { connectwise: config.connectwise } : {}),
      ...(config.autotask ? { autotask: config.autotask } : {}),
    },
  };
}
