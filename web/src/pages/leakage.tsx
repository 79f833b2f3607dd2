import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api, type Page, useApi } from '../api.ts';
import { groupDigits, humanize, longDate, Money, totalsByCurrency } from '../components/format.tsx';
import { ErrorLine, Guard } from '../components/states.tsx';
import { canChange, useSession } from '../session.tsx';

interface Finding {
  readonly id: number;
  readonly period: string;
  readonly category: string;
  readonly accountId: string | null;
  readonly customerId: string;
  readonly subscriptionId: string;
  readonly productName: string | null;
  readonly from: string;
  readonly until: string;
  readonly microsoftSeats: number;
  readonly invoicedSeats: number;
  readonly direction: 'underbilled' | 'overbilled';
  readonly impact: string;
  readonly annualised: string;
  readonly currency: string | null;
  readonly explanation: string;
  readonly suggestion: string;
  readonly evidence: { microsoft: string[]; invoiced: string[] };
  readonly status: 'open' | 'accepted' | 'dismissed';
  readonly statusReason: string | null;
}

interface Run {
  readonly period: string;
  readonly at: string;
  readonly coverage: { microsoftRows: number; matchedRows: number; unmatchedRows: number; microsoftAmount: string; matchedAmount: string; unmatchedAmount: string };
}

/** Findings by category with their money impact, the evidence side by side, accept or dismiss; the coverage of the last run. */
export function LeakagePage() {
  const { user } = useSession();
  const [status, setStatus] = useState('open');
  const findings = useApi<Page<Finding>>(`/api/findings?limit=1000&sort=-impact${status ? `&status=${status}` : ''}`);
  const runs = useApi<Page<Run>>('/api/reconciliations?limit=1');
  const byCategory = useMemo(() => {
    const groups = new Map<string, Finding[]>();
    for (const finding of findings.data?.items ?? []) groups.set(finding.category, [...(groups.get(finding.category) ?? []), finding]);
    return [...groups];
  }, [findings.data]);
  return (
    <section>
      <h1>Revenue leakage</h1>
      <Guard loaded={runs} what="the last reconciliation" empty={(page) => (page.items.length === 0 ? 'No month reconciled yet: run coterm reconcile --period, or POST /api/reconciliations.' : null)}>
        {(page) => <Coverage run={page.items[0] as Run} />}
      </Guard>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Status
          <select value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value="open">open</option>
            <option value="accepted">accepted</option>
            <option value="dismissed">dismissed</option>
            <option value="">all</option>
          </select>
        </label>
      </form>
      <Guard loaded={findings} what="findings" empty={(page) => (page.total === 0 ? 'No finding with this status.' : null)}>
        {() =>
          byCategory.map(([category, items]) => (
            <div className="card" key={category}>
              <h2>
                {humanize(category)} <span className="muted">· {items.length} · {sumText(items)}</span>
              </h2>
              <ul className="plain findings">
                {items.map((finding) => (
                  <FindingItem key={finding.id} finding={finding} editable={canChange(user, 'billing')} onChanged={findings.reload} />
                ))}
              </ul>
            </div>
          ))
        }
      </Guard>
    </section>
  );
}

function Coverage({ run }: { run: Run }) {
  const { coverage } = run;
  const complete = coverage.unmatchedRows === 0;
  return (
    <p className={`banner ${complete ? 'ok' : 'warn'}`} role="status">
      {run.period}: {coverage.matchedRows} of {coverage.microsoftRows} Microsoft rows compared (<Money amount={coverage.matchedAmount} /> of <Money amount={coverage.microsoftAmount} />)
      {complete ? '.' : <> — {coverage.unmatchedRows} rows (<Money amount={coverage.unmatchedAmount} />) belong to no mapped client and were not compared.</>}
    </p>
  );
}

function FindingItem({ finding, editable, onChanged }: { finding: Finding; editable: boolean; onChanged: () => void }) {
  const [error, setError] = useState<string>();
  async function decide(status: 'accepted' | 'dismissed' | 'open') {
    const reason = status === 'open' ? null : window.prompt(status === 'accepted' ? 'Why accept it (what will be corrected)?' : 'Why dismiss it?');
    if (status !== 'open' && !reason) return;
    try {
      await api('POST', `/api/findings/${finding.id}/status`, { status, ...(reason ? { reason } : {}) });
      onChanged();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }
  return (
    <li>
      <details>
        <summary>
          <strong>
            <Money amount={finding.impact} currency={finding.currency} />
          </strong>{' '}
          {finding.direction} · {finding.accountId ? <Link to={`/accounts/${encodeURIComponent(finding.accountId)}`}>{finding.accountId}</Link> : finding.customerId} · {finding.productName ?? finding.subscriptionId} · {longDate(finding.from)} – {longDate(finding.until)} · {finding.microsoftSeats} billed vs {finding.invoicedSeats} invoiced
        </summary>
        <p>{finding.explanation}</p>
        <div className="evidence">
          <div>
            <h3>Microsoft billed</h3>
            <ul>
              {finding.evidence.microsoft.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </div>
          <div>
            <h3>Invoiced</h3>
            <ul>
              {finding.evidence.invoiced.length === 0 ? <li className="muted">nothing</li> : finding.evidence.invoiced.map((line) => <li key={line}>{line}</li>)}
            </ul>
          </div>
        </div>
        <p className="muted">Suggestion: {finding.suggestion}</p>
        {finding.statusReason ? <p className="muted">Decision: {finding.statusReason}</p> : null}
        {editable ? (
          <p className="actions">
            {finding.status === 'open' ? (
              <>
                <button type="button" onClick={() => void decide('accepted')}>
                  Accept
                </button>
                <button type="button" className="secondary" onClick={() => void decide('dismissed')}>
                  Dismiss
                </button>
              </>
            ) : (
              <button type="button" className="secondary" onClick={() => void decide('open')}>
                Reopen
              </button>
            )}
          </p>
        ) : null}
        <ErrorLine text={error} />
      </details>
    </li>
  );
}

function sumText(findings: readonly Finding[]): string {
  return totalsByCurrency(findings.map((finding) => ({ amount: finding.impact, currency: finding.currency })))
    .map(([currency, total]) => `${groupDigits(total)} ${currency}`)
    .join(' + ');
}
