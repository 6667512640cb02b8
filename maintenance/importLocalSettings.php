<?php
/**
 * Imports $wgMetricsPlatformStreams, $wgMetricsPlatformExperiments and $wgMetricsPlatformFlags as
 * pages of the MetricsPlatform namespace, through the same save rules as any edit (a definition the
 * rules refuse is reported with the reasons and skipped). Existing pages are left alone. The imported
 * entries still win while they stay in LocalSettings.php: remove them there once imported. Usage:
 *   MW_INSTALL_PATH=/usr/share/mediawiki php maintenance/importLocalSettings.php --conf LocalSettings.php \
 *     --owner "Web team" [--end 2027-01-01T00:00:00Z] [--risk medium --privacy-review https://…] [--dry-run]
 */

use MediaWiki\Extension\MetricsPlatform\ControlPlane\LocalSettingsImport;
use MediaWiki\MediaWikiServices;

$IP = getenv( 'MW_INSTALL_PATH' );
if ( $IP === false ) {
	$IP = __DIR__ . '/../../..';
}
require_once "$IP/maintenance/Maintenance.php";

class MetricsPlatformImportLocalSettings extends Maintenance {

	public function __construct() {
		parent::__construct();
		$this->addDescription( 'Imports the LocalSettings.php streams, experiments and flags of MetricsPlatform as definition pages.' );
		$this->addOption( 'owner', 'Owner of the imported definitions', true, true );
		$this->addOption( 'end', 'End of those without one (RFC 3339; default: the maximum duration from now)', false, true );
		$this->addOption( 'risk', 'Risk level to declare (low, medium, high)', false, true );
		$this->addOption( 'privacy-review', 'Privacy review link to declare', false, true );
		$this->addOption( 'dry-run', 'Only print what would be saved' );
		$this->requireExtension( 'MetricsPlatform' );
	}

	public function execute() {
		$services = MediaWikiServices::getInstance();
		$config = $services->getMainConfig();
		$end = $this->getOption( 'end', gmdate( 'Y-m-d\TH:i:s\Z', time() + (int)$config->get( 'MetricsPlatformMaxDurationDays' ) * 86400 - 60 ) );
		$definitions = LocalSettingsImport::definitions( $config, [
			'owner' => $this->getOption( 'owner' ), 'end' => $end,
			'risk' => $this->getOption( 'risk' ), 'privacy_review' => $this->getOption( 'privacy-review' ),
		] );
		$saver = $services->getService( 'MetricsPlatform.DefinitionSaver' );
		$user = User::newSystemUser( 'MetricsPlatform import', [ 'steal' => true ] );
		$counts = [ 'saved' => 0, 'exists' => 0, 'refused' => 0 ];
		foreach ( $definitions as $definition ) {
			$title = Title::makeTitleSafe( 2360, $definition['name'] );
			if ( $title && $title->exists() ) {
				$counts['exists']++;
				$this->output( "exists\t{$definition['name']}\n" );
				continue;
			}
			if ( $this->hasOption( 'dry-run' ) ) {
				$this->output( "would save\t{$definition['name']}\t" . json_encode( $definition, JSON_UNESCAPED_SLASHES ) . "\n" );
				continue;
			}
			$status = $saver->save( $definition, $user, 'Imported from LocalSettings.php', false );
			if ( $status->isOK() ) {
				$counts['saved']++;
				$this->output( "saved\t{$definition['name']}\n" );
			} else {
				$counts['refused']++;
				$reasons = array_map( static function ( $error ) {
					return wfMessage( $error['message'], $error['params'] )->inLanguage( 'en' )->text();
				}, $status->getErrors() );
				$this->output( "refused\t{$definition['name']}\t" . implode( ' | ', $reasons ) . "\n" );
			}
		}
		$this->output( "{$counts['saved']} saved, {$counts['exists']} already pages, {$counts['refused']} refused\n" );
	}
}

$maintClass = MetricsPlatformImportLocalSettings::class;
require_once RUN_MAINTENANCE_IF_MAIN;
