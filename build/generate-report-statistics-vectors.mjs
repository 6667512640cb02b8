#!/usr/bin/env node
/**
 * Writes tests/fixtures/report-statistics.json: known answers for the experiment report's
 * statistics, each with its derivation. Nothing here calls the report's code: chi-square p-values
 * come from closed forms of the chi-square survival function (even df: e^(−x/2) Σ_{i<df/2}
 * (x/2)^i / i!; df 1: 2(1 − Φ(√x)), whose values are the published normal-table ones), intervals
 * from the published tables of Newcombe (1998), checked against the closed forms written beside
 * them. Usage: node build/generate-report-statistics-vectors.mjs
 */
import { writeFileSync } from 'node:fs';

/**
 * Survival function of chi-square with an even number of degrees of freedom (closed form).
 *
 * @param {number} x the statistic
 * @param {number} df even
 * @return {number}
 */
function evenDfSurvival( x, df ) {
	let term = 1;
	let sum = 1;
	for ( let i = 1; i < df / 2; i++ ) {
		term *= ( x / 2 ) / i;
		sum += term;
	}
	return Math.exp( -x / 2 ) * sum;
}

/**
 * Pearson's statistic, written out per vector in the derivation too.
 *
 * @param {number[]} observed
 * @param {number[]} weights
 * @return {number}
 */
function pearson( observed, weights ) {
	const total = observed.reduce( ( a, b ) => a + b, 0 );
	const weightSum = weights.reduce( ( a, b ) => a + b, 0 );
	return observed.reduce( ( sum, o, i ) => {
		const e = total * weights[ i ] / weightSum;
		return e > 0 ? sum + ( o - e ) * ( o - e ) / e : sum;
	}, 0 );
}

const srm = [];
function even( note, observed, weights, derivation ) {
	const df = weights.filter( ( w ) => w > 0 ).length - 1;
	const statistic = pearson( observed, weights );
	srm.push( { note, observed, weights, statistic, df, p: evenDfSurvival( statistic, df ), derivation } );
}

// df 1: P(χ²₁ > z²) = P(|Z| > z) = 2(1 − Φ(z)), from the standard normal table.
srm.push( { note: 'two equal groups, 5050 vs 4950', observed: [ 5050, 4950 ], weights: [ 1, 1 ], statistic: 1, df: 1, p: 0.3173105078629141,
	derivation: 'expected 5000 each; χ² = (50² + 50²)/5000 = 1; p = P(|Z| > 1) = 2(1 − Φ(1)) = 0.3173105078629141 (normal table)' } );
srm.push( { note: 'two equal groups, 5100 vs 4900', observed: [ 5100, 4900 ], weights: [ 1, 1 ], statistic: 4, df: 1, p: 0.04550026389635842,
	derivation: 'expected 5000 each; χ² = (100² + 100²)/5000 = 4; p = P(|Z| > 2) = 2(1 − Φ(2)) = 0.0455002638963584 (normal table)' } );
srm.push( { note: 'weights 9:1, 880 vs 120 of 1000', observed: [ 880, 120 ], weights: [ 9, 1 ], statistic: 40 / 9, df: 1, p: 0.03501498101966245,
	derivation: 'expected 900 and 100; χ² = 20²/900 + 20²/100 = 4/9 + 4 = 40/9; √χ² = 2.108185…; p = 2(1 − Φ(2.108185)) = 0.035015 (normal table)' } );
srm.push( { note: 'weights 9:1, exactly as designed', observed: [ 900, 100 ], weights: [ 9, 1 ], statistic: 0, df: 1, p: 1,
	derivation: 'observed = expected: χ² = 0, p = 1' } );
srm.push( { note: 'a lost arm: 1000 control, 0 treatment, equal weights', observed: [ 1000, 0 ], weights: [ 1, 1 ], statistic: 1000, df: 1, p: 0,
	p_below: 1e-200, derivation: 'expected 500 each; χ² = 500²/500 + 500²/500 = 1000; p = 2(1 − Φ(√1000 = 31.6)) < 1e-200 (the normal tail beyond 31.6σ is about e^−500)' } );
srm.push( { note: 'weight 0 honoured: a group designed empty and empty', observed: [ 500, 500, 0 ], weights: [ 1, 1, 0 ], statistic: 0, df: 1, p: 1,
	derivation: 'the weight-0 group expects 0 and has 0: it adds nothing and no degree of freedom; χ² = 0 over the two others, df 1, p = 1' } );
srm.push( { note: 'weight 0 honoured: subjects in a group designed empty', observed: [ 500, 500, 3 ], weights: [ 1, 1, 0 ], statistic: null, df: 1, p: 0,
	derivation: 'a group with weight 0 expects no subjects; 3 observed cannot happen under the design: a mismatch with certainty (p = 0), whatever the other groups show' } );
// Even df: closed form.
even( 'three equal groups, 1100 / 900 / 1000', [ 1100, 900, 1000 ], [ 1, 1, 1 ],
	'expected 1000 each; χ² = (100² + 100² + 0)/1000 = 20, df 2; p = e^(−20/2) = e^−10 = 4.5399929762484854e-5' );
