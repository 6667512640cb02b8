import type { CheckSteps } from './checkQuery';
import { count } from './checkedTable';
import type { Outcome } from './rowChecks';

/** What a sample shows in place of a value of a `drop` column. */
export const DROP_VALUE_HIDDEN = '(drop column: value not kept)';

/**
 * A check of a `drop` column without the column's values in its result: the counts stay, the values
 * in `observed` (the other values of accepted_values) and in the samples of failing rows go. Why: a
 * `drop` column's values are emptied once past the stream's retention, but check results are kept
 * 90 days and shown in the dataset documentation (to readers of the catalog), longer and wider than
 * the values themselves may live.
 *
 * @param steps the check's steps
 * @param column the checked column (tagged `drop`)
 * @yield {CheckQuery} the check's queries, unchanged
 */
export function* withoutDropValues( steps: CheckSteps<Outcome>, column: string ): CheckSteps<Outcome> {
	const outcome = yield* steps;
	return Object.assign( {}, outcome, {
		observed: outcome.check === 'accepted_values' && outcome.value ? `${ count( outcome.value ) } rows with other values (not listed: ${ column } is a drop column)` : outcome.observed,
		failing: outcome.failing.map( ( sample ) => ( column in sample ? Object.assign( {}, sample, { [ column ]: DROP_VALUE_HIDDEN } ) : sample ) ),
	} );
}
