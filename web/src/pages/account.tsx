import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../api.ts';
import { Chart } from '../components/chart.tsx';
import { humanize, longDate, Money } from '../components/format.tsx';
import { Guard } from '../components/states.tsx';
import { Timeline, type TimelineRow } from '../components/timeline.tsx';

interface Subscription {
  readonly subscriptionId: string;
  readonly kind: string;
  readonly status: string;
  readonly productName: string;
  readonly quantity: number;
  readonly unitPrice: string | null;
  readonly currency: string | null;
  readonly term: string | null;
  readonly billing: string | null;
  readonly termStart: string | null;
  readonly termEnd: string | null;
}

interface Overview {
  readonly account: { id: string; name: string; domain: string | null; parentAccountId: string | null; subscriptionCount: number };
  readonly on: string;
  readonly subscriptions: Subscription[];
  readonly seatHistory: { month: string; seats: Record<string, number> }[];
  readonly renewals: { id: string; date: string; stage: string; annualValue: string; currency: string | null; healthBand: string | null; owner: string; hasPack: boolean }[];
  readonly openTasks: { renewalId: string; kind: string; assignee: string; dueOn: string; reason: string }[];
  readonly invoices: { id: string; number: string | null; status: string; period: string; total: string; currency: string; kind: string }[];
  readonly openFindings: { id: number; category: string; period: string; productName: string | null; impact: string; currency: string | null; direction: string }[];
  readonly quotes: { id: string; renewalId: string; status: string; issuedOn: string; acceptedOption: string | null }[];
}

interface Alignment {
  readonly subscriptionId: string;
  readonly productName: string;
  readonly action: string;
  readonly on: string | null;
  readonly alignedEnd: string | null;
  readonly currentTermEnd: string | null;
  readonly reason: string;
  readonly stub: { start: string; end: string; charge?: string; total?: string; amount?: string } | null;
}

interface CoTermView {
  readonly anchor: { date: string; chosen: string } | null;
  readonly plan: { alignments: Alignment[]; totals: { currency: string; stubCharges: string; refunds: string; coTermedShareNow: string | null; coTermedShareWhenDone: string | null; fullyCoTermedOn: string | null }[] } | null;
}

