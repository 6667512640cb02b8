/**
 * Types for callers of `mw.metricsPlatform` (skins, extensions and gadgets written in TypeScript):
 * reference this file (modules/dist/types/mw/mwGlobal.d.ts) next to @wikimedia/types.
 */
import type { MwMetricsPlatform } from './mwMetricsPlatform';

declare global {
	interface MwMetricsPlatformGlobal {
		/** The Metrics Platform client of this wiki (module ext.metricsPlatform). */
		metricsPlatform: MwMetricsPlatform;
	}
}

export type { MwMetricsPlatform };
