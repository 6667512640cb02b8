import fc from 'fast-check';
import { copyEventData, interactionProblem, MAX_DATA_LENGTH, MAX_DEPTH } from '../../../modules/src/core/eventData';

QUnit.module( 'core/eventData', () => {
	QUnit.test( 'JSON data is copied exactly and never shared', ( assert ) => {
		fc.assert( fc.property( fc.dictionary( fc.string(), fc.jsonValue( { maxDepth: 5 } ) ), ( data ) => {
			const frozen = JSON.stringify( data );
			const result = copyEventData( data );
			if ( result.problem !== undefined ) {
				return frozen.length > MAX_DATA_LENGTH / 2 || result.problem.includes( 'nested' );
			}
			return JSON.stringify( result.value ) === frozen && ( Object.keys( data ).length === 0 || result.value !== data );
		} ), { numRuns: 500 } );
		assert.true( true );
	} );

	QUnit.test( 'unusable data is refused with a reason naming the field', ( assert ) => {
		const circular: Record<string, unknown> = { a: 1 };
		circular.self = circular;
		const deep: Record<string, unknown> = {};
		let cursor = deep;
		for ( let i = 0; i < MAX_DEPTH + 2; i++ ) {
			cursor.next = {};
			cursor = cursor.next as Record<string, unknown>;
		}
		const cases: [ unknown, string ][] = [
			[ circular, 'self refers to itself' ],
			[ { f: () => 1 }, 'f is a function' ],
			[ { n: NaN }, 'n is NaN' ],
			[ { i: Infinity }, 'i is Infinity' ],
			[ { u: undefined }, 'u is undefined' ],
			[ { d: new Date( 0 ) }, 'd is not a plain object' ],
			[ { list: [ 1, Symbol( 's' ) ] }, 'list[1] is a symbol' ],
			[ { big: 'x'.repeat( MAX_DATA_LENGTH ) }, 'characters' ],
			[ deep, 'nested' ],
			[ 'text', 'a string' ],
			[ [ 1 ], 'an array' ],
		];
		for ( const [ data, reason ] of cases ) {
			const result = copyEventData( data );
			assert.true( !!result.problem && result.problem.includes( reason ), `${ reason }: ${ result.problem }` );
		}
	} );

	QUnit.test( 'getters that throw are reported, not thrown', ( assert ) => {
		const data = {};
		Object.defineProperty( data, 'boom', { enumerable: true, get() {
			throw new Error( 'nope' );
		} } );
		const result = copyEventData( data );
		assert.true( !!result.problem && result.problem.includes( 'nope' ) );
	} );

	QUnit.test( 'null-prototype objects are plain', ( assert ) => {
		const data = Object.create( null );
		data.a = 1;
		assert.deepEqual( copyEventData( data ).value, { a: 1 } );
	} );

	QUnit.test( 'interaction limits of the monoschema, at and past each limit', ( assert ) => {
		const limits: Record<string, number> = { action: 64, action_subtype: 64, action_source: 64, action_context: 8192, element_id: 64, element_friendly_name: 64, funnel_name: 64, funnel_entry_token: 80, instrument_name: 255 };
		for ( const field of Object.keys( limits ) ) {
			assert.strictEqual( interactionProblem( { [ field ]: 'x'.repeat( limits[ field ] ) } ), null, `${ field } at ${ limits[ field ] }` );
			assert.true( String( interactionProblem( { [ field ]: 'x'.repeat( limits[ field ] + 1 ) } ) ).includes( field ), `${ field } past the limit` );
			assert.true( String( interactionProblem( { [ field ]: 5 } ) ).includes( 'not a string' ), `${ field } as a number` );
		}
		assert.strictEqual( interactionProblem( { funnel_event_sequence_position: 1 } ), null );
		for ( const bad of [ 0, -1, 1.5, '2' ] ) {
			assert.true( String( interactionProblem( { funnel_event_sequence_position: bad } ) ).includes( 'funnel_event_sequence_position' ), String( bad ) );
		}
	} );
} );
