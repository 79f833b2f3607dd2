import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerCoTermCommands } from './commands/coterm.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerEaCommands } from './commands/ea.ts';
import { registerFindingsCommands } from './commands/findings.ts';
import { registerImportCommand } from './commands/import.ts';
import { registerInvoiceCommands } from './commands/invoice.ts';
import { registerLedgerCommands } from './commands/ledger.ts';
import { registerMappingCommands } from './commands/mapping.ts';
import { registerNceCommands } from './commands/nce.ts';
import { registerPackCommands } from './commands/pack.ts';
import { registerPolicyCommands } from './commands/policy.ts';
import { registerPostCommands } from './commands/post.ts';
import { registerPricingCommands } from './commands/pricing.ts';
import { registerReconcileCommand } from './commands/reconcile.ts';
import { registerRenewalCommands } from './commands/renewal.ts';
import { registerRenewalsCommand } from './commands/renewals.ts';
import { registerStartCommand } from './commands/start.ts';
import { registerStatusCommand } from './commands/status.ts';
import { registerUserCommands } from './commands/user.ts';
import { registerWorkerCommand } from './commands/worker.ts';
import { describeError } from './errors.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export function buildProgram(): Command {
  const program = new Command('coterm')
    .description('coterm: renewal, co-terming and billing engine for Microsoft CSP resellers and MSPs')
    .version(version)
    .showSuggestionAfterError(true)
    .configureOutput({ outputError: (text, write) => write(`coterm: ${text.replace(/^error: /, '').trimEnd()}\n`) })
    .exitOverride();
  registerNceCommands(program);
  registerEaCommands(program);
  registerImportCommand(program);
  registerStatusCommand(program);
  registerMappingCommands(program);
  registerLedgerCommands(program);
  registerDemoCommand(program);
  registerStartCommand(program);
  registerPolicyCommands(program);
  registerRenewalsCommand(program);
  registerRenewalCommands(program);
  registerPackCommands(program);
  registerCoTermCommands(program);
  registerWorkerCommand(program);
  registerUserCommands(program);
  registerReconcileCommand(program);
  registerFindingsCommands(program);
  registerPricingCommands(program);
  registerInvoiceCommands(program);
  registerPostCommands(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  // A reader that stops early (`coterm … | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (process.env.COTERM_DEBUG) console.error(error);
    const { message, exitCode } = describeError(error);
    process.stderr.write(`coterm: ${message}\n`);
    return exitCode;
  }
}
