#!/usr/bin/env node
/**
 * Writes tests/fixtures/experiments.json: experiment enrolment, flag values and the parsing of
 * `X-Experiment-Enrollments`. The cases are declared below with their notes; the answers are decided
 * here by the rules as stated (not by either client's code), with rates of 0 and 1 only, so that no
 * hashing is involved (assignment.json and rollout.json test the hashing):
 *  - an experiment enrols a subject when its status is `on`, the subject has an identifier of the
 *    experiment's unit (`user` only when logged in), now is within [start, end), the targeting rules
 *    pass (the curation operators of build/curationRules.mjs, on the contextual attributes, with
 *    performer.edit_count_bucket from the schema's labels when not given), and the rate is 1;
 *  - a flag is its default when disabled (`enabled: false`); else the value of its first rule whose
 *    `when` passes; else its rollout's value for a subject of the rollout's unit at rate 1; else the default;
 *  - the header is `name=group` pairs joined by `;` (one trailing `;` allowed), experiment names as the
 *    edge and upstream accept them (a letter or digit, then 7–62 letters, digits, `-`, `_` or `.`),
 *    group names 1–63 of those characters; any malformed part, a repeated name or an empty header: null.
 * Usage: node build/generate-experiment-vectors.mjs
 */
import { writeFileSync } from 'node:fs';
import { editCountBucket } from './attributeRules.mjs';
import { passes } from './curationRules.mjs';

const NOW = '2026-11-23T12:00:00.000Z';
const LOGGED_IN = { performer: { is_logged_in: true, id: 42, edit_count: 150, groups: [ '*', 'user' ] }, page: { namespace_id: 0 }, mediawiki: { skin: 'vector-2022' } };
const LOGGED_OUT = { performer: { is_logged_in: false, id: 0 }, page: { namespace_id: 0 }, mediawiki: { skin: 'vector' } };
const AB = { status: 'on', unit: 'user', rate: 1, groups: [ 'control', 'treatment' ] };
const ab = ( changes ) => Object.assign( {}, AB, changes );

/** [ note, config, context, subjects ] of the experiment `sticky-header-2026` at NOW */
const EXPERIMENTS = [
	[ 'on, rate 1, logged in: enrolled', ab( {} ), LOGGED_IN, { user: '42' } ],
	[ 'status off (kill switch): nobody', ab( { status: 'off' } ), LOGGED_IN, { user: '42' } ],
	[ 'unit user, logged out: not enrolled', ab( {} ), LOGGED_OUT, { session: '0123456789abcdef0123' } ],
	[ 'unit session, logged out: enrolled by session token', ab( { unit: 'session' } ), LOGGED_OUT, { session: '0123456789abcdef0123' } ],
	[ 'before start', ab( { start: '2026-12-01T00:00:00Z' } ), LOGGED_IN, { user: '42' } ],
	[ 'after end', ab( { end: '2026-11-01T00:00:00Z' } ), LOGGED_IN, { user: '42' } ],
	[ 'between start and end', ab( { start: '2026-11-01T00:00:00Z', end: '2026-12-01T00:00:00Z' } ), LOGGED_IN, { user: '42' } ],
	[ 'targeting on edit-count bucket passes', ab( { targeting: { performer_edit_count_bucket: { in: [ '100-999 edits', '1000+ edits' ] } } } ), LOGGED_IN, { user: '42' } ],
	[ 'targeting on skin fails', ab( { targeting: { mediawiki_skin: { equals: 'minerva' } } } ), LOGGED_IN, { user: '42' } ],
	[ 'targeting on user groups', ab( { targeting: { performer_groups: { contains: 'user' } } } ), LOGGED_IN, { user: '42' } ],
	[ 'rate 0: nobody', ab( { rate: 0 } ), LOGGED_IN, { user: '42' } ]
];

