/**
 * The statistics the experiment report needs: chi-square goodness of fit (sample-ratio mismatch),
 * Wilson intervals for a rate, and Newcombe's hybrid score interval for a difference of rates.
 */

/** The two-sided 95 % normal quantile. */
const Z95 = 1.959963984540054;

/**
 * ln Γ(x), Lanczos approximation (|error| < 2e-10 for x > 0).
 *
 * @param x
 */
function logGamma( x: number ): number {
	const c = [ 76.18009172947146, -86.50532032941678, 24.01409824083091, -1.231739572450155, 0.001208650973866179, -0.5395239384953e-5 ];
	let y = x;
	const tmp = x + 5.5 - ( x + 0.5 ) * Math.log( x + 5.5 );
	let ser = 1.000000000190015;
	for ( const coefficient of c ) {
		ser += coefficient / ++y;
	}
	return -tmp + Math.log( 2.5066282746310007 * ser / x );
}

/**
 * Regularized upper incomplete gamma Q(a, x).
 *
 * @param a
 * @param x
 */
function gammaQ( a: number, x: number ): number {
	if ( x <= 0 ) {
		return 1;
	}
	if ( x < a + 1 ) {
		// Series for P, then Q = 1 − P.
		let sum = 1 / a;
		let term = sum;
		for ( let n = 1; n < 1000; n++ ) {
			term *= x / ( a + n );
			sum += term;
			if ( Math.abs( term ) < Math.abs( sum ) * 1e-15 ) {
				break;
			}
		}
		return 1 - sum * Math.exp( -x + a * Math.log( x ) - logGamma( a ) );
	}
	// Continued fraction for Q (Lentz).
	let b = x + 1 - a;
	let c = 1 / 1e-300;
	let d = 1 / b;
	let h = d;
	for ( let i = 1; i < 1000; i++ ) {
		const an = -i * ( i - a );
		b += 2;
		d = an * d + b;
		d = Math.abs( d ) < 1e-300 ? 1e-300 : d;
		c = b + an / c;
		c = Math.abs( c ) < 1e-300 ? 1e-300 : c;
		d = 1 / d;
		const delta = d * c;
		h *= delta;
		if ( Math.abs( delta - 1 ) < 1e-15 ) {
			break;
		}
	}
	return Math.exp( -x + a * Math.log( x ) - logGamma( a ) ) * h;
}

/**
 * Pearson's chi-square goodness of fit of observed counts to expected shares: the sample-ratio test.
 * A group with weight 0 expects no subjects: empty, it adds nothing (and no degree of freedom);
 * with subjects, the counts cannot come from the design and the answer is certain (statistic
 * Infinity, p = 0). df is the number of groups with a positive weight, minus one. Known answers:
 * tests/fixtures/report-statistics.json.
 *
 * @example chiSquareTest( [ 5100, 4900 ], [ 1, 1 ] ) // { statistic: 4, df: 1, p: 0.0455 }
 * @param observed counts per group (subjects)
 * @param weights expected relative shares per group, each ≥ 0, at least one > 0
 */
export function chiSquareTest( observed: number[], weights: number[] ): { statistic: number; df: number; p: number } {
	const total = observed.reduce( ( a, b ) => a + b, 0 );
	const weightSum = weights.reduce( ( a, b ) => a + b, 0 );
	let statistic = 0;
	let designed = 0;
	observed.forEach( ( o, i ) => {
		if ( weights[ i ] > 0 ) {
			designed++;
			const expected = total * weights[ i ] / weightSum;
			statistic += expected > 0 ? ( o - expected ) * ( o - expected ) / expected : 0;
		} else if ( o > 0 ) {
			statistic = Infinity;
		}
	} );
	const df = Math.max( 0, designed - 1 );
	if ( statistic === Infinity ) {
		return { statistic, df, p: 0 };
	}
	return { statistic, df, p: df > 0 && total > 0 ? gammaQ( df / 2, statistic / 2 ) : 1 };
}

/**
 * Wilson score interval for a proportion (95 %); [0, 1] when there are no trials. Newcombe (1998),
 * Stat Med 17:857, method 3.
 *
 * @example wilsonInterval( 81, 263 ) // [ 0.2553, 0.3662 ]
 * @param successes
 * @param n trials
 */
export function wilsonInterval( successes: number, n: number ): [ number, number ] {
	if ( n === 0 ) {
		return [ 0, 1 ];
	}
	const p = successes / n;
	const denominator = 1 + Z95 * Z95 / n;
	const centre = ( p + Z95 * Z95 / ( 2 * n ) ) / denominator;
	const half = Z95 * Math.sqrt( p * ( 1 - p ) / n + Z95 * Z95 / ( 4 * n * n ) ) / denominator;
	return [ Math.max( 0, centre - half ), Math.min( 1, centre + half ) ];
}

/**
 * Difference of two proportions (other − reference) with a 95 % interval by Newcombe's hybrid score
 * method (Stat Med 1998, 17:873, method 10), built from the two Wilson intervals: unlike the Wald
 * interval it keeps its width when a group has no successes (or all). Null when a group has no
 * subjects: there is nothing to compare.
 *
 * @example differenceInterval( [ 48, 80 ], [ 56, 70 ] ) // { difference: 0.2, low: 0.0524, high: 0.3339 }
 * @param reference [ successes, n ] of the reference group
 * @param other [ successes, n ] of the other group
 */
export function differenceInterval( reference: [ number, number ], other: [ number, number ] ): { difference: number; low: number; high: number } | null {
	if ( !reference[ 1 ] || !other[ 1 ] ) {
		return null;
	}
	const p1 = other[ 0 ] / other[ 1 ];
	const p2 = reference[ 0 ] / reference[ 1 ];
	const [ l1, u1 ] = wilsonInterval( other[ 0 ], other[ 1 ] );
	const [ l2, u2 ] = wilsonInterval( reference[ 0 ], reference[ 1 ] );
	const difference = p1 - p2;
	return {
		difference,
		low: difference - Math.sqrt( ( p1 - l1 ) * ( p1 - l1 ) + ( u2 - p2 ) * ( u2 - p2 ) ),
		high: difference + Math.sqrt( ( u1 - p1 ) * ( u1 - p1 ) + ( p2 - l2 ) * ( p2 - l2 ) ),
	};
}
