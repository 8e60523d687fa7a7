/**
 * Ours Privacy results from the core results service: per variant impressions (visitors),
 * conversions (converters of the event), the conversion rate and the probability to be best;
 * and per UTC day what each day added. Also the startDate/endDate rules of the time series.
 */
import { variationMetric, type ExperimentResults } from '../../../commands/results/experiment-results.js';
import { invalid } from '../../../core/errors.js';
import { endOfUtcDay, parseUtcDay } from '../../../core/experiment/results-window.js';
import type { WebExperiment } from '../../../store/read/web-experiments.js';

const MAX_DAYS = 366;
const DAY_MS = 86_400_000;
const rate = (conversions: number, impressions: number) => (impressions > 0 ? conversions / impressions : 0);

export function resultsOut(found: WebExperiment, r: ExperimentResults) {
  const metric = r.metrics[0];
  const variants = found.web.variants;
  return {
    variants: variants.map((v) => {
      const view = metric ? variationMetric(r, metric, v.variationId) : null;
      const impressions = view?.cell.visitors ?? 0;
      const conversions = view?.cell.converters ?? 0;
      return {
        id: v.publicId,
        name: v.name,
        isControl: v.isControl,
        impressions,
        conversions,
        conversionRate: rate(conversions, impressions),
        // Without data every variant is as likely to be best as any other.
        probabilityToBeBest: view?.stats?.probabilityToBeBest ?? 1 / Math.max(1, variants.length),
      };
    }),
  };
}

export function timeSeriesOut(found: WebExperiment, r: ExperimentResults) {
  const metric = r.metrics[0];
  return {
    days: r.series.map((day) => ({
      date: day.date,
      variants: found.web.variants.map((v) => {
        const cell = metric ? variationMetric(r, metric, v.variationId, { counts: day.added, analysis: null }).cell : null;
        const impressions = cell?.visitors ?? 0;
        const conversions = cell?.converters ?? 0;
        return { id: v.publicId, impressions, conversions, conversionRate: rate(conversions, impressions) };
      }),
    })),
  };
}

/**
 * The time window in ms of startDate..endDate (inclusive UTC days). A missing bound defaults to
 * the run's first day, or to its stop day or today; the core then clamps both to the run.
 */
export function dateWindow(q: { startDate?: string; endDate?: string }, run: { startedAt: string | null; stoppedAt: string | null }, now: number): { start: number; end: number } {
  const day = (field: 'startDate' | 'endDate', text: string | undefined): number | null => {
    if (text === undefined) return null;
    const ms = parseUtcDay(text);
    if (ms === null) throw invalid(field, `${JSON.stringify(text)} is not a calendar day in YYYY-MM-DD form`);
    return ms;
  };
  const runStart = run.startedAt === null ? now : Date.parse(run.startedAt);
  const runEnd = run.stoppedAt === null ? now : Date.parse(run.stoppedAt);
  const start = day('startDate', q.startDate) ?? runStart - (runStart % DAY_MS);
  const lastDay = day('endDate', q.endDate) ?? runEnd - (runEnd % DAY_MS);
  if (lastDay < start) throw invalid('endDate', 'must not be before startDate');
  const days = Math.round((lastDay - start) / DAY_MS) + 1;
  if (days > MAX_DAYS) throw invalid('endDate', `the window from startDate to endDate is ${days} days; at most ${MAX_DAYS} are allowed`);
  return { start, end: endOfUtcDay(lastDay) };
}
