<?php
/**
 * Lists the active definitions (pages and LocalSettings.php) that end within --days days (default
 * 14), soonest first, for cron or a bot: one line each, tab-separated (name, kind, source, end, days
 * left, owner), or --json. Usage:
 *   MW_INSTALL_PATH=/usr/share/mediawiki php maintenance/listExpiring.php --conf LocalSettings.php
 */

use MediaWiki\Extension\MetricsPlatform\ControlPlane\Catalog;
use MediaWiki\Extension\MetricsPlatform\ControlPlane\DefinitionValidator;
use MediaWiki\MediaWikiServices;

$IP = getenv( 'MW_INSTALL_PATH' );
if ( $IP === false ) {
	$IP = __DIR__ . '/../../..';
}
require_once "$IP/maintenance/Maintenance.php";

class MetricsPlatformListExpiring extends Maintenance {

	public function __construct() {
		parent::__construct();
		$this->addDescription( 'Lists the active Metrics Platform definitions that end within the given number of days.' );
		$this->addOption( 'days', 'Window in days (default 14)', false, true );
		$this->addOption( 'json', 'Print a JSON list instead of tab-separated lines' );
		$this->requireExtension( 'MetricsPlatform' );
	}

	public function execute() {
		$days = (float)$this->getOption( 'days', Catalog::SOON_DAYS );
		$now = time();
		$services = MediaWikiServices::getInstance();
		$rows = Catalog::rows( $services->getMainConfig(), $services->getService( 'MetricsPlatform.DefinitionStore' ), $now );
		$soon = [];
		foreach ( $rows as $row ) {
			if ( $row['status'] !== 'active' || !is_string( $row['end'] ) ) {
				continue;
			}
			$end = DefinitionValidator::parseTime( $row['end'] ) ?? strtotime( $row['end'] );
			if ( $end && $end - $now <= $days * 86400 ) {
				$soon[] = [ 'name' => $row['name'], 'kind' => $row['kind'], 'source' => $row['source'], 'end' => $row['end'],
					'days_left' => round( ( $end - $now ) / 86400, 1 ), 'owner' => $row['owner'] ];
			}
		}
		usort( $soon, static function ( $a, $b ) {
			return $a['days_left'] <=> $b['days_left'];
		} );
		if ( $this->hasOption( 'json' ) ) {
			$this->output( json_encode( $soon, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ) . "\n" );
			return;
		}
		foreach ( $soon as $s ) {
			$this->output( implode( "\t", [ $s['name'], $s['kind'], $s['source'], $s['end'], $s['days_left'], (string)$s['owner'] ] ) . "\n" );
		}
	}
}

$maintClass = MetricsPlatformListExpiring::class;
require_once RUN_MAINTENANCE_IF_MAIN;
