import fc from 'fast-check';
import vectors from '../../fixtures/attributes.json';
import { addContextAttributes, attributePath, compileAttributeSelection, CONTEXT_ATTRIBUTE_NAMES, editCountBucket, EDIT_COUNT_BUCKETS } from '../../../modules/src/core/contextAttributes';
import type { ContextAttributes, JsonObject } from '../../../modules/src/core/types';

QUnit.module( 'core/contextAttributes', () => {
	QUnit.test( 'the contract vectors', ( assert ) => {
		for ( const v of vectors.vectors ) {
			const out: JsonObject = {};
			addContextAttributes( v.context as ContextAttributes, compileAttributeSelection( v.provide_values ), out );
			assert.deepEqual( out, v.expected, v.note );
		}
	} );

	QUnit.test( 'names split at the first underscore', ( assert ) => {
		assert.deepEqual( attributePath( 'page_user_groups_allowed_to_edit' ), { name: 'page_user_groups_allowed_to_edit', group: 'page', key: 'user_groups_allowed_to_edit' } );
		for ( const name of CONTEXT_ATTRIBUTE_NAMES ) {
			const p = attributePath( name );
			assert.true( [ 'agent', 'page', 'mediawiki', 'performer' ].includes( p.group ) && `${ p.group }_${ p.key }` === name, name );
		}
	} );

	QUnit.test( 'edit-count buckets at every boundary', ( assert ) => {
		const expected: [ number, string ][] = [ [ 0, '0 edits' ], [ 1, '1-4 edits' ], [ 4, '1-4 edits' ], [ 5, '5-99 edits' ], [ 99, '5-99 edits' ], [ 100, '100-999 edits' ], [ 999, '100-999 edits' ], [ 1000, '1000+ edits' ], [ 1e9, '1000+ edits' ] ];
		for ( const [ n, label ] of expected ) {
			assert.strictEqual( editCountBucket( n ), label, `${ n }` );
		}
		for ( const bad of [ -1, 1.5, NaN, '5', null, undefined ] ) {
			assert.strictEqual( editCountBucket( bad ), undefined, `${ String( bad ) } has no bucket` );
		}
	} );

	QUnit.test( 'buckets are ordered like the counts (property)', ( assert ) => {
		fc.assert( fc.property( fc.nat(), fc.nat(), ( a, b ) => {
			const ia = EDIT_COUNT_BUCKETS.indexOf( editCountBucket( a )! );
			const ib = EDIT_COUNT_BUCKETS.indexOf( editCountBucket( b )! );
			return ia >= 0 && ib >= 0 && ( a <= b ? ia <= ib : ia >= ib );
		} ) );
		assert.true( true );
	} );

	QUnit.test( 'only what provide_values asks for leaves, and context arrays are copied', ( assert ) => {
		const groups = [ '*', 'user' ];
		const context: ContextAttributes = { performer: { name: 'Alice', id: 7, groups } };
		const out: JsonObject = {};
		addContextAttributes( context, compileAttributeSelection( [ 'performer_groups' ] ), out );
		assert.deepEqual( out.performer, { groups: [ '*', 'user' ] }, 'no name, no id' );
		groups.push( 'sysop' );
		assert.deepEqual( ( out.performer as JsonObject ).groups, [ '*', 'user' ], 'later changes do not reach the event' );
	} );
} );