/** An account: its terms on one axis with the anchor, seats over time, the co-term plan with its costs, tasks, invoices, findings. */
export function AccountPage() {
  const { id = '' } = useParams();
  const overview = useApi<Overview>(`/api/accounts/${encodeURIComponent(id)}`);
  const coterm = useApi<CoTermView>(`/api/accounts/${encodeURIComponent(id)}/coterm-plan`);
  const [after, setAfter] = useState(false);
  return (
    <Guard loaded={overview} what="the account">
      {(data) => (
        <section>
          <h1>{data.account.name}</h1>
          <p className="muted">
            {data.account.domain ?? ''} {data.account.parentAccountId ? `· part of ${data.account.parentAccountId}` : ''} · {data.subscriptions.length} subscriptions on {longDate(data.on)}
          </p>
          <div className="card">
            <div className="card-head">
              <h2>Terms</h2>
              <div role="group" aria-label="Timeline view" className="toggle">
                <button type="button" aria-pressed={!after} onClick={() => setAfter(false)}>
                  Before the plan
                </button>
                <button type="button" aria-pressed={after} onClick={() => setAfter(true)}>
                  After the plan
                </button>
              </div>
            </div>
            <TimelineOf overview={data} coterm={coterm.data} after={after} />
          </div>
          <div className="grid two">
            <div className="card">
              <h2>Seats over time</h2>
              <SeatsChart history={data.seatHistory} />
            </div>
            <div className="card">
              <h2>Co-term plan</h2>
              <Guard loaded={coterm} what="the co-term plan">
                {(view) => <PlanSummary view={view} />}
              </Guard>
            </div>
          </div>
          <Guard loaded={coterm} what="the plan's lines" empty={(view) => (view.plan ? null : 'No co-term plan: no anchor applies to this account.')}>
            {(view) => <PlanTable alignments={view.plan?.alignments ?? []} />}
          </Guard>
          <div className="grid two">
            <div className="card">
              <h2>Renewals</h2>
              {data.renewals.length === 0 ? (
                <p className="state empty">No renewal tracked yet.</p>
              ) : (
                <ul className="plain">
                  {data.renewals.map((renewal) => (
                    <li key={renewal.id}>
                      <Link to={`/renewals/${encodeURIComponent(renewal.id)}`}>{longDate(renewal.date)}</Link> · {humanize(renewal.stage)} · <Money amount={renewal.annualValue} currency={renewal.currency} /> a year
                    </li>
                  ))}
                </ul>
              )}
              <h2>Open tasks</h2>
              {data.openTasks.length === 0 ? (
                <p className="state empty">Nothing to do.</p>
              ) : (
                <ul className="plain">
                  {data.openTasks.map((task) => (
                    <li key={`${task.renewalId}-${task.kind}`}>
                      {humanize(task.kind)} for {task.renewalId.split(':')[1]} · {task.assignee} · due {longDate(task.dueOn)}
                    </li>
                  ))}
                </ul>
              )}
            </div>
            <div className="card">
              <h2>Invoices</h2>
              {data.invoices.length === 0 ? (
                <p className="state empty">No invoice yet.</p>
              ) : (
                <ul className="plain">
                  {data.invoices.slice(0, 12).map((invoice) => (
                    <li key={invoice.id}>
                      {invoice.period} · {invoice.number ?? 'draft'} · <Money amount={invoice.total} currency={invoice.currency} />{' '}
                      <a href={`/api/invoices/${encodeURIComponent(invoice.number ?? invoice.id)}/pdf`}>PDF</a>
                    </li>
                  ))}
                </ul>
              )}
              <h2>Open findings</h2>
              {data.openFindings.length === 0 ? (
                <p className="state empty">No open finding.</p>
              ) : (
                <ul className="plain">
                  {data.openFindings.map((finding) => (
                    <li key={finding.id}>
                      {finding.period} · {humanize(finding.category)} · {finding.productName ?? ''} · <Money amount={finding.impact} currency={finding.currency} /> {finding.direction}
                    </li>
                  ))}
                </ul>
              )}
              <h2>Quotes</h2>
              {data.quotes.length === 0 ? (
                <p className="state empty">No quote sent.</p>
              ) : (
                <ul className="plain">
                  {data.quotes.map((quote) => (
                    <li key={quote.id}>
                      {quote.id} · {quote.status}
                      {quote.acceptedOption ? ` (${quote.acceptedOption})` : ''} · issued {longDate(quote.issuedOn)}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        </section>
      )}
    </Guard>
  );
}

function TimelineOf({ overview, coterm, after }: { overview: Overview; coterm: CoTermView | undefined; after: boolean }) {
  const rows = useMemo<TimelineRow[]>(() => {
    const planned = new Map((coterm?.plan?.alignments ?? []).map((alignment) => [alignment.subscriptionId, alignment]));
    return overview.subscriptions
      .filter((subscription) => subscription.termEnd && !['cancelled', 'expired', 'ended'].includes(subscription.status))
      .sort((a, b) => (a.termEnd ?? '').localeCompare(b.termEnd ?? ''))
      .map((subscription) => {
        const alignment = planned.get(subscription.subscriptionId);
        return {
          id: subscription.subscriptionId,
          label: subscription.productName,
          detail: `${subscription.quantity} × ${subscription.term ?? ''} ${subscription.billing ?? ''} · ends ${subscription.termEnd}`,
          start: subscription.termStart,
          end: subscription.termEnd,
          kind: subscription.kind,
          planned: alignment?.on && alignment.alignedEnd ? { start: alignment.on, end: alignment.alignedEnd, action: alignment.action } : null,
        };
      });
  }, [overview, coterm]);
  return <Timeline rows={rows} anchor={coterm?.anchor?.date ?? null} today={overview.on} after={after} />;
}

function SeatsChart({ history }: { history: Overview['seatHistory'] }) {
  const option = useMemo(() => {
    const products = [...new Set(history.flatMap((month) => Object.keys(month.seats)))].sort();
    return {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 40, right: 10, top: 10, bottom: 60 },
      xAxis: { type: 'category', data: history.map((month) => month.month) },
      yAxis: { type: 'value', minInterval: 1 },
      series: products.map((product) => ({ name: product, type: 'line', step: 'end', data: history.map((month) => month.seats[product] ?? 0) })),
    };
  }, [history]);
  if (history.length === 0) return <p className="state empty">No seat history.</p>;
  return <Chart option={option} label={`Seats by product over ${history.length} months`} height={260} />;
}

function PlanSummary({ view }: { view: CoTermView }) {
  if (!view.plan || !view.anchor) return <p className="state empty">No anchor applies to this account yet.</p>;
  return (
    <dl className="facts">
      <dt>Anchor</dt>
      <dd>
        {longDate(view.anchor.date)} <span className="muted">({view.anchor.chosen})</span>
      </dd>
      {view.plan.totals.map((total) => (
        <div key={total.currency}>
          <dt>Stub terms ({total.currency})</dt>
          <dd>
            <Money amount={total.stubCharges} currency={total.currency} />
          </dd>
          <dt>Co-termed share</dt>
          <dd>
            {percent(total.coTermedShareNow)} now → {percent(total.coTermedShareWhenDone)} when done{total.fullyCoTermedOn ? ` (${longDate(total.fullyCoTermedOn)})` : ''}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function PlanTable({ alignments }: { alignments: Alignment[] }) {
  return (
    <div className="card">
      <h2>What each subscription does</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Subscription</th>
              <th scope="col">Action</th>
              <th scope="col">On</th>
              <th scope="col">Aligned end</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {alignments.map((alignment) => (
              <tr key={alignment.subscriptionId}>
                <td>{alignment.productName}</td>
                <td>{humanize(alignment.action)}</td>
                <td>{longDate(alignment.on)}</td>
                <td>{longDate(alignment.alignedEnd)}</td>
                <td className="reason">{alignment.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** A share as the server rounded it (4 decimals, `0.6667`) shown as a percentage (`66.67%`), without float arithmetic. */
function percent(share: string | null): string {
  if (share === null) return '–';
  const [whole = '0', fraction = ''] = share.split('.');
  const digits = `${fraction}0000`.slice(0, 4);
  return `${Number(whole) * 100 + Number(digits.slice(0, 2))}.${digits.slice(2)}%`;
}
