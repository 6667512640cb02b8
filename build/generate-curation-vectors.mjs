#!/usr/bin/env node
/**
 * Writes tests/fixtures/curation.json: whether an event passes a stream's curation rules. The cases
 * (rules, and an event: EVENT unless one is given) are declared below with their notes; whether each
 * passes is decided here by the operators as the Metrics Platform documents them (stated once in
 * OPERATORS, independent of either client's code):
 *  - an event passes when every rule passes; a missing or null attribute fails every rule;
 *  - equals / not_equals: the same JSON value (arrays element by element, no type conversion);
 *  - greater_than, less_than, …_or_equals: a number against a number or a string against a string
 *    (by code points, the order of tests/fixtures/ordering.json); anything else fails;
 *  - in / not_in: a single value (not an array) that is / is not one of the operand's;
 *  - contains / does_not_contain: an array that has / lacks the operand as an element, or a string
 *    that has / lacks it as a substring; anything else fails;
 *  - contains_all / contains_any: an array that has every / some element of the operand.
 * Usage: node build/generate-curation-vectors.mjs
 */
import { writeFileSync } from 'node:fs';
import { passes } from './curationRules.mjs';

const EVENT = { performer: { is_logged_in: true, edit_count: 42, edit_count_bucket: '5-99 edits', groups: [ '*', 'user', 'autoconfirmed' ], language: 'en', registration_dt: '2020-05-01T12:00:00.000Z', id: 7 }, page: { namespace_id: 0, title: 'Dark_Souls', user_groups_allowed_to_edit: [] }, mediawiki: { skin: 'vector-2022', is_production: false } };

/** [ note, rules, event? ] */
const CASES = [
	[ 'equals string', { mediawiki_skin: { equals: 'vector-2022' } } ],
	[ 'equals string, other value', { mediawiki_skin: { equals: 'minerva' } } ],
	[ 'equals number', { performer_edit_count: { equals: 42 } } ],
	[ 'equals boolean false value', { mediawiki_is_production: { equals: false } } ],
	[ 'equals number against string is a mismatch', { performer_edit_count: { equals: '42' } } ],
	[ 'equals array element-wise', { performer_groups: { equals: [ '*', 'user', 'autoconfirmed' ] } } ],
	[ 'not_equals string', { mediawiki_skin: { not_equals: 'minerva' } } ],
	[ 'not_equals same value', { mediawiki_skin: { not_equals: 'vector-2022' } } ],
	[ 'greater_than', { performer_edit_count: { greater_than: 41 } } ],
	[ 'greater_than equal value', { performer_edit_count: { greater_than: 42 } } ],
	[ 'less_than', { performer_edit_count: { less_than: 43 } } ],
	[ 'less_than equal value', { performer_edit_count: { less_than: 42 } } ],
	[ 'greater_than_or_equals equal', { performer_edit_count: { greater_than_or_equals: 42 } } ],
	[ 'greater_than_or_equals below', { performer_edit_count: { greater_than_or_equals: 43 } } ],
	[ 'less_than_or_equals equal', { performer_edit_count: { less_than_or_equals: 42 } } ],
	[ 'less_than_or_equals above', { performer_edit_count: { less_than_or_equals: 41 } } ],
	[ 'ordering on ISO dates compares as text', { performer_registration_dt: { greater_than: '2019-01-01T00:00:00.000Z' } } ],
	[ 'ordering a string against a number is a mismatch', { performer_language: { greater_than: 1 } } ],
	[ 'ordering an array is a mismatch', { performer_groups: { less_than: 5 } } ],
	[ 'in', { performer_language: { in: [ 'en', 'de' ] } } ],
	[ 'in, absent', { performer_language: { in: [ 'fr', 'de' ] } } ],
	[ 'in with number', { page_namespace_id: { in: [ 0, 2, 4 ] } } ],
	[ 'in with an array value is a mismatch', { performer_groups: { in: [ 'user' ] } } ],
	[ 'not_in', { performer_language: { not_in: [ 'fr', 'de' ] } } ],
	[ 'not_in, present', { performer_language: { not_in: [ 'en' ] } } ],
	[ 'not_in with number type mismatch still not in', { page_namespace_id: { not_in: [ '0' ] } } ],
	[ 'contains on array', { performer_groups: { contains: 'user' } } ],
	[ 'contains on array, absent', { performer_groups: { contains: 'sysop' } } ],
	[ 'contains on string', { page_title: { contains: 'Souls' } } ],
	[ 'contains on number is a mismatch', { performer_edit_count: { contains: 4 } } ],
	[ 'does_not_contain on array', { performer_groups: { does_not_contain: 'bot' } } ],
	[ 'does_not_contain on array, present', { performer_groups: { does_not_contain: 'user' } } ],
	[ 'does_not_contain on string', { page_title: { does_not_contain: 'Elden' } } ],
	[ 'does_not_contain on number is a mismatch', { performer_edit_count: { does_not_contain: 4 } } ],
	[ 'contains_all', { performer_groups: { contains_all: [ 'user', 'autoconfirmed' ] } } ],
	[ 'contains_all, one missing', { performer_groups: { contains_all: [ 'user', 'sysop' ] } } ],
	[ 'contains_all of nothing', { performer_groups: { contains_all: [] } } ],
	[ 'contains_all on empty array value', { page_user_groups_allowed_to_edit: { contains_all: [ 'sysop' ] } } ],
	[ 'contains_any', { performer_groups: { contains_any: [ 'sysop', 'user' ] } } ],
	[ 'contains_any, none', { performer_groups: { contains_any: [ 'sysop', 'bot' ] } } ],
	[ 'contains_any on a string is a mismatch', { page_title: { contains_any: [ 'Souls' ] } } ],
	[ 'missing attribute is filtered', { performer_name: { equals: 'Alice' } } ],
	[ 'missing attribute is filtered even for not_equals', { performer_name: { not_equals: 'Alice' } } ],
	[ 'missing attribute is filtered even for not_in', { performer_language_variant: { not_in: [ 'en-gb' ] } } ],
	[ 'null attribute counts as missing', { performer_name: { not_equals: 'x' } }, { performer: { name: null } } ],
	[ 'several operators on one attribute all pass', { performer_edit_count: { greater_than: 10, less_than: 100 } } ],
	[ 'several operators on one attribute, one fails', { performer_edit_count: { greater_than: 10, less_than: 20 } } ],
	[ 'several attributes all pass', { performer_is_logged_in: { equals: true }, page_namespace_id: { equals: 0 } } ],
	[ 'several attributes, one fails', { performer_is_logged_in: { equals: true }, page_namespace_id: { equals: 2 } } ],
	[ 'zero is a value, not missing', { page_namespace_id: { less_than: 1 } } ],
	[ 'false is a value, not missing', { mediawiki_is_production: { not_equals: true } } ],
	[ 'empty array is a value', { page_user_groups_allowed_to_edit: { does_not_contain: 'sysop' } } ],
	[ 'no rules: everything passes', {} ]
];

writeFileSync( new URL( '../tests/fixtures/curation.json', import.meta.url ), JSON.stringify( {
	description: 'Curation (build/generate-curation-vectors.mjs): an event passes when every rule passes. Rules are { attribute: { operator: operand } }; the attribute is read from the event nested at its first underscore. A missing or null attribute, or a value of the wrong type for the operator, fails the rule.',
	vectors: CASES.map( ( [ note, rules, event = EVENT ] ) => ( { note, curation: rules, event, passes: passes( rules, event ) } ) )
}, null, '\t' ) + '\n' );
console.log( `tests/fixtures/curation.json: ${ CASES.length } vectors` );
