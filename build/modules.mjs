import { readFileSync } from 'node:fs';

/**
 * The one list of built files: each entry point and where its bundle goes (paths from the repository
 * root). ResourceLoader modules are CommonJS (ResourceLoader wraps and minifies them); the off-wiki
 * builds are a CommonJS file for Node and an IIFE for plain web pages; the intake is a CommonJS file
 * for Node whose npm dependencies (those of intake/package.json) stay external.
 */
const intakeDependencies = Object.keys( JSON.parse( readFileSync( new URL( '../intake/package.json', import.meta.url ), 'utf8' ) ).dependencies );

export const BUILDS = [
	{
		name: 'ext.metricsPlatform',
		entry: 'modules/src/entries/ext.metricsPlatform.ts',
		out: 'modules/dist/ext.metricsPlatform/index.js',
		format: 'cjs',
		platform: 'browser',
		// config.json is a ResourceLoader packageFiles entry, resolved at run time.
		external: [ './config.json' ],
		resourceLoader: true
	},
	{
		name: 'ext.metricsPlatform.builder',
		entry: 'modules/src/entries/ext.metricsPlatform.builder.ts',
		out: 'modules/dist/ext.metricsPlatform.builder/index.js',
		format: 'cjs',
		platform: 'browser',
		external: [ './config.json' ],
		resourceLoader: true
	},
	{
		name: 'ext.metricsPlatform.experiments',
		entry: 'modules/src/entries/ext.metricsPlatform.experiments.ts',
		out: 'modules/dist/ext.metricsPlatform.experiments/index.js',
		format: 'cjs',
		platform: 'browser',
		resourceLoader: true
	},
	{
		name: 'ext.metricsPlatform.inspector',
		entry: 'modules/src/entries/ext.metricsPlatform.inspector.ts',
		out: 'modules/dist/ext.metricsPlatform.inspector/index.js',
		format: 'cjs',
		platform: 'browser',
		external: [ './config.json' ],
		resourceLoader: true
	},
	{
		name: 'node',
		entry: 'modules/src/entries/standalone.ts',
		out: 'modules/dist/node/metricsPlatform.js',
		format: 'cjs',
		platform: 'node'
	},
	{
		name: 'standalone',
		entry: 'modules/src/entries/standalone.ts',
		out: 'modules/dist/standalone/metricsPlatform.js',
		format: 'iife',
		globalName: 'MetricsPlatform',
		platform: 'browser'
	},
	{
		name: 'intake',
		entry: 'intake/src/index.ts',
		out: 'intake/dist/intake.js',
		format: 'cjs',
		platform: 'node',
		target: 'node20',
		// Only the intake package's own dependencies stay external; whatever else the code imports
		// (@noble/hashes through the experiment report's assignment) is bundled, so an installed
		// intake needs nothing beyond intake/package.json.
		external: intakeDependencies
	}
];

/** Folders that hold only built files: the freshness check compares them whole. */
export const BUILT_DIRS = [ 'modules/dist', 'intake/dist' ];
