import fc from 'fast-check';
import lengthVectors from '../../fixtures/string-lengths.json';
import { harness } from '../helpers';
import { schemaValidator } from '../schemaValidator';
import { codePointLength } from '../../../modules/src/core/eventData';
import type { MetricsEvent } from '../../../modules/src/core/types';

interface LengthVector {
	note: string;
	field: string;
	limit: number;
	parts: [ string, number ][];
	code_points: number;
	valid: boolean;
}

const vectors = lengthVectors.vectors as LengthVector[];

function valueOf( v: LengthVector ): string {
	return v.parts.map( ( [ text, count ] ) => text.repeat( count ) ).join( '' );
}

/**
 * What the client sends for the vector (with meta.dt as the intake adds it), or null when it sends nothing.
 *
 * @param v
 */
function submitted( v: LengthVector ): MetricsEvent | null {
	const h = harness( false );
	const value = valueOf( v );
	if ( v.field === 'action' ) {
		h.client.submitInteraction( 'any.stream', lengthVectors.schema, value, { action_source: 'x' } );
	} else {
		h.client.submitInteraction( 'any.stream', lengthVectors.schema, 'click', { [ v.field ]: value } );
	}
	const event = h.sent[ 0 ];
	return event ? Object.assign( {}, event, { meta: Object.assign( {}, event.meta, { dt: '2026-11-23T12:00:01.000Z' } ) } ) : null;
}

QUnit.module( 'contract/string lengths (code points, as JSON Schema counts)', () => {
	QUnit.test( 'every limited field of the schema is covered, at and past its limit, with U+1F600', ( assert ) => {
		const fields = new Set( vectors.map( ( v ) => v.field ) );
		assert.deepEqual( Array.from( fields ).sort(), [ 'action', 'action_context', 'action_source', 'action_subtype', 'element_friendly_name', 'element_id', 'funnel_entry_token', 'funnel_name', 'instrument_name' ] );
		for ( const field of fields ) {
			const limit = vectors.find( ( v ) => v.field === field )!.limit;
			assert.true( vectors.some( ( v ) => v.field === field && v.valid && valueOf( v ) === '\u{1F600}'.repeat( limit ) ), `${ field }: ${ limit } × U+1F600 passes` );
			assert.true( vectors.some( ( v ) => v.field === field && !v.valid && valueOf( v ) === '\u{1F600}'.repeat( limit + 1 ) ), `${ field }: ${ limit + 1 } × U+1F600 is refused` );
		}
	} );

	QUnit.test( 'the client sends exactly the vectors marked valid', ( assert ) => {
		for ( const v of vectors ) {
			const event = submitted( v );
			assert.strictEqual( !!event, v.valid, `${ v.field }: ${ v.note }` );
		}
	} );

	QUnit.test( 'ajv on the shipped schema (the intake\'s validator) agrees with every vector', ( assert ) => {
		const validate = schemaValidator( lengthVectors.schema );
		for ( const v of vectors ) {
			// The event as a client would build it if it did not check lengths at all.
			const event = { $schema: lengthVectors.schema, action: 'click', agent: { client_platform: 'mediawiki_js', client_platform_family: 'desktop_browser' }, meta: { stream: 's', dt: '2026-11-23T12:00:01.000Z' }, dt: '2026-11-23T12:00:00.000Z', [ v.field ]: valueOf( v ) };
			const errors = validate( event );
			assert.strictEqual( errors.length === 0, v.valid, `${ v.field }: ${ v.note } ${ errors.join( '; ' ) }` );
		}
	} );

	QUnit.test( 'codePointLength counts as ajv does: pairs once, lone surrogates once', ( assert ) => {
		assert.strictEqual( codePointLength( '' ), 0 );
		assert.strictEqual( codePointLength( '\u{1F600}'.repeat( 3 ) ), 3 );
		assert.strictEqual( codePointLength( '\ud83d' ), 1, 'a lone high surrogate' );
		assert.strictEqual( codePointLength( '\ude00\ud83d' ), 2, 'low then high: not a pair' );
		assert.strictEqual( codePointLength( 'e\u0301' ), 2, 'a combining mark is its own code point' );
		for ( const v of vectors ) {
			assert.strictEqual( codePointLength( valueOf( v ) ), v.code_points, v.note );
		}
	} );

	QUnit.test( 'codePointLength counts what the string iterator counts, for any UTF-16 text, lone surrogates too (property)', ( assert ) => {
		const unit = fc.oneof( fc.constantFrom( '\ud83d', '\ude00', '\u{1F600}', 'e\u0301' ), fc.string( { unit: 'binary', minLength: 1, maxLength: 1 } ) );
		fc.assert( fc.property( fc.string( { unit, maxLength: 40 } ), ( s ) => codePointLength( s ) === Array.from( s ).length ), { numRuns: 5000 } );
		assert.true( true );
	} );
} );
