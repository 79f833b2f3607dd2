import { useMemo } from 'react';
import { useApi } from '../api.ts';
import { Chart } from '../components/chart.tsx';
import { Money } from '../components/format.tsx';
import { Guard } from '../components/states.tsx';

interface Kpi {
  readonly key: string;
  readonly label: string;
  readonly value: string | null;
  readonly unit: 'percent' | 'days' | 'per_100';
  readonly target: { readonly text: string; readonly value: string; readonly comparison: string };
  readonly onTarget: boolean | null;
  readonly explanation: { readonly text?: string; readonly formula?: string };
  readonly trend: { readonly period: string; readonly value: string | null }[];
}

interface Report {
  readonly asOf: string;
  readonly currency: string;
  readonly months: number;
  readonly kpis: Kpi[];
  readonly waterfall: { from: string; to: string; currency: string; starting: string; expansion: string; contraction: string; churn: string; new: string; ending: string; explanation: { text?: string } };
}

const UNIT: Record<Kpi['unit'], string> = { percent: '%', days: ' days', per_100: ' per 100' };

/** The six KPIs against their targets with their trends, and the MRR waterfall; the feeds a BI tool reads. */
export function KpiPage() {
  const loaded = useApi<Report>('/api/kpis');
  return (
    <section>
      <h1>KPIs</h1>
      <Guard loaded={loaded} what="the KPIs">
        {(report) => (
          <>
            <p className="muted">
              As of {report.asOf}, over the last {report.months} months, in {report.currency}. Feeds for Power BI: <a href="/api/kpis/feed.csv">KPIs (CSV)</a> · <a href="/api/kpis/feed.json">KPIs (JSON)</a> · <a href="/api/kpis/mrr-movements.csv">MRR movements (CSV)</a>
            </p>
            <div className="kpis">
              {report.kpis.map((kpi) => (
                <KpiCard key={kpi.key} kpi={kpi} />
              ))}
            </div>
            <Waterfall waterfall={report.waterfall} />
          </>
        )}
      </Guard>
    </section>
  );
}

function KpiCard({ kpi }: { kpi: Kpi }) {
  const option = useMemo(
    () => ({
      grid: { left: 36, right: 8, top: 8, bottom: 24 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: kpi.trend.map((point) => point.period), axisLabel: { fontSize: 10 } },
      yAxis: { type: 'value', scale: true, axisLabel: { fontSize: 10 } },
      series: [{ type: 'line', data: kpi.trend.map((point) => (point.value === null ? null : Number(point.value))), connectNulls: false, markLine: { silent: true, symbol: 'none', data: [{ yAxis: Number(kpi.target.value) }], lineStyle: { type: 'dashed' } } }],
    }),
    [kpi],
  );
  const state = kpi.onTarget === null ? 'unknown' : kpi.onTarget ? 'met' : 'missed';
  return (
    <article className={`card kpi kpi-${state}`} aria-labelledby={`kpi-${kpi.key}`}>
      <h2 id={`kpi-${kpi.key}`}>{kpi.label}</h2>
      <p className="kpi-value">
        {kpi.value === null ? '–' : `${kpi.value}${UNIT[kpi.unit]}`}{' '}
        <span className={`badge target-${state}`}>{state === 'unknown' ? 'no data' : state === 'met' ? 'on target' : 'off target'}</span>
      </p>
      <p className="muted">Target {kpi.target.text}</p>
      <Chart option={option} label={`${kpi.label} trend: ${kpi.trend.map((point) => `${point.period} ${point.value ?? 'no data'}`).join(', ')}`} height={130} />
      {kpi.explanation.text ? (
        <details>
          <summary>How it is computed</summary>
          <p className="explanation">{kpi.explanation.text}</p>
        </details>
      ) : null}
    </article>
  );
}

function Waterfall({ waterfall }: { waterfall: Report['waterfall'] }) {
  const option = useMemo(() => {
    const steps: [string, string, 1 | -1][] = [
      ['Starting', waterfall.starting, 1],
      ['Expansion', waterfall.expansion, 1],
      ['New', waterfall.new, 1],
      ['Contraction', waterfall.contraction, -1],
      ['Churn', waterfall.churn, -1],
    ];
    let level = 0;
    const base: number[] = [];
    const change: number[] = [];
    for (const [name, amount, sign] of steps) {
      const value = Number(amount);
      if (name === 'Starting') {
        base.push(0);
        level = value;
      } else if (sign > 0) {
        base.push(level);
        level += value;
      } else {
        level -= value;
        base.push(level);
      }
      change.push(value);
    }
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 70, right: 10, top: 10, bottom: 30 },
      xAxis: { type: 'category', data: [...steps.map(([name]) => name), 'Ending'] },
      yAxis: { type: 'value' },
      series: [
        { type: 'bar', stack: 'mrr', itemStyle: { color: 'transparent' }, data: [...base, 0], tooltip: { show: false } },
        { type: 'bar', stack: 'mrr', data: [...change, Number(waterfall.ending)], label: { show: true, position: 'top' } },
      ],
    };
  }, [waterfall]);
  return (
    <div className="card">
      <h2>
        MRR waterfall, {waterfall.from} → {waterfall.to}
      </h2>
      <p>
        Starting <Money amount={waterfall.starting} currency={waterfall.currency} /> + expansion <Money amount={waterfall.expansion} /> + new <Money amount={waterfall.new} /> − contraction <Money amount={waterfall.contraction} /> − churn <Money amount={waterfall.churn} /> = ending{' '}
        <Money amount={waterfall.ending} currency={waterfall.currency} />
      </p>
      <Chart option={option} label="MRR waterfall: starting, expansion, new, contraction, churn, ending" height={260} />
    </div>
  );
}
