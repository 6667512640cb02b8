<?php
/**
 * PHPUnit bootstrap. includes/Core is plain PHP and is loaded by namespace. With MW_LOCALSETTINGS
 * set (build/phpunit.mjs sets it to a throwaway MediaWiki 1.39 wiki), MediaWiki is set up as a
 * command-line entry point would, with this extension loaded, for the integration suite; without
 * it those tests are skipped (and counted as skipped).
 */

spl_autoload_register( static function ( $class ) {
	$prefix = 'MediaWiki\\Extension\\MetricsPlatform\\Core\\';
	if ( strpos( $class, $prefix ) === 0 ) {
		require __DIR__ . '/../../includes/Core/' . str_replace( '\\', '/', substr( $class, strlen( $prefix ) ) ) . '.php';
	}
} );

$settings = getenv( 'MW_LOCALSETTINGS' );
if ( $settings ) {
	define( 'MW_ENTRY_POINT', 'cli' );
	define( 'MEDIAWIKI', true );
	define( 'MW_CONFIG_FILE', $settings );
	// Without this, Setup.php looks for the client's IP address.
	$GLOBALS['wgCommandLineMode'] = true;
	$IP = getenv( 'MW_INSTALL_PATH' ) ?: '/usr/share/mediawiki';
	require_once "$IP/includes/BootstrapHelperFunctions.php";
	require_once "$IP/includes/Setup.php";
}
