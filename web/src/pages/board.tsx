import { type ColumnDef } from '@tanstack/react-table';
import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { type Page, useApi } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { HealthBadge, humanize, longDate, Money, totalsByCurrency } from '../components/format.tsx';
import { Guard } from '../components/states.tsx';

export interface RenewalRow {
  readonly id: string;
  readonly accountId: string;
  readonly accountName: string;
  readonly date: string;
  readonly daysLeft: number;
  readonly subscriptions: number;
  readonly notRenewing: number;
  readonly currency: string | null;
  readonly annualValue: string;
  readonly health: { readonly score: number; readonly band: 'green' | 'amber' | 'red' };
  readonly stage: string;
  readonly hasPack: boolean;
  readonly nextAction: string;
  readonly owner: string;
  readonly sla: 'on_track' | 'due_today' | 'overdue' | 'escalated' | 'none';
}

const WINDOWS = [30, 60, 90, 120, 180, 365];
const SLA_TEXT: Record<RenewalRow['sla'], string> = { on_track: 'On track', due_today: 'Due today', overdue: 'Overdue', escalated: 'Escalated', none: '–' };

const COLUMNS: ColumnDef<RenewalRow, unknown>[] = [
  { id: 'date', header: 'Renews', accessorFn: (row) => row.date, cell: ({ row }) => <span title={row.original.date}>{longDate(row.original.date)}</span> },
  { id: 'days', header: 'Days', accessorFn: (row) => row.daysLeft, cell: ({ row }) => <span className="num">{row.original.daysLeft}</span> },
  { id: 'account', header: 'Account', accessorFn: (row) => row.accountName, cell: ({ row }) => <Link to={`/accounts/${encodeURIComponent(row.original.accountId)}`} onClick={(event) => event.stopPropagation()}>{row.original.accountName}</Link> },
  { id: 'subscriptions', header: 'Subs', accessorFn: (row) => row.subscriptions, cell: ({ row }) => <span className="num">{row.original.subscriptions}{row.original.notRenewing > 0 ? ` (${row.original.notRenewing} off)` : ''}</span> },
  { id: 'value', header: 'Annual value', accessorFn: (row) => Number(row.annualValue), cell: ({ row }) => <Money amount={row.original.annualValue} currency={row.original.currency} /> },
  { id: 'health', header: 'Health', accessorFn: (row) => row.health.score, cell: ({ row }) => <HealthBadge band={row.original.health.band} score={row.original.health.score} /> },
  { id: 'stage', header: 'Stage', accessorFn: (row) => row.stage, cell: ({ row }) => humanize(row.original.stage) },
  { id: 'next', header: 'Next action', accessorFn: (row) => row.nextAction },
  { id: 'owner', header: 'Owner', accessorFn: (row) => row.owner },
  { id: 'sla', header: 'SLA', accessorFn: (row) => row.sla, cell: ({ row }) => <span className={`sla sla-${row.original.sla}`}>{SLA_TEXT[row.original.sla]}</span> },
];

/** Every renewal in the window, colour-coded by health, filtered by owner, health and stage. */
export function BoardPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const within = params.get('within') ?? '120';
  const loaded = useApi<Page<RenewalRow>>(`/api/renewals?within=${within}&limit=1000`);
  const owner = params.get('owner') ?? '';
  const health = params.get('health') ?? '';
  const stage = params.get('stage') ?? '';
  const rows = useMemo(() => (loaded.data?.items ?? []).filter((row) => (!owner || row.owner === owner) && (!health || row.health.band === health) && (!stage || row.stage === stage)), [loaded.data, owner, health, stage]);
  const owners = useMemo(() => [...new Set((loaded.data?.items ?? []).map((row) => row.owner))].sort(), [loaded.data]);
  const stages = useMemo(() => [...new Set((loaded.data?.items ?? []).map((row) => row.stage))].sort(), [loaded.data]);
  function set(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }
  const totals = useMemo(() => totalsByCurrency(rows.map((row) => ({ amount: row.annualValue, currency: row.currency }))), [rows]);
  return (
    <section>
      <h1>Renewal board</h1>
      <form className="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Window
          <select value={within} onChange={(event) => set('within', event.target.value)}>
            {WINDOWS.map((days) => (
              <option key={days} value={days}>
                next {days} days
              </option>
            ))}
          </select>
        </label>
        <label>
          Owner
          <select value={owner} onChange={(event) => set('owner', event.target.value)}>
            <option value="">everyone</option>
            {owners.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <label>
          Health
          <select value={health} onChange={(event) => set('health', event.target.value)}>
            <option value="">any</option>
            <option value="green">healthy</option>
            <option value="amber">watch</option>
            <option value="red">at risk</option>
          </select>
        </label>
        <label>
          Stage
          <select value={stage} onChange={(event) => set('stage', event.target.value)}>
            <option value="">any</option>
            {stages.map((name) => (
              <option key={name} value={name}>
                {humanize(name)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <Guard loaded={loaded} what="renewals" empty={() => (rows.length === 0 ? `No renewals in the next ${within} days match.` : null)}>
        {() => (
          <>
            <p className="summary" aria-live="polite">
              {rows.length} renewals ·{' '}
              {totals.map(([currency, total], index) => (
                <span key={currency}>
                  {index > 0 ? ' + ' : ''}
                  <Money amount={total} currency={currency} />
                </span>
              ))}{' '}
              a year
            </p>
            <DataTable rows={rows} columns={COLUMNS} caption="Renewals in the window" rowKey={(row) => row.id} onRowOpen={(row) => navigate(`/renewals/${encodeURIComponent(row.id)}`)} rowClass={(row) => `row-${row.health.band}`} />
          </>
        )}
      </Guard>
    </section>
  );
}
