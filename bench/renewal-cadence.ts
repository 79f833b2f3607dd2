import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { type CadencePort, type CadenceSession, runCadenceDay } from '../src/app/renewals/run-cadence-day.ts';
import { CalendarDate } from '../src/domain/calendar/date.ts';
import { cadenceStore } from '../src/store/cadence-store.ts';
import { threadedComposer } from '../src/workers/threaded-pack-composer.ts';
import { type ConnectionSource, type LeasedConnection } from '../src/store/sql-connection.ts';
import { Store } from '../src/store/store.ts';
import { loadRenewalPortfolio } from './renewal-portfolio.ts';

/**
 * The daily renewal scan over a generated 10,000-account portfolio
 * (≈150,000 subscriptions) on the embedded database. Target (issue): a day
 * completes in under 60 s.
 *
 *   node --import tsx bench/renewal-cadence.ts        → loads, runs day 1, day 2, day 2 again; prints the figures
 *
 * Each step runs in a process of its own (as the recon import bench does), so
 * each peak RSS is that step's: the load, then one process per cadence day.
 *   … renewal-cadence.ts load DIR ACCOUNTS FIRST_DAY   → one JSON line
 *   … renewal-cadence.ts day DIR DAY                   → one JSON line (summary, seconds, phases, table fingerprints)
 * Environment: COTERM_BENCH_ACCOUNTS (10000), COTERM_BENCH_CADENCE_DAY (2026-12-01),
 * COTERM_BENCH_CPU_PROF=DIR (a V8 CPU profile of each day), COTERM_BENCH_SQL_PROFILE=1
 * (time per SQL statement shape), COTERM_BENCH_ANALYZE=1 (ANALYZE after loading).
 */

const ORG = 'bench';
const SEED = 20_261_201;

/** The tables the cadence writes; a repeated day must leave each as it was. */
const CADENCE_TABLES = ['renewals', 'renewal_stage_changes', 'renewal_packs', 'renewal_tasks', 'notices', 'renewal_warnings'] as const;

export interface BenchmarkResult {
  readonly name: string;
  readonly figures: Record<string, string | number>;
}

interface LoadResult {
  readonly seconds: number;
  readonly rows: Record<string, unknown>;
  readonly peakRssMiB: number;
}

interface DayResult {
  readonly day: string;
  readonly seconds: number;
  readonly openSeconds: number;
  readonly summary: Awaited<ReturnType<typeof runCadenceDay>>;
  readonly phases: readonly { readonly phase: string; readonly ms: number }[];
  readonly statements?: readonly { readonly sql: string; readonly calls: number; readonly ms: number }[];
  readonly before: Record<string, { rows: number; fingerprint: string }>;
  readonly after: Record<string, { rows: number; fingerprint: string }>;
  readonly peakRssMiB: number;
}

const mib = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

async function load(dataDir: string, accounts: number, firstDay: CalendarDate): Promise<LoadResult> {
  const started = performance.now();
  const store = await Store.open({ dataDir });
  try {
    const rows = await loadRenewalPortfolio(store, ORG, { accounts, seed: SEED, asOf: firstDay });
    // Read every row once, as imports' own lookups would have: the first day should not pay for setting the hint bits of a
    // million freshly COPYed rows. (No VACUUM: it would also give the planner statistics the embedded database never has.)
    for (const table of ['accounts', 'tenants', 'subscriptions', 'subscription_versions', 'subscription_events', 'usage_signals', 'price_list_rows', 'policy_settings']) {
      await sql`SELECT count(*) FROM ${sql.table(table)}`.execute(store.db);
    }
    if (process.env.COTERM_BENCH_ANALYZE === '1') await sql`ANALYZE`.execute(store.db);
    return { seconds: (performance.now() - started) / 1000, rows: { ...rows }, peakRssMiB: mib() };
  } finally {
    await store.close();
  }
}

