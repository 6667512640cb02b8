import { createHash } from 'node:crypto';
import fc from 'fast-check';
import assignmentVectors from '../../fixtures/assignment.json';
import experimentVectors from '../../fixtures/experiments.json';
import { assign, assignFromPosition, ExperimentGroup, subjectPosition } from '../../../modules/src/core/assignment';
import { evaluateExperiment, evaluateFlag, ExperimentConfig, experimentProblem, FlagConfig, flagProblem, parseEnrollmentHeader, parseOverrides, targetingView } from '../../../modules/src/core/experiments';
import type { ContextAttributes, JsonValue } from '../../../modules/src/core/types';

const groupsArb = fc.array( fc.record( { name: fc.constantFrom( 'a', 'b', 'c', 'd' ), weight: fc.option( fc.double( { min: 0.01, max: 10, noNaN: true } ), { nil: undefined } ) } ), { minLength: 1, maxLength: 4 } )
	.map( ( gs ) => gs.map( ( g, i ) => ( { name: g.name + i, weight: g.weight } ) ) );

QUnit.module( 'core/experiments', () => {
	QUnit.test( 'subject position: sha256 (@noble/hashes) as node:crypto computes it (property, any text)', ( assert ) => {
		const independent = ( text: string ): number => parseInt( createHash( 'sha256' ).update( text, 'utf8' ).digest( 'hex' ).slice( 0, 6 ), 16 ) / 16777216;
		fc.assert( fc.property( fc.string( { unit: 'grapheme', maxLength: 200 } ), fc.string( { maxLength: 40 } ), ( subject, name ) => subjectPosition( subject, name ) === independent( subject + name ) ), { numRuns: 1000 } );
		assert.strictEqual( subjectPosition( '', '' ), 0xe3b0c4 / 16777216, 'sha256 of nothing starts e3b0c4' );
		assert.strictEqual( subjectPosition( 'a'.repeat( 500 ), 'a'.repeat( 500 ) ), independent( 'a'.repeat( 1000 ) ), 'several blocks' );
	} );

	QUnit.test( 'the shared assignment vectors (≥ 1,000, with weights and rates)', ( assert ) => {
		assert.true( assignmentVectors.vectors.length >= 1000 );
		let wrong = 0;
		for ( const v of assignmentVectors.vectors ) {
			const groups = ( v.groups as ( string | ExperimentGroup )[] ).map( ( g ) => typeof g === 'string' ? { name: g } : g );
			const got = assign( v.subject, v.experiment, v.rate, groups );
			if ( got.enrolled !== v.enrolled || got.group !== v.group ) {
				wrong++;
				assert.deepEqual( got, { enrolled: v.enrolled, group: v.group }, `${ v.subject } ${ v.experiment } ${ v.rate }` );
			}
		}
		assert.strictEqual( wrong, 0, `${ assignmentVectors.vectors.length } vectors` );
	} );

	QUnit.test( 'rollouts are monotone: raising the rate only adds subjects, nobody changes group (property)', ( assert ) => {
		fc.assert( fc.property( fc.double( { min: 0, max: 0.999999, noNaN: true } ), fc.double( { min: 0, max: 1, noNaN: true } ), fc.double( { min: 0, max: 1, noNaN: true } ), groupsArb, ( position, r1, r2, groups ) => {
			const [ low, high ] = r1 < r2 ? [ r1, r2 ] : [ r2, r1 ];
			const a = assignFromPosition( position, low, groups );
			const b = assignFromPosition( position, high, groups );
			return !a.enrolled || ( b.enrolled && b.group === a.group );
		} ), { numRuns: 5000 } );
		assert.true( true );
	} );

	QUnit.test( 'group shares follow the weights (10,000 subjects)', ( assert ) => {
		const groups = [ { name: 'control', weight: 3 }, { name: 'treatment', weight: 1 } ];
		let treatment = 0;
		for ( let i = 0; i < 10000; i++ ) {
			treatment += assign( String( i ), 'weights-check-01', 1, groups ).group === 'treatment' ? 1 : 0;
		}
		assert.true( Math.abs( treatment / 10000 - 0.25 ) < 0.015, `treatment share ${ treatment / 10000 }` );
	} );

	QUnit.test( 'experiment and flag evaluation vectors', ( assert ) => {
		for ( const v of experimentVectors.experiments ) {
			const config = v.config as ExperimentConfig;
			assert.strictEqual( experimentProblem( v.name, config ), null, `valid: ${ v.note }` );
			const got = evaluateExperiment( v.name, config, targetingView( v.context as ContextAttributes ), v.subjects, Date.parse( v.now ) );
			assert.strictEqual( got.enrolled, v.enrolled, v.note );
		}
		for ( const v of experimentVectors.flags ) {
			const config = v.config as FlagConfig;
			assert.strictEqual( flagProblem( v.key, config ), null, `valid: ${ v.note }` );
			assert.deepEqual( evaluateFlag( v.key, config, targetingView( v.context as ContextAttributes ), v.subjects ), v.value as JsonValue, v.note );
		}
		for ( const v of experimentVectors.enrollment_headers ) {
			assert.deepEqual( parseEnrollmentHeader( v.header ), v.parsed as Record<string, string> | null, JSON.stringify( v.header ) );
		}
	} );

	QUnit.test( 'definition problems name the entry field', ( assert ) => {
		const ok = { status: 'on', unit: 'user', rate: 0.5, groups: [ 'control', 'treatment' ] };
		const cases: [ string, unknown, string ][] = [
			[ 'short', ok, 'name' ],
			[ 'valid-name-1', Object.assign( {}, ok, { status: 'paused' } ), 'status' ],
			[ 'valid-name-1', Object.assign( {}, ok, { unit: 'pageview' } ), 'unit' ],
			[ 'valid-name-1', Object.assign( {}, ok, { rate: 2 } ), 'rate' ],
			[ 'valid-name-1', Object.assign( {}, ok, { groups: [] } ), 'groups' ],
			[ 'valid-name-1', Object.assign( {}, ok, { groups: [ 'a', 'a' ] } ), 'twice' ],
			[ 'valid-name-1', Object.assign( {}, ok, { groups: [ { name: 'a', weight: 0 } ] } ), 'weight' ],
			[ 'valid-name-1', Object.assign( {}, ok, { start: 'soon' } ), 'start' ],
			[ 'valid-name-1', Object.assign( {}, ok, { targeting: { performer_shoe_size: { equals: 1 } } } ), 'targeting names unknown attribute' ],
		];
		for ( const [ name, config, field ] of cases ) {
			assert.true( String( experimentProblem( name, config ) ).includes( field ), `${ field }: ${ experimentProblem( name, config ) }` );
		}
		assert.true( String( flagProblem( 'f', { type: 'boolean', default: 'yes' } ) ).includes( 'default' ) );
		assert.true( String( flagProblem( 'f', { type: 'number', default: 1, rollout: { rate: 0.5, unit: 'user', value: 'x' } } ) ).includes( 'rollout.value' ) );
		assert.true( String( flagProblem( 'f', { type: 'number', default: 1, rules: [ { when: { page_id: { bigger: 1 } }, value: 2 } ] } ) ).includes( 'rules[0].when.page_id' ) );
	} );

	QUnit.test( 'QA overrides', ( assert ) => {
		assert.deepEqual( parseOverrides( 'sticky-header-2026:treatment;bad:x;search-suggestions-v2:control' ), { 'sticky-header-2026': 'treatment', 'search-suggestions-v2': 'control' } );
	} );
} );
