/**
 * The statistics the experiment report needs: chi-square goodness of fit (sample-ratio mismatch),
 * Wilson intervals for a rate, and a Wald interval for a difference of rates.
 */

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
 * Chi-square goodness of fit of observed counts to expected shares.
 *
 * @example chiSquareTest( [ 5000, 5000 ], [ 1, 1 ] ).p // 1
 * @param observed counts per group
 * @param weights expected relative shares per group
 */
export function chiSquareTest( observed: number[], weights: number[] ): { statistic: number; df: number; p: number } {
	const total = observed.reduce( ( a, b ) => a + b, 0 );
	const weightSum = weights.reduce( ( a, b ) => a + b, 0 );
	let statistic = 0;
	observed.forEach( ( o, i ) => {
		const expected = total * weights[ i ] / weightSum;
		statistic += expected > 0 ? ( o - expected ) * ( o - expected ) / expected : 0;
	} );
	const df = observed.length - 1;
	return { statistic, df, p: df > 0 && total > 0 ? gammaQ( df / 2, statistic / 2 ) : 1 };
}

/**
 * Wilson score interval for a proportion (95 %).
 *
 * @param successes
 * @param n trials
 */
export function wilsonInterval( successes: number, n: number ): [ number, number ] {
	if ( n === 0 ) {
		return [ 0, 1 ];
	}
	const z = 1.959963984540054;
	const p = successes / n;
	const denominator = 1 + z * z / n;
	const centre = ( p + z * z / ( 2 * n ) ) / denominator;
	const half = z * Math.sqrt( p * ( 1 - p ) / n + z * z / ( 4 * n * n ) ) / denominator;
	return [ Math.max( 0, centre - half ), Math.min( 1, centre + half ) ];
}

/**
 * Difference of two proportions (b − a) with a 95 % Wald interval.
 *
 * @param a [ successes, n ] of the reference group
 * @param b [ successes, n ] of the other group
 */
export function differenceInterval( a: [ number, number ], b: [ number, number ] ): { difference: number; low: number; high: number } {
	const pa = a[ 1 ] ? a[ 0 ] / a[ 1 ] : 0;
	const pb = b[ 1 ] ? b[ 0 ] / b[ 1 ] : 0;
	const se = Math.sqrt( ( a[ 1 ] ? pa * ( 1 - pa ) / a[ 1 ] : 0 ) + ( b[ 1 ] ? pb * ( 1 - pb ) / b[ 1 ] : 0 ) );
	const difference = pb - pa;
	return { difference, low: difference - 1.959963984540054 * se, high: difference + 1.959963984540054 * se };
}
