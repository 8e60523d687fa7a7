/** Results and the daily results time series of a web experiment (contracts: ExperimentResults, ExperimentResultsTimeSeries). */
import Type from 'typebox';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A UTC calendar day, YYYY-MM-DD.' });

export const ResultsQuery = Type.Object({
  eventName: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Conversion event to count; the primary metric\'s event when omitted.' })),
});

export const TimeSeriesQuery = Type.Object({
  ...ResultsQuery.properties,
  startDate: Type.Optional({ ...Day, description: 'Inclusive first day; defaults to (and is clamped to) the experiment start.' }),
  endDate: Type.Optional({ ...Day, description: 'Inclusive last day; defaults to the stop day or today, clamped to them. At most 366 days after startDate.' }),
});

export const ExperimentResults = Type.Object({
  variants: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      isControl: Type.Boolean(),
      impressions: Type.Integer({ description: 'Visitors exposed to the variant.' }),
      conversions: Type.Integer({ description: 'Exposed visitors who converted on the event afterwards.' }),
      conversionRate: Type.Number(),
      probabilityToBeBest: Type.Number({ description: 'Bayesian probability that this variant has the highest conversion rate.' }),
    }),
  ),
});

export const ExperimentResultsTimeSeries = Type.Object({
  days: Type.Array(
    Type.Object({
      date: Type.String({ format: 'date' }),
      variants: Type.Array(
        Type.Object({
          id: Type.String(),
          impressions: Type.Integer({ description: 'Visitors first exposed that day.' }),
          conversions: Type.Integer({ description: 'Visitors whose first conversion fell on that day.' }),
          conversionRate: Type.Number({ description: 'conversions / impressions of that day (0 without impressions).' }),
        }),
      ),
    }),
  ),
});