/** Rows of each cadence table and a hash of their content (timestamps left out), to prove a repeated day changes nothing. */
async function fingerprints(store: Store): Promise<Record<string, { rows: number; fingerprint: string }>> {
  const result: Record<string, { rows: number; fingerprint: string }> = {};
  const content: Record<(typeof CADENCE_TABLES)[number], string> = {
    renewals: 't.id, t.renewal_date, t.subscription_ids, t.not_renewing, t.monthly_value, t.annual_value, t.stage, t.health_score, t.health_band, t.at_risk, t.owner, t.identified_on, t.pack_generated_on, t.forecast_annual_value, t.closed_on',
    renewal_stage_changes: 't.renewal_id, t.stage, t.on_date, t.reason',
    // The size of the stored content, not its text: hashing 500 MB of packs would take longer than the day.
    renewal_packs: 't.renewal_id, t.generated_on, pg_column_size(t.content)',
    renewal_tasks: 't.renewal_id, t.kind, t.assignee, t.due_on, t.status, t.escalated_on, t.escalated_to',
    notices: 't.id, t.kind, t.due_on, t.recipient, t.subject, md5(t.body), t.status',
    renewal_warnings: 't.code, t.subject_id, t.message, t.first_seen_on, t.last_seen_on',
  };
  for (const table of CADENCE_TABLES) {
    const row = await sql<{ n: string; h: string | null }>`SELECT count(*) AS n, sum(hashtext(ROW(${sql.raw(content[table])})::text)::bigint)::text AS h FROM ${sql.table(table)} t WHERE t.organization_id = ${ORG}`.execute(store.db);
    result[table] = { rows: Number(row.rows[0]?.n ?? 0), fingerprint: row.rows[0]?.h ?? '0' };
  }
  return result;
}

/** Times every call of the session; the gaps between calls are the domain's and the app's own work. */
function timedPort(port: CadencePort, calls: { name: string; start: number; end: number }[]): CadencePort {
  return {
    transaction: (work) =>
      port.transaction((session) => {
        const timed = {} as Record<string, unknown>;
        for (const [name, method] of Object.entries(session) as [string, (...args: unknown[]) => Promise<unknown>][]) {
          timed[name] = async (...args: unknown[]) => {
            const start = performance.now();
            try {
              return await method(...args);
            } finally {
              calls.push({ name, start, end: performance.now() });
            }
          };
        }
        return work(timed as unknown as CadenceSession);
      }),
  };
}

/** What happens between two session calls, named after the code in run-cadence-day.ts that runs there. */
function gapName(next: string): string {
  if (next === 'subscriptionsOn') return '(app) policies resolved for the horizon';
  if (next === 'usageSignals') return '(app) account ids collected';
  // With packs due the day reads the price list after deciding, then hands the first batches to the composer before writing.
  if (next === 'priceList') return '(domain) decideCadenceDay';
  if (next === 'apply') return '(domain) decideCadenceDay, or the first pack batches handed to the composer';
  if (next === 'storePacks') return '(app/domain) the next pack batch: composed here, or awaited from the worker';
  if (next === 'recordRun') return '(app) summary';
  if (next === '(commit)') return 'COMMIT';
  return `(app) before ${next}`;
}

/** Wraps the embedded database's connection to time each statement shape (COTERM_BENCH_SQL_PROFILE=1). */
function profileStatements(store: Store): Map<string, { calls: number; ms: number }> {
  const statements = new Map<string, { calls: number; ms: number }>();
  const source = (store as unknown as { source: ConnectionSource }).source;
  const acquire = source.acquire.bind(source);
  source.acquire = async (): Promise<LeasedConnection> => {
    const lease = await acquire();
    const { connection } = lease;
    // Statements run one at a time on the embedded database: one issued while another runs is charged from when that one ended.
    let busyUntil = 0;
    const record = (text: string, started: number): void => {
      const key = text.replace(/\$\d+/g, '?').replace(/\s+/g, ' ').replace(/(\?, )+\?/g, '?…').trim().slice(0, 110);
      const entry = statements.get(key) ?? { calls: 0, ms: 0 };
      const ended = performance.now();
      entry.calls += 1;
      entry.ms += ended - Math.max(started, busyUntil);
      busyUntil = ended;
      statements.set(key, entry);
    };
    return {
      release: lease.release,
      connection: {
        inProcess: connection.inProcess,
        exec: connection.exec.bind(connection),
        copyFrom: connection.copyFrom.bind(connection),
        copyTo: connection.copyTo.bind(connection),
        query: async (text, params) => {
          const started = performance.now();
          try {
            return await connection.query(text, params);
          } finally {
            record(text, started);
          }
        },
      },
    };
  };
  return statements;
}

