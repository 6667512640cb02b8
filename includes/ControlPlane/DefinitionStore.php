<?php

namespace MediaWiki\Extension\MetricsPlatform\ControlPlane;

use FormatJson;
use MediaWiki\Revision\RevisionLookup;
use MediaWiki\Revision\SlotRecord;
use TextContent;
use WANObjectCache;
use Wikimedia\Rdbms\ILoadBalancer;

/**
 * Every page of the MetricsPlatform namespace, read and checked once and cached until one of them
 * changes (service MetricsPlatform.DefinitionStore). Whether a definition is active is decided when it
 * is read (the window moves with the clock, the cache does not).
 */
class DefinitionStore {

	public const NS = 2360;

	/** @var ILoadBalancer */
	private $loadBalancer;
	/** @var RevisionLookup */
	private $revisionLookup;
	/** @var WANObjectCache */
	private $cache;
	/** @var array|null */
	private $entries = null;

	/**
	 * @param ILoadBalancer $loadBalancer
	 * @param RevisionLookup $revisionLookup
	 * @param WANObjectCache $cache
	 */
	public function __construct( ILoadBalancer $loadBalancer, RevisionLookup $revisionLookup, WANObjectCache $cache ) {
		$this->loadBalancer = $loadBalancer;
		$this->revisionLookup = $revisionLookup;
		$this->cache = $cache;
	}

	/**
	 * The key touched whenever a definition page changes.
	 *
	 * @param WANObjectCache $cache
	 * @return string
	 */
	public static function checkKey( WANObjectCache $cache ): string {
		return $cache->makeKey( 'metricsplatform-definitions-touched' );
	}

	/**
	 * Every definition page, by name (the page title).
	 *
	 * @return array<string,array{name:string,pageId:int,revId:int,data:?array,problems:array[]}>
	 *  data is null when the page is not valid JSON; problems are DefinitionValidator's
	 */
	public function all(): array {
		if ( $this->entries === null ) {
			$this->entries = $this->cache->getWithSetCallback(
				$this->cache->makeKey( 'metricsplatform-definitions', 1 ),
				WANObjectCache::TTL_DAY,
				function () {
					return $this->load();
				},
				[ 'checkKeys' => [ self::checkKey( $this->cache ) ], 'lockTSE' => 10 ]
			);
		}
		return $this->entries;
	}

	/**
	 * The valid definitions, by name.
	 *
	 * @return array<string,Definition>
	 */
	public function valid(): array {
		$out = [];
		foreach ( $this->all() as $name => $entry ) {
			if ( $entry['data'] !== null && !$entry['problems'] ) {
				$out[$name] = new Definition( $entry['data'] );
			}
		}
		return $out;
	}

	/**
	 * @return array
	 */
	private function load(): array {
		$dbr = $this->loadBalancer->getConnectionRef( DB_REPLICA );
		$rows = $dbr->select( 'page', [ 'page_id', 'page_title', 'page_latest' ], [ 'page_namespace' => self::NS ], __METHOD__,
			[ 'ORDER BY' => 'page_title' ] );
		$validator = DefinitionContentHandler::validator();
		$entries = [];
		foreach ( $rows as $row ) {
			$revision = $this->revisionLookup->getRevisionById( (int)$row->page_latest );
			$content = $revision ? $revision->getContent( SlotRecord::MAIN ) : null;
			$text = $content instanceof TextContent ? $content->getText() : '';
			$parsed = FormatJson::parse( $text, FormatJson::FORCE_ASSOC );
			$data = $parsed->isGood() && is_array( $parsed->getValue() ) ? $parsed->getValue() : null;
			$entries[(string)$row->page_title] = [
				'name' => (string)$row->page_title,
				'pageId' => (int)$row->page_id,
				'revId' => (int)$row->page_latest,
				'data' => $data,
				// The duration is measured at save; here only the other rules matter.
				'problems' => $data === null ? [ DefinitionValidator::problem( '(definition)', 'schema', [ 'invalid JSON' ] ) ] :
					array_values( array_filter( $validator->problems( $data, (string)$row->page_title ), static function ( $p ) {
						return $p['rule'] !== 'duration';
					} ) ),
			];
		}
		return $entries;
	}
}
