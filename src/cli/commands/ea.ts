import { type Command } from 'commander';

export function registerEaCommands(program: Command): void {
  program.command('ea').description('Enterprise Agreement co-terming arithmetic');
}