async function day(dataDir: string, dayText: string): Promise<DayResult> {
  const opened = performance.now();
  const store = await Store.open({ dataDir });
  try {
    const openSeconds = (performance.now() - opened) / 1000;
    const before = await fingerprints(store);
    const statements = process.env.COTERM_BENCH_SQL_PROFILE === '1' ? profileStatements(store) : undefined;
    const calls: { name: string; start: number; end: number }[] = [];
    const started = performance.now();
    const summary = await runCadenceDay(timedPort(cadenceStore(store, ORG), calls), CalendarDate.parse(dayText), threadedComposer());
    const finished = performance.now();
    const after = await fingerprints(store);
    calls.sort((a, b) => a.start - b.start);
    const phases: { phase: string; ms: number }[] = [];
    let cursor = started;
    for (const call of [...calls, { name: '(commit)', start: finished, end: finished }]) {
      // Calls made together (Promise.all) queue for the one connection: each is charged only the time it added.
      if (call.start - cursor > 1) phases.push({ phase: gapName(call.name), ms: call.start - cursor });
      if (call.name !== '(commit)') phases.push({ phase: call.name, ms: Math.max(0, call.end - Math.max(call.start, cursor)) });
      cursor = Math.max(cursor, call.end);
    }
    return {
      day: dayText,
      seconds: (finished - started) / 1000,
      openSeconds,
      summary,
      phases: phases.map((phase) => ({ phase: phase.phase, ms: Math.round(phase.ms) })),
      ...(statements
        ? { statements: [...statements].map(([text, entry]) => ({ sql: text, calls: entry.calls, ms: Math.round(entry.ms) })).sort((a, b) => b.ms - a.ms).slice(0, 20) }
        : {}),
      before,
      after,
      peakRssMiB: mib(),
    };
  } finally {
    await store.close();
  }
}

