<?php
/**
 * The server-side contextual attributes (includes/ServerContext.php) against a real MediaWiki: the
 * page attributes must be what the browser client sends for the same page. page.title is the title
 * without its namespace prefix, with underscores (wgTitle, as the browser sends it), in every
 * namespace. Run by the MediaWiki end-to-end suite:
 *   MW_CONFIG_FILE=…/LocalSettings.php php /usr/share/mediawiki/maintenance/runScript.php tests/php/serverContext.php
 * Prints TAP and "N passed, N failed".
 */

use MediaWiki\Extension\MetricsPlatform\ServerContext;

require_once getenv( 'MW_INSTALL_PATH' ) . '/maintenance/Maintenance.php';

class MetricsPlatformServerContextCheck extends Maintenance {

	/** Title text → [ namespace id, canonical namespace name, page.title ], written out by hand. */
	private const PAGES = [
		'Main Page' => [ 0, '', 'Main_Page' ],
		'Talk:Some page' => [ 1, 'Talk', 'Some_page' ],
		'User:Editor/sub page' => [ 2, 'User', 'Editor/sub_page' ],
		'Project:About us' => [ 4, 'Project', 'About_us' ],
		'Help:Contents' => [ 12, 'Help', 'Contents' ],
		'Category:Cats and dogs' => [ 14, 'Category', 'Cats_and_dogs' ],
		'Special:Version' => [ -1, 'Special', 'Version' ],
		'Star Trek: Voyager' => [ 0, '', 'Star_Trek:_Voyager' ],
	];

	public function execute() {
		$passed = 0;
		$failed = 0;
		$n = 0;
		foreach ( self::PAGES as $text => [ $namespace, $namespaceName, $expected ] ) {
			$context = new DerivativeContext( RequestContext::getMain() );
			$context->setTitle( Title::newFromText( $text ) );
			$page = ServerContext::attributes( $context, str_repeat( 'a', 20 ), str_repeat( 'b', 20 ) )['page'] ?? [];
			$ok = ( $page['title'] ?? null ) === $expected && ( $page['namespace_id'] ?? null ) === $namespace && ( $page['namespace_name'] ?? null ) === $namespaceName;
			$n++;
			$ok ? $passed++ : $failed++;
			$this->output( ( $ok ? 'ok' : 'not ok' ) . " $n - server context of \"$text\": page.title $expected, namespace $namespace ($namespaceName)\n" .
				( $ok ? '' : '  # got ' . json_encode( [ $page['title'] ?? null, $page['namespace_id'] ?? null, $page['namespace_name'] ?? null ] ) . "\n" ) );
		}
		$this->output( "1..$n\n$passed passed, $failed failed\n" );
		if ( $failed ) {
			exit( 1 );
		}
	}
}

$maintClass = MetricsPlatformServerContextCheck::class;
require_once RUN_MAINTENANCE_IF_MAIN;
