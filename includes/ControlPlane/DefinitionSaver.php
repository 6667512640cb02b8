<?php

namespace MediaWiki\Extension\MetricsPlatform\ControlPlane;

use CommentStoreComment;
use Config;
use FormatJson;
use ManualLogEntry;
use MediaWiki\Page\WikiPageFactory;
use MediaWiki\Permissions\PermissionManager;
use MediaWiki\Revision\SlotRecord;
use StatusValue;
use TextContent;
use Title;
use User;

/**
 * Saves a definition from the form or a quick action: the same rights and rules as an edit of the
 * page (namespace protection, the sample maximum's right, DefinitionContentHandler::validateSave),
 * one revision with the user's summary, and one entry of the "metricsplatform" log naming the
 * changed fields. Callers check the CSRF token (HTMLForm does).
 */
class DefinitionSaver {

	/** @var WikiPageFactory */
	private $wikiPageFactory;
	/** @var PermissionManager */
	private $permissionManager;
	/** @var Config */
	private $config;

	/**
	 * @param WikiPageFactory $wikiPageFactory
	 * @param PermissionManager $permissionManager
	 * @param Config $config
	 */
	public function __construct( WikiPageFactory $wikiPageFactory, PermissionManager $permissionManager, Config $config ) {
		$this->wikiPageFactory = $wikiPageFactory;
		$this->permissionManager = $permissionManager;
		$this->config = $config;
	}

	/**
	 * The definition stored on the page, or null.
	 *
	 * @param Title $title
	 * @return array|null
	 */
	public function current( Title $title ): ?array {
		$content = $this->wikiPageFactory->newFromTitle( $title )->getContent();
		$data = $content instanceof TextContent ? json_decode( $content->getText(), true ) : null;
		return is_array( $data ) ? $data : null;
	}

	/**
	 * @param array $data the whole definition
	 * @param User $user
	 * @param string $summary
	 * @param bool $checkRights false for maintenance scripts (the server's operator)
	 * @return StatusValue good with the new revision id (or null when nothing changed); fatal with
	 *  the reasons otherwise (permission, sample maximum, each rule the definition breaks)
	 */
	public function save( array $data, User $user, string $summary, bool $checkRights = true ): StatusValue {
		$name = is_string( $data['name'] ?? null ) ? $data['name'] : '';
		$title = Title::makeTitleSafe( DefinitionStore::NS, $name );
		if ( !$title || $title->getDBkey() !== $name ) {
			return StatusValue::newFatal( 'metricsplatform-rule-pattern', 'name', '^[A-Za-z0-9][-_.A-Za-z0-9]{0,99}$' );
		}
		$status = StatusValue::newGood();
		foreach ( $checkRights ? $this->permissionManager->getPermissionErrors( 'edit', $user, $title ) : [] as $error ) {
			$status->fatal( ...$error );
		}
		$percent = ControlPlaneHooks::collectedPercent( $data );
		$max = $this->config->get( 'MetricsPlatformMaxSamplePercent' );
		if ( ( is_int( $percent ) || is_float( $percent ) ) && $percent > $max && $checkRights && !$user->isAllowed( ControlPlaneHooks::RIGHT_ABOVE_MAX ) ) {
			$status->fatal( 'metricsplatform-rule-sample-max', $data['kind'] === 'instrument' ? 'sample.percent' : 'traffic_percent',
				$percent, $max, ControlPlaneHooks::RIGHT_ABOVE_MAX );
		}
		if ( !$status->isOK() ) {
			return $status;
		}
		$before = $this->current( $title );
		if ( $before === $data ) {
			return StatusValue::newGood( null );
		}
		$page = $this->wikiPageFactory->newFromTitle( $title );
		$updater = $page->newPageUpdater( $user );
		$updater->setContent( SlotRecord::MAIN, new DefinitionContent( FormatJson::encode( $data, "\t", FormatJson::ALL_OK ) ) );
		$revision = $updater->saveRevision( CommentStoreComment::newUnsavedComment( $summary ) );
		if ( !$updater->wasSuccessful() || !$revision ) {
			return $updater->getStatus();
		}
		$log = new ManualLogEntry( 'metricsplatform', $before === null ? 'create' : 'change' );
		$log->setPerformer( $user );
		$log->setTarget( $title );
		$log->setComment( $summary );
		$log->setParameters( [ '4::fields' => implode( ', ', self::changedFields( $before ?? [], $data ) ) ] );
		$log->setAssociatedRevId( $revision->getId() );
		// The edit is in Recent changes already; the log entry goes to Special:Log.
		$log->insert();
		return StatusValue::newGood( $revision->getId() );
	}

	/**
	 * Dotted names of the fields (one level into objects) that differ.
	 *
	 * @param array $before
	 * @param array $after
	 * @return string[]
	 */
	public static function changedFields( array $before, array $after ): array {
		$changed = [];
		foreach ( array_unique( array_merge( array_keys( $before ), array_keys( $after ) ) ) as $key ) {
			$old = $before[$key] ?? null;
			$new = $after[$key] ?? null;
			if ( $old === $new ) {
				continue;
			}
			if ( is_array( $old ) && is_array( $new ) && in_array( $key, [ 'sample', 'rollout' ], true ) ) {
				foreach ( self::changedFields( $old, $new ) as $sub ) {
					$changed[] = "$key.$sub";
				}
			} else {
				$changed[] = (string)$key;
			}
		}
		return $changed;
	}
}