/** Runs this file in a child process (its own peak memory), returning the JSON line it prints. */
function child<T>(args: readonly string[], nodeFlags: readonly string[] = []): T {
  const script = fileURLToPath(import.meta.url);
  const output = execFileSync(process.execPath, [...nodeFlags, '--import', 'tsx', script, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
  return JSON.parse(output.trim().split('\n').at(-1) as string) as T;
}

function dayFigures(result: DayResult): Record<string, string | number> {
  const { summary } = result;
  return {
    'seconds (runCadenceDay)': result.seconds.toFixed(1),
    'renewals tracked': summary.renewalsTracked,
    'new renewals': summary.newRenewals,
    'packs generated': summary.packsGenerated,
    'tasks created': summary.tasksCreated,
    'notices queued': summary.noticesQueued,
    'notices superseded': summary.noticesSuperseded,
    escalations: summary.escalations,
    warnings: summary.warnings,
    'closed won / lost': `${summary.closed.won} / ${summary.closed.lost}`,
    'peak memory (RSS, MiB)': result.peakRssMiB,
  };
}

/** Loads the portfolio, runs the first day, the next, and the next again; removes the database whatever happens. */
export function benchRenewalCadence(options: { accounts?: number; firstDay?: string } = {}): BenchmarkResult[] {
  const accounts = options.accounts ?? Number(process.env.COTERM_BENCH_ACCOUNTS ?? 10_000);
  const firstDay = CalendarDate.parse(options.firstDay ?? process.env.COTERM_BENCH_CADENCE_DAY ?? '2026-12-01');
  const nextDay = firstDay.addDays(1).toString();
  const dataDir = mkdtempSync(join(tmpdir(), 'coterm-bench-cadence-'));
  const cleanUp = (): void => rmSync(dataDir, { recursive: true, force: true });
  const onSignal = (signal: NodeJS.Signals): void => {
    cleanUp();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const profile = process.env.COTERM_BENCH_CPU_PROF;
    const dayFlags = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
    const loaded = child<LoadResult>(['load', dataDir, String(accounts), firstDay.toString()]);
    const first = child<DayResult>(['day', dataDir, firstDay.toString()], dayFlags);
    const second = child<DayResult>(['day', dataDir, nextDay], dayFlags);
    const again = child<DayResult>(['day', dataDir, nextDay]);
    const changed = CADENCE_TABLES.filter((table) => JSON.stringify(again.before[table]) !== JSON.stringify(again.after[table]));
    const s = again.summary;
    if (changed.length > 0 || s.newRenewals + s.packsGenerated + s.tasksCreated + s.noticesQueued + s.noticesSuperseded + s.escalations + s.closed.won + s.closed.lost > 0) {
      throw new Error(
        `running ${nextDay} again changed the database: ${changed.map((table) => `${table} ${again.before[table]?.rows} → ${again.after[table]?.rows} rows${again.before[table]?.fingerprint === again.after[table]?.fingerprint ? '' : ' (content changed)'}`).join(', ') || 'no rows, but'} summary ${JSON.stringify(s)}`,
      );
    }
    for (const result of [first, second, again]) {
      if (process.env.COTERM_BENCH_VERBOSE === '1' || result.seconds > 60) {
        console.error(`\n${result.day}: where the ${result.seconds.toFixed(1)} s went`);
        // Pack batches repeat the same phases: each is shown once, summed, in order of first appearance.
        const phases = new Map<string, { ms: number; times: number }>();
        for (const phase of result.phases) {
          const total = phases.get(phase.phase) ?? { ms: 0, times: 0 };
          phases.set(phase.phase, { ms: total.ms + phase.ms, times: total.times + 1 });
        }
        for (const [phase, total] of phases) console.error(`  ${String(total.ms).padStart(7)} ms  ${phase}${total.times > 1 ? ` (${total.times}×)` : ''}`);
        for (const statement of result.statements ?? []) console.error(`  ${String(statement.ms).padStart(7)} ms ${String(statement.calls).padStart(6)}×  ${statement.sql}`);
      }
    }
    const rows = loaded.rows as { accounts: number; subscriptions: number; subscriptionsByKind: Record<string, number>; versions: number; events: number; usageSignals: number; policySettings: number };
    const target = (result: DayResult): string => (result.seconds < 60 ? 'met' : 'NOT met');
    return [
      {
        name: 'Renewal cadence: portfolio load (embedded database, COPY)',
        figures: {
          accounts: rows.accounts,
          subscriptions: `${rows.subscriptions} (${Object.entries(rows.subscriptionsByKind).map(([kind, n]) => `${kind} ${n}`).join(', ')})`,
          'versions / ledger events': `${rows.versions} / ${rows.events}`,
          'usage signals': rows.usageSignals,
          'policy settings': rows.policySettings,
          'seconds (open → commit)': loaded.seconds.toFixed(1),
          'peak memory (RSS, MiB)': loaded.peakRssMiB,
        },
      },
      { name: `Renewal cadence, first day ${first.day} (everything in the horizon is new) — target < 60 s ${target(first)}`, figures: dayFigures(first) },
      { name: `Renewal cadence, next day ${second.day} (steady state) — target ${target(second)}`, figures: dayFigures(second) },
      { name: `Renewal cadence, ${again.day} again (idempotent: nothing added, verified)`, figures: { ...dayFigures(again), 'rows after (unchanged)': CADENCE_TABLES.map((table) => `${table} ${again.after[table]?.rows}`).join(', ') } },
    ];
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    cleanUp();
  }
}

async function main(): Promise<void> {
  const [mode, dir, first, second] = process.argv.slice(2);
  if (mode === 'load' && dir && first && second) {
    console.log(JSON.stringify(await load(dir, Number(first), CalendarDate.parse(second))));
    return;
  }
  if (mode === 'day' && dir && first) {
    console.log(JSON.stringify(await day(dir, first)));
    return;
  }
  if (mode !== undefined) throw new Error('usage: renewal-cadence.ts [load DIR ACCOUNTS FIRST_DAY | day DIR DAY]');
  for (const result of benchRenewalCadence()) {
    console.log(result.name);
    for (const [label, value] of Object.entries(result.figures)) console.log(`  ${label.padEnd(30)} ${value}`);
    console.log();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
