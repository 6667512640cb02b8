<?php

namespace MediaWiki\Extension\MetricsPlatform;

use Config;
use MediaWiki\ResourceLoader\Context;
use MediaWiki\ResourceLoader\FilePath;

/**
 * packageFiles callback of the modules' main script: the build's pre-minified file (names
 * shortened, which ResourceLoader's own minifier does not do), or the readable one with ?debug=1.
 * Both are built from modules/src by `npm run build`.
 */
class ModuleScript {

	/**
	 * @param Context $context
	 * @param Config $config
	 * @param mixed $param unused
	 * @return FilePath index.min.js, or index.js in debug mode
	 */
	public static function minifiedUnlessDebug( Context $context, Config $config, $param ): FilePath {
		return new FilePath( $context->getDebug() ? 'index.js' : 'index.min.js' );
	}
}