const IS_LOGGED_IN = { performer_is_logged_in: { equals: true } };
/** [ note, key, config, context, subjects ] */
const FLAGS = [
	[ 'default when no rule and no rollout', 'new-toolbar', { type: 'boolean', default: false }, LOGGED_IN, { user: '42' } ],
	[ 'kill switch: default even when a rule matches', 'new-toolbar', { type: 'boolean', default: false, enabled: false, rules: [ { when: IS_LOGGED_IN, value: true } ] }, LOGGED_IN, { user: '42' } ],
	[ 'first matching rule wins', 'toolbar-color', { type: 'string', default: 'blue', rules: [
		{ when: { mediawiki_skin: { equals: 'minerva' } }, value: 'green' },
		{ when: IS_LOGGED_IN, value: 'red' },
		{ when: { page_namespace_id: { equals: 0 } }, value: 'gold' }
	] }, LOGGED_IN, { user: '42' } ],
	[ 'rule on a missing attribute does not match', 'toolbar-color', { type: 'string', default: 'blue', rules: [ { when: { performer_name: { equals: 'x' } }, value: 'red' } ] }, LOGGED_OUT, {} ],
	[ 'rollout 100%: value', 'max-results', { type: 'number', default: 10, rollout: { rate: 1, unit: 'session', value: 20 } }, LOGGED_OUT, { session: '0123456789abcdef0123' } ],
	[ 'rollout 0%: default', 'max-results', { type: 'number', default: 10, rollout: { rate: 0, unit: 'session', value: 20 } }, LOGGED_OUT, { session: '0123456789abcdef0123' } ],
	[ 'rollout by user for a logged-out subject: default', 'max-results', { type: 'number', default: 10, rollout: { rate: 1, unit: 'user', value: 20 } }, LOGGED_OUT, { session: '0123456789abcdef0123' } ],
	[ 'json value', 'layout', { type: 'json', default: { columns: 1 }, rules: [ { when: IS_LOGGED_IN, value: { columns: 2, sidebar: [ 'tools' ] } } ] }, LOGGED_IN, { user: '42' } ]
];

const HEADERS = [
	'sticky-header-2026=treatment;search-suggestions-v2=control;',
	'sticky-header-2026=treatment',
	'sticky-header-2026=treatment;bad name=x;',
	'short=a;',
	'sticky-header-2026=;',
	'sticky-header-2026=a;sticky-header-2026=b',
	'',
	'sticky-header-2026=a;;x'
];

/** The context as targeting reads it: the edit count bucket derived when not given. */
function targeted( context ) {
	const performer = Object.assign( {}, context.performer );
	if ( performer.edit_count_bucket === undefined ) {
		performer.edit_count_bucket = editCountBucket( performer.edit_count );
	}
	return Object.assign( {}, context, { performer } );
}

function subjectOf( unit, context, subjects ) {
	return unit === 'user' && !( context.performer && context.performer.is_logged_in ) ? undefined : subjects[ unit ];
}

function enrolled( config, context, subjects ) {
	const now = Date.parse( NOW );
	return config.status === 'on' && !!subjectOf( config.unit, context, subjects ) &&
		( config.start === undefined || now >= Date.parse( config.start ) ) && ( config.end === undefined || now < Date.parse( config.end ) ) &&
		passes( config.targeting || {}, targeted( context ) ) && config.rate === 1;
}

function flagValue( config, context, subjects ) {
	if ( config.enabled === false ) {
		return config.default;
	}
	const rule = ( config.rules || [] ).find( ( r ) => passes( r.when, targeted( context ) ) );
	if ( rule ) {
		return rule.value;
	}
	const rollout = config.rollout;
	return rollout && subjectOf( rollout.unit, context, subjects ) && rollout.rate === 1 ? rollout.value : config.default;
}

const PAIR = /^([A-Za-z0-9][-_.A-Za-z0-9]{7,62})=([A-Za-z0-9][-_.A-Za-z0-9]{0,62})$/;
function parsed( header ) {
	const parts = header.replace( /;$/, '' ).split( ';' );
	const out = {};
	for ( const part of parts ) {
		const m = PAIR.exec( part );
		if ( !m || m[ 1 ] in out ) {
			return null;
		}
		out[ m[ 1 ] ] = m[ 2 ];
	}
	return header === '' ? null : out;
}

writeFileSync( new URL( '../tests/fixtures/experiments.json', import.meta.url ), JSON.stringify( {
	description: 'Experiment and flag evaluation (build/generate-experiment-vectors.mjs): status, dates, unit, targeting (curation operators on the contextual attributes), rules in order, rollouts, kill switches; and strict parsing of X-Experiment-Enrollments.',
	experiments: EXPERIMENTS.map( ( [ note, config, context, subjects ] ) => ( { note, name: 'sticky-header-2026', config, context, subjects, now: NOW, enrolled: enrolled( config, context, subjects ) } ) ),
	flags: FLAGS.map( ( [ note, key, config, context, subjects ] ) => ( { note, key, config, context, subjects, value: flagValue( config, context, subjects ) } ) ),
	enrollment_headers: HEADERS.map( ( header ) => ( { header, parsed: parsed( header ) } ) )
}, null, '\t' ) + '\n' );
console.log( `tests/fixtures/experiments.json: ${ EXPERIMENTS.length } experiments, ${ FLAGS.length } flags, ${ HEADERS.length } headers` );
