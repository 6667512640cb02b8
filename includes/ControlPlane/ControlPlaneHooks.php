<?php

namespace MediaWiki\Extension\MetricsPlatform\ControlPlane;

use Config;
use Content;
use EditPage;
use IContextSource;
use MediaWiki\Hook\EditFilterMergedContentHook;
use MediaWiki\Hook\PageMoveCompleteHook;
use MediaWiki\Page\Hook\ArticleUndeleteHook;
use MediaWiki\Page\Hook\PageDeleteCompleteHook;
use MediaWiki\Storage\Hook\PageSaveCompleteHook;
use Status;
use User;
use WANObjectCache;

/**
 * The control plane's hooks: the sample-rate maximum needs a second right (a check of the editing
 * user, so not in validateSave), and the definition cache is dropped when a definition page changes.
 */
class ControlPlaneHooks implements
	EditFilterMergedContentHook,
	PageSaveCompleteHook,
	PageDeleteCompleteHook,
	ArticleUndeleteHook,
	PageMoveCompleteHook
{
	public const RIGHT_ABOVE_MAX = 'metricsplatform-sample-above-max';

	/** @var Config */
	private $config;
	/** @var WANObjectCache */
	private $cache;

	/**
	 * @param Config $config
	 * @param WANObjectCache $cache
	 */
	public function __construct( Config $config, WANObjectCache $cache ) {
		$this->config = $config;
		$this->cache = $cache;
	}

	/**
	 * The share of subjects a definition collects from, as a percentage: an instrument's sample (100
	 * without one) or an experiment's traffic; null for flags, which collect nothing.
	 *
	 * @param array $data
	 * @return int|float|null
	 */
	public static function collectedPercent( array $data ) {
		$kind = $data['kind'] ?? null;
		if ( $kind === 'instrument' ) {
			return $data['sample']['percent'] ?? 100;
		}
		return $kind === 'experiment' ? ( $data['traffic_percent'] ?? null ) : null;
	}

	/** @inheritDoc */
	public function onEditFilterMergedContent( IContextSource $context, Content $content, Status $status, $summary, User $user, $minoredit ) {
		if ( !$content instanceof DefinitionContent || !$content->isValid() ) {
			return true;
		}
		$data = json_decode( $content->getText(), true );
		$percent = is_array( $data ) ? self::collectedPercent( $data ) : null;
		$max = $this->config->get( 'MetricsPlatformMaxSamplePercent' );
		if ( ( is_int( $percent ) || is_float( $percent ) ) && $percent > $max && !$user->isAllowed( self::RIGHT_ABOVE_MAX ) ) {
			$status->fatal( 'metricsplatform-rule-sample-max', ( $data['kind'] === 'instrument' ? 'sample.percent' : 'traffic_percent' ), $percent, $max, self::RIGHT_ABOVE_MAX );
			$status->value = EditPage::AS_HOOK_ERROR_EXPECTED;
			return false;
		}
		return true;
	}

	private function touch( $page ): void {
		if ( $page->getNamespace() === DefinitionStore::NS ) {
			$this->cache->touchCheckKey( DefinitionStore::checkKey( $this->cache ) );
		}
	}

	/** @inheritDoc */
	public function onPageSaveComplete( $wikiPage, $user, $summary, $flags, $revisionRecord, $editResult ) {
		$this->touch( $wikiPage );
	}

	/** @inheritDoc */
	public function onPageDeleteComplete( $page, $deleter, string $reason, int $pageID, $deletedRev, $logEntry, int $archivedRevisionCount ) {
		$this->touch( $page );
	}

	/** @inheritDoc */
	public function onArticleUndelete( $title, $create, $comment, $oldPageId, $restoredPages ) {
		$this->touch( $title );
	}

	/** @inheritDoc */
	public function onPageMoveComplete( $old, $new, $user, $pageid, $redirid, $reason, $revision ) {
		$this->touch( $old );
		$this->touch( $new );
	}
}
