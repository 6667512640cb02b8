/**
 * The one list of built files: each entry point and where its bundle goes under modules/dist.
 * ResourceLoader modules are CommonJS (ResourceLoader wraps and minifies them); the off-wiki
 * builds are a CommonJS file for Node and an IIFE for plain web pages.
 */
export const BUILDS = [
	{
		name: 'node',
		entry: 'modules/src/entries/standalone.ts',
		out: 'node/metricsPlatform.js',
		format: 'cjs',
		platform: 'node'
	},
	{
		name: 'standalone',
		entry: 'modules/src/entries/standalone.ts',
		out: 'standalone/metricsPlatform.js',
		format: 'iife',
		globalName: 'MetricsPlatform',
		platform: 'browser'
	}
];