even( 'three equal groups, 1060 / 940 / 1000', [ 1060, 940, 1000 ], [ 1, 1, 1 ],
	'expected 1000 each; χ² = (60² + 60²)/1000 = 7.2, df 2; p = e^−3.6 = 0.02732372244729256' );
even( 'five groups 2:1:1:1:1 of 6000', [ 2000, 1000, 1100, 900, 1000 ], [ 2, 1, 1, 1, 1 ],
	'expected 2000, 1000, 1000, 1000, 1000; χ² = (100² + 100²)/1000 = 20, df 4; p = e^−10 (1 + 10) = 11 e^−10 = 4.9939922738733e-4' );
even( 'three groups, one missing entirely (a lost arm among three)', [ 1000, 1000, 0 ], [ 1, 1, 1 ],
	'expected 666.67 each; χ² = 2 × 333.33²/666.67 + 666.67 = 1000, df 2; p = e^−500 ≈ 7.1e-218' );

const wilson = [
	// Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of seven
	// methods. Stat Med 1998;17:857–872, Table I, method 3 (Wilson score, no continuity correction).
	{ successes: 81, n: 263, low: 0.2553, high: 0.3662, tolerance: 5e-5, derivation: 'Newcombe 1998 (Stat Med 17:857) Table I, method 3; closed form (x + z²/2 ± z √(x(n−x)/n + z²/4)) / (n + z²), z = 1.959964' },
	{ successes: 15, n: 148, low: 0.0624, high: 0.1605, tolerance: 5e-5, derivation: 'Newcombe 1998 Table I, method 3' },
	{ successes: 0, n: 20, low: 0, high: 0.1611, tolerance: 5e-5, derivation: 'Newcombe 1998 Table I, method 3; for x = 0 the closed form gives low 0 and high z²/(n + z²) = 3.8415/23.8415' },
	{ successes: 1, n: 29, low: 0.0061, high: 0.1718, tolerance: 5e-5, derivation: 'Newcombe 1998 Table I, method 3' },
	{ successes: 20, n: 20, low: 0.8389, high: 1, tolerance: 5e-5, derivation: 'the mirror of 0/20: low = n/(n + z²) = 20/23.8415 = 0.8389, high 1' },
	{ successes: 0, n: 0, low: 0, high: 1, tolerance: 0, derivation: 'no subjects: nothing is known, the interval is all of [0, 1]' }
];

const difference = [
	// Newcombe RG. Interval estimation for the difference between independent proportions:
	// comparison of eleven methods. Stat Med 1998;17:873–890, Table II, method 10 (hybrid score).
	// The report's difference is other − reference, so the paper's p1 is the other group.
	{ reference: [ 48, 80 ], other: [ 56, 70 ], difference: 0.2, low: 0.0524, high: 0.3339, tolerance: 5e-5, derivation: 'Newcombe 1998 (Stat Med 17:873) Table II, 56/70 − 48/80, method 10: d − √((p1 − l1)² + (u2 − p2)²), d + √((u1 − p1)² + (p2 − l2)²) with Wilson limits l, u' },
	{ reference: [ 3, 10 ], other: [ 9, 10 ], difference: 0.6, low: 0.1705, high: 0.8090, tolerance: 5e-5, derivation: 'Newcombe 1998 Table II, 9/10 − 3/10, method 10' },
	{ reference: [ 2, 7 ], other: [ 6, 7 ], difference: 4 / 7, low: 0.0582, high: 0.8062, tolerance: 5e-5, derivation: 'Newcombe 1998 Table II, 6/7 − 2/7, method 10' },
	{ reference: [ 0, 29 ], other: [ 5, 56 ], difference: 5 / 56, low: -0.0381, high: 0.1926, tolerance: 5e-5, derivation: 'Newcombe 1998 Table II, 5/56 − 0/29, method 10: unlike the Wald interval it does not collapse when a group has no successes' },
	{ reference: [ 0, 10 ], other: [ 0, 10 ], difference: 0, low: -0.2775, high: 0.2775, tolerance: 5e-5, derivation: 'both 0/10: Wilson upper limit u = z²/(n + z²) = 3.8415/13.8415 = 0.2775 each; the interval is ±√(0 + u²) = ±0.2775' }
];

writeFileSync( new URL( '../tests/fixtures/report-statistics.json', import.meta.url ), JSON.stringify( {
	description: 'Known answers for the experiment report: the sample-ratio chi-square test (Pearson, over the declared groups and weights; a weight of 0 expects no subjects), the 95 % Wilson interval of a rate and the 95 % Newcombe hybrid-score interval of a difference of rates (other − reference). Each vector says where its answer comes from. p_below, when present, is an upper bound that replaces the exact p.',
	srm,
	wilson,
	difference
}, null, '\t' ) + '\n' );
console.log( `Wrote ${ srm.length } sample-ratio, ${ wilson.length } Wilson and ${ difference.length } difference vectors.` );
