import { cpus, totalmem } from 'node:os';
import { benchShadowBilling } from './nce-shadow-billing.ts';

/** `npm run bench`: runs each benchmark and prints its figures with the machine they ran on. */
const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.log(`coterm benchmarks on ${machine}\n`);

for (const run of [benchShadowBilling]) {
  const result = run();
  console.log(result.name);
  for (const [label, value] of Object.entries(result.figures)) console.log(`  ${label.padEnd(30)} ${value}`);
  console.log(`  ${'peak memory (RSS, MiB)'.padEnd(30)} ${Math.round(process.resourceUsage().maxRSS / 1024)}`);
  console.log();
}
