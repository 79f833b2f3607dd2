/** One bar row of the timeline: a subscription's current term and, after the plan, its aligned term. */
export interface TimelineRow {
  readonly id: string;
  readonly label: string;
  readonly detail: string;
  readonly start: string | null;
  readonly end: string | null;
  readonly kind: string;
  /** What the co-term plan does to it: the aligned term from `on` to `alignedEnd`. */
  readonly planned: { readonly start: string; readonly end: string; readonly action: string } | null;
}

const ROW_HEIGHT = 30;
const LABEL_WIDTH = 230;
const WIDTH = 1000;

/** Day number of a YYYY-MM-DD date (UTC), for placing bars; the dates themselves come from the server. */
function day(iso: string): number {
  const [year = 0, month = 1, date = 1] = iso.split('-').map(Number);
  return Date.UTC(year, month - 1, date) / 86_400_000;
}

/**
 * Every subscription's terms on one axis (Gantt-like), with the anchor date
 * drawn: before the co-term plan (current terms) or after it (each aligned
 * term, hatched, ending on the anchor).
 */
export function Timeline({ rows, anchor, today, after }: { rows: readonly TimelineRow[]; anchor: string | null; today: string; after: boolean }) {
  const dated = rows.filter((row) => row.start && row.end);
  if (dated.length === 0) return <p className="state empty">No subscription with a term to draw.</p>;
  const edges = dated.flatMap((row) => [day(row.start ?? today), day(row.end ?? today), ...(after && row.planned ? [day(row.planned.start), day(row.planned.end)] : [])]);
  if (anchor) edges.push(day(anchor));
  const from = Math.min(...edges, day(today)) - 15;
  const to = Math.max(...edges, day(today)) + 15;
  const x = (value: number) => LABEL_WIDTH + ((value - from) / (to - from)) * (WIDTH - LABEL_WIDTH - 10);
  const height = dated.length * ROW_HEIGHT + 40;
  const years: number[] = [];
  for (let year = new Date(from * 86_400_000).getUTCFullYear() + 1; Date.UTC(year, 0, 1) / 86_400_000 < to; year += 1) years.push(year);
  return (
    <div className="timeline-wrap">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} className="timeline" role="img" aria-label={`Terms of ${dated.length} subscriptions${anchor ? `, anchor ${anchor}` : ''}${after ? ', after the co-term plan' : ''}`}>
        <defs>
          <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" className="hatch-bg" />
            <line x1="0" y1="0" x2="0" y2="6" className="hatch-line" />
          </pattern>
        </defs>
        {years.map((year) => {
          const position = x(Date.UTC(year, 0, 1) / 86_400_000);
          return (
            <g key={year}>
              <line x1={position} x2={position} y1={0} y2={height - 20} className="gridline" />
              <text x={position + 3} y={height - 6} className="axis">
                {year}
              </text>
            </g>
          );
        })}
        <line x1={x(day(today))} x2={x(day(today))} y1={0} y2={height - 20} className="today" />
        {anchor ? (
          <g>
            <line x1={x(day(anchor))} x2={x(day(anchor))} y1={0} y2={height - 20} className="anchor" />
            <text x={x(day(anchor)) + 3} y={12} className="anchor-label">
              anchor {anchor}
            </text>
          </g>
        ) : null}
        {dated.map((row, index) => {
          const y = 20 + index * ROW_HEIGHT;
          const start = x(day(row.start ?? today));
          const end = x(day(row.end ?? today) + 1);
          return (
            <g key={row.id}>
              <title>{`${row.label}: ${row.start} – ${row.end}${row.planned ? `; plan: ${row.planned.action} ${row.planned.start} – ${row.planned.end}` : ''}`}</title>
              <text x={4} y={y + 14} className="row-label">
                {row.label.length > 30 ? `${row.label.slice(0, 29)}…` : row.label}
              </text>
              <text x={4} y={y + 25} className="row-detail">
                {row.detail}
              </text>
              <rect x={start} y={y + 3} width={Math.max(end - start, 2)} height={ROW_HEIGHT - 12} rx={3} className={`bar kind-${row.kind}`} />
              {after && row.planned ? (
                <rect x={x(day(row.planned.start))} y={y + 3} width={Math.max(x(day(row.planned.end) + 1) - x(day(row.planned.start)), 2)} height={ROW_HEIGHT - 12} rx={3} className="bar planned" fill="url(#hatch)" />
              ) : null}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
