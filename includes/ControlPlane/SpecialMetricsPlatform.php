<?php

namespace MediaWiki\Extension\MetricsPlatform\ControlPlane;

use Html;
use HTMLForm;
use Linker;
use MediaWiki\Extension\MetricsPlatform\IntakeReadClient;
use MediaWiki\Revision\RevisionLookup;
use MediaWiki\Revision\RevisionRecord;
use MediaWiki\Revision\SlotRecord;
use SpecialPage;
use TextContent;
use Title;

/**
 * Special:MetricsPlatform, the catalog: every definition (pages and, read-only, LocalSettings.php)
 * with its status, filters, and the field map; Special:MetricsPlatform/<name> shows one definition in
 * plain words with the timeline of its page's changes. Readable by everyone, rendered on the server.
 */
class SpecialMetricsPlatform extends SpecialPage {

	private const STATUSES = [ 'active', 'scheduled', 'expired', 'off', 'invalid' ];
	private const KINDS = [ 'instrument', 'experiment', 'flag' ];
	private const TIMELINE_LIMIT = 100;

	/** @var DefinitionStore */
	private $store;
	/** @var RevisionLookup */
	private $revisionLookup;
	/** @var DefinitionSaver */
	private $saver;
	/** @var IntakeReadClient */
	private $intake;

	/**
	 * @param DefinitionStore $store
	 * @param RevisionLookup $revisionLookup
	 * @param DefinitionSaver $saver
	 * @param IntakeReadClient $intake the intake's read side, for a stream's recent activity
	 */
	public function __construct( DefinitionStore $store, RevisionLookup $revisionLookup, DefinitionSaver $saver, IntakeReadClient $intake ) {
		parent::__construct( 'MetricsPlatform' );
		$this->store = $store;
		$this->revisionLookup = $revisionLookup;
		$this->saver = $saver;
		$this->intake = $intake;
	}

	/** @inheritDoc */
	protected function getGroupName() {
		return 'wiki';
	}

	/** @inheritDoc */
	public function execute( $par ) {
		$this->setHeaders();
		$out = $this->getOutput();
		$out->addModuleStyles( [ 'jquery.tablesorter.styles' ] );
		$out->addModules( [ 'jquery.tablesorter' ] );
		$rows = Catalog::rows( $this->getConfig(), $this->store, time() );
		if ( $par !== null && $par !== '' ) {
			$this->showDetail( $rows, $par );
			return;
		}
		$this->showCatalog( $rows );
	}

	/**
	 * @param array[] $rows
	 */
	private function showCatalog( array $rows ): void {
		$request = $this->getRequest();
		$filters = [
			'kind' => $request->getVal( 'kind', '' ),
			'status' => $request->getVal( 'status', '' ),
			'owner' => trim( $request->getVal( 'owner', '' ) ),
			'attribute' => $request->getVal( 'attribute', '' ),
		];
		$this->outputHeader();
		$this->showFilters( $filters, array_keys( Catalog::fieldMap( $rows ) ) );
		$now = time();
		$shown = array_filter( $rows, static function ( $row ) use ( $filters ) {
			return ( $filters['kind'] === '' || $row['kind'] === $filters['kind'] )
				&& ( $filters['status'] === '' || $row['status'] === $filters['status'] )
				&& ( $filters['owner'] === '' || stripos( (string)$row['owner'], $filters['owner'] ) !== false )
				&& ( $filters['attribute'] === '' || in_array( $filters['attribute'], $row['attributes'], true ) );
		} );
		$out = $this->getOutput();
		if ( $this->getAuthority()->isAllowed( 'metricsplatform-manage' ) ) {
			$out->addWikiMsg( 'metricsplatform-catalog-create', Title::makeTitle( DefinitionStore::NS, 'New_definition' )->getPrefixedText() );
		}
		$out->addHTML( Html::element( 'h2', [ 'id' => 'mw-metricsplatform-definitions' ], $this->msg( 'metricsplatform-catalog-definitions' )->text() ) );
		if ( !$shown ) {
			$out->addHTML( Html::element( 'p', [ 'class' => 'mw-metricsplatform-empty' ], $this->msg( 'metricsplatform-catalog-empty' )->text() ) );
		} else {
			$out->addHTML( $this->catalogTable( $shown, $now ) );
		}
		$out->addHTML( Html::element( 'h2', [ 'id' => 'mw-metricsplatform-fieldmap' ], $this->msg( 'metricsplatform-catalog-fieldmap' )->text() ) );
		$out->addWikiMsg( 'metricsplatform-catalog-fieldmap-intro' );
		$out->addHTML( $this->fieldMapTable( Catalog::fieldMap( $rows ) ) );
	}

	/**
	 * @param array $filters
	 * @param string[] $attributes
	 */
	private function showFilters( array $filters, array $attributes ): void {
		$any = [ $this->msg( 'metricsplatform-filter-any' )->text() => '' ];
		$kinds = $any;
		foreach ( self::KINDS as $kind ) {
			// Messages: metricsplatform-kind-instrument, -experiment, -flag
			$kinds[$this->msg( 'metricsplatform-kind-' . $kind )->text()] = $kind;
		}
		$statuses = $any;
		foreach ( self::STATUSES as $status ) {
			// Messages: metricsplatform-status-active, -scheduled, -expired, -off, -invalid
			$statuses[$this->msg( 'metricsplatform-status-' . $status )->text()] = $status;
		}
		$attributeOptions = $any;
		foreach ( $attributes as $attribute ) {
			$attributeOptions[$attribute] = $attribute;
		}
		$form = HTMLForm::factory( 'ooui', [
			'kind' => [ 'type' => 'select', 'name' => 'kind', 'label-message' => 'metricsplatform-filter-kind', 'options' => $kinds, 'default' => $filters['kind'] ],
			'status' => [ 'type' => 'select', 'name' => 'status', 'label-message' => 'metricsplatform-filter-status', 'options' => $statuses, 'default' => $filters['status'] ],
			'owner' => [ 'type' => 'text', 'name' => 'owner', 'label-message' => 'metricsplatform-filter-owner', 'default' => $filters['owner'] ],
			'attribute' => [ 'type' => 'select', 'name' => 'attribute', 'label-message' => 'metricsplatform-filter-attribute', 'options' => $attributeOptions, 'default' => $filters['attribute'] ],
		], $this->getContext() );
		$form->setMethod( 'get' )
			->setTitle( $this->getPageTitle() )
			->setWrapperLegendMsg( 'metricsplatform-filter-legend' )
			->setSubmitTextMsg( 'metricsplatform-filter-submit' )
			->prepareForm()
			->displayForm( false );
	}

	/**
	 * @param array[] $rows
	 * @param int $now
	 * @return string HTML
	 */
	private function catalogTable( array $rows, int $now ): string {
		$head = '';
		foreach ( [ 'name', 'kind', 'status', 'owner', 'percent', 'unit', 'window', 'attributes' ] as $column ) {
			// Messages: metricsplatform-column-name, -kind, -status, -owner, -percent, -unit, -window, -attributes
			$head .= Html::element( 'th', [], $this->msg( 'metricsplatform-column-' . $column )->text() );
		}
		$body = '';
		foreach ( $rows as $row ) {
			$daysLeft = Catalog::daysLeft( $row, $now );
			$status = $this->msg( 'metricsplatform-status-' . $row['status'] )->escaped();
			if ( $daysLeft !== null ) {
				$status .= ' ' . Html::element( 'strong', [], $this->msg( 'metricsplatform-ends-soon' )->numParams( $daysLeft )->text() );
			}
			$name = $this->getLinkRenderer()->makeKnownLink( $this->getPageTitle( $row['name'] ), $row['name'] );
			if ( $row['source'] === 'config' ) {
				$name .= ' ' . Html::element( 'small', [], $this->msg( 'metricsplatform-source-config' )->text() );
			}
			$cells = [
				$name,
				$row['kind'] !== null ? $this->msg( 'metricsplatform-kind-' . $row['kind'] )->escaped() : '',
				$status,
				htmlspecialchars( (string)$row['owner'] ),
				$row['percent'] !== null ? $this->msg( 'metricsplatform-percent' )->numParams( $row['percent'] )->escaped() : '',
				htmlspecialchars( (string)$row['unit'] ),
				htmlspecialchars( $this->window( $row ) ),
				htmlspecialchars( implode( ', ', array_filter( $row['attributes'], 'is_string' ) ) ),
			];
			$body .= Html::rawElement( 'tr', [
				'class' => 'mw-metricsplatform-' . $row['status'] . ( $daysLeft !== null ? ' mw-metricsplatform-ends-soon' : '' ),
				'data-name' => $row['name'],
			], implode( '', array_map( static function ( $cell ) {
				return Html::rawElement( 'td', [], $cell );
			}, $cells ) ) );
		}
		return Html::rawElement( 'table', [ 'class' => 'wikitable sortable mw-metricsplatform-catalog' ],
			Html::rawElement( 'thead', [], Html::rawElement( 'tr', [], $head ) ) . Html::rawElement( 'tbody', [], $body ) );
	}

	/**
	 * @param array $row
	 * @return string
	 */
	private function window( array $row ): string {
		if ( $row['start'] === null && $row['end'] === null ) {
			return '';
		}
		return $this->msg( 'metricsplatform-window' )->params( (string)( $row['start'] ?? '…' ), (string)( $row['end'] ?? '…' ) )->text();
	}

	/**
	 * @param array<string,string[]> $map
	 * @return string HTML
	 */
	private function fieldMapTable( array $map ): string {
		$body = '';
		foreach ( $map as $attribute => $names ) {
			$links = array_map( function ( $name ) {
				return $this->getLinkRenderer()->makeKnownLink( $this->getPageTitle( $name ), $name );
			}, $names );
			$body .= Html::rawElement( 'tr', [ 'data-attribute' => $attribute ],
				Html::rawElement( 'td', [], Html::element( 'code', [], $attribute ) ) . Html::rawElement( 'td', [], implode( ', ', $links ) ) );
		}
		return Html::rawElement( 'table', [ 'class' => 'wikitable sortable mw-metricsplatform-fieldmap' ],
			Html::rawElement( 'thead', [], Html::rawElement( 'tr', [],
				Html::element( 'th', [], $this->msg( 'metricsplatform-column-attribute' )->text() ) .
				Html::element( 'th', [], $this->msg( 'metricsplatform-column-collected-by' )->text() ) ) ) .
			Html::rawElement( 'tbody', [], $body ) );
	}

	/**
	 * @param array[] $rows
	 * @param string $name
	 */
	private function showDetail( array $rows, string $name ): void {
		$out = $this->getOutput();
		$name = str_replace( ' ', '_', $name );
		$found = array_values( array_filter( $rows, static function ( $row ) use ( $name ) {
			return $row['name'] === $name;
		} ) );
		$out->addBacklinkSubtitle( $this->getPageTitle() );
		if ( !$found ) {
			$out->setStatusCode( 404 );
			$out->addHTML( Html::errorBox( $this->msg( 'metricsplatform-detail-missing', $name )->escaped() ) );
			return;
		}
		$row = $found[0];
		if ( $this->getRequest()->getInt( 'saved' ) > 0 ) {
			$out->addHTML( Html::successBox( $this->msg( 'metricsplatform-saved' )->escaped() ) );
		}
		$out->setPageTitle( $this->msg( 'metricsplatform-detail-title', $name ) );
		$now = time();
		$daysLeft = Catalog::daysLeft( $row, $now );
		$summary = $this->msg( 'metricsplatform-status-' . $row['status'] )->text();
		if ( $daysLeft !== null ) {
			$summary .= ' ' . $this->msg( 'metricsplatform-ends-soon' )->numParams( $daysLeft )->text();
		}
		$out->addHTML( Html::rawElement( 'p', [ 'class' => 'mw-metricsplatform-detail-status' ],
			Html::element( 'strong', [], $this->msg( 'metricsplatform-column-status' )->text() . $this->msg( 'colon-separator' )->text() ) . htmlspecialchars( $summary ) ) );
		if ( $row['source'] === 'config' ) {
			$out->addWikiMsg( 'metricsplatform-detail-config' );
		} else {
			$title = Title::makeTitle( DefinitionStore::NS, $name );
			$out->addWikiMsg( 'metricsplatform-detail-page', $title->getPrefixedText() );
		}
		foreach ( $row['problems'] as $problem ) {
			$out->addHTML( Html::errorBox( $this->msg( DefinitionContentHandler::messageKey( $problem ), $problem['field'], ...$problem['params'] )->escaped() ) );
		}
		$data = $row['data'];
		if ( $row['source'] === 'page' && !$row['problems'] && !isset( $data['retention_days'] ) ) {
			$data['retention_days'] = Definition::DEFAULT_RETENTION_DAYS;
		}
		$fields = '';
		foreach ( self::flatten( $data ) as $field => $value ) {
			$fields .= Html::rawElement( 'tr', [ 'data-field' => $field ],
				Html::element( 'th', [], $this->fieldLabel( $field ) ) .
				Html::element( 'td', [], $this->plainValue( $field, $value ) ) );
		}
		$out->addHTML( Html::rawElement( 'table', [ 'class' => 'wikitable mw-metricsplatform-detail' ], $fields ) );
		if ( $row['stream'] !== null && $this->intake->isConfigured() ) {
			$this->showActivity( $row['stream'] );
		}
		if ( $row['source'] === 'page' && $row['kind'] !== null && $this->getAuthority()->isAllowed( 'metricsplatform-manage' ) ) {
			$this->showQuickActions( $row, $name );
		}
		if ( $row['source'] === 'page' ) {
			$out->addHTML( Html::element( 'h2', [], $this->msg( 'metricsplatform-timeline' )->text() ) );
			$out->addHTML( $this->timeline( Title::makeTitle( DefinitionStore::NS, $name ) ) );
		}
	}

	/**
	 * The stream's events at the intake: the count of the last 24 hours and the newest events (time
	 * and action for everyone; the whole stored event, which may carry sensitive attributes, only for
	 * users with metricsplatform-manage). An unreachable intake gives a notice, never an error.
	 *
	 * @param string $stream
	 */
	private function showActivity( string $stream ): void {
		$out = $this->getOutput();
		$out->addHTML( Html::element( 'h2', [ 'id' => 'mw-metricsplatform-activity' ], $this->msg( 'metricsplatform-intake-heading' )->text() ) );
		$activity = $this->intake->streamActivity( $stream, time() );
		if ( $activity === null ) {
			$out->addHTML( Html::warningBox( $this->msg( 'metricsplatform-intake-unavailable' )->escaped() ) );
			return;
		}
		$out->addHTML( Html::element( 'p', [ 'class' => 'mw-metricsplatform-activity-count', 'data-count' => $activity['count'] ],
			$this->msg( $activity['atLeast'] ? 'metricsplatform-intake-count-atleast' : 'metricsplatform-intake-count' )->numParams( $activity['count'] )->text() ) );
		if ( !$activity['last'] ) {
			return;
		}
		$full = $this->getAuthority()->isAllowed( 'metricsplatform-manage' );
		$head = Html::element( 'th', [], $this->msg( 'metricsplatform-intake-column-received' )->text() ) .
			Html::element( 'th', [], $this->msg( 'metricsplatform-intake-column-action' )->text() ) .
			( $full ? Html::element( 'th', [], $this->msg( 'metricsplatform-intake-column-event' )->text() ) : '' );
		$body = '';
		foreach ( $activity['last'] as $event ) {
			$received = is_string( $event['meta']['dt'] ?? null ) ? strtotime( $event['meta']['dt'] ) : false;
			$body .= Html::rawElement( 'tr', [],
				Html::element( 'td', [], $received === false ? '' : $this->getLanguage()->userTimeAndDate( wfTimestamp( TS_MW, $received ), $this->getUser() ) ) .
				Html::element( 'td', [], is_string( $event['action'] ?? null ) ? $event['action'] : '' ) .
				( $full ? Html::rawElement( 'td', [], Html::element( 'code', [], json_encode( $event, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ) ) ) : '' ) );
		}
		$out->addHTML( Html::element( 'h3', [], $this->msg( 'metricsplatform-intake-last' )->text() ) );
		$out->addHTML( Html::rawElement( 'table', [ 'class' => 'wikitable mw-metricsplatform-activity' ], Html::rawElement( 'tr', [], $head ) . $body ) );
	}

	/**
	 * Quick actions for managers: switch on or off, change the share, renew the end; one revision
	 * and one log entry each (DefinitionSaver), CSRF-checked by HTMLForm.
	 *
	 * @param array $row
	 * @param string $name
	 */
	private function showQuickActions( array $row, string $name ): void {
		$data = $row['data'];
		$percentKey = $row['kind'] === 'instrument' ? 'sample_percent' : ( $row['kind'] === 'experiment' ? 'traffic_percent' : null );
		$start = $data['start'] ?? '';
		$end = $data['end'] ?? '';
		if ( $row['status'] === 'expired' ) {
			// Renewal: a new window, from now to 30 days from now.
			$start = gmdate( 'Y-m-d\TH:i:s\Z', time() );
			$end = gmdate( 'Y-m-d\TH:i:s\Z', time() + 30 * 86400 );
		}
		$fields = [
			'status' => [ 'type' => 'radio', 'label-message' => 'metricsplatform-field-status', 'flatlist' => true,
				'options-messages' => [ 'metricsplatform-form-on' => 'on', 'metricsplatform-form-off' => 'off' ], 'default' => $data['status'] ?? 'off' ],
		];
		if ( $percentKey !== null ) {
			$fields['percent'] = [ 'type' => 'float', 'min' => 0, 'max' => 100, 'label-message' => 'metricsplatform-field-' . str_replace( '_', '-', $percentKey ),
				'default' => $percentKey === 'sample_percent' ? ( $data['sample']['percent'] ?? 100 ) : ( $data['traffic_percent'] ?? '' ) ];
		}
		$fields['start'] = [ 'type' => 'text', 'label-message' => 'metricsplatform-field-start', 'default' => $start ];
		$fields['end'] = [ 'type' => 'text', 'label-message' => 'metricsplatform-field-end', 'default' => $end,
			'help-message' => $row['status'] === 'expired' ? 'metricsplatform-quick-renew-help' : null ];
		$fields['summary'] = [ 'type' => 'text', 'label-message' => 'summary', 'default' => '' ];
		$form = HTMLForm::factory( 'ooui', array_filter( $fields ), $this->getContext(), 'metricsplatform-quick' );
		$form->setTitle( $this->getPageTitle( $name ) )
			->setWrapperLegendMsg( 'metricsplatform-quick-legend' )
			->setSubmitTextMsg( 'metricsplatform-form-save' )
			->setSubmitCallback( function ( array $values ) use ( $data, $row, $name ) {
				$new = $data;
				$new['status'] = $values['status'];
				if ( isset( $values['percent'] ) && $values['percent'] !== '' ) {
					if ( $row['kind'] === 'instrument' ) {
						$new['sample'] = [ 'unit' => $data['sample']['unit'] ?? 'session', 'percent' => $values['percent'] + 0 ];
					} else {
						$new['traffic_percent'] = $values['percent'] + 0;
					}
				}
				$new['end'] = trim( (string)$values['end'] );
				$new['start'] = trim( (string)$values['start'] );
				if ( $new['start'] === '' ) {
					unset( $new['start'] );
				}
				$summary = trim( (string)$values['summary'] );
				$status = $this->saver->save( $new, $this->getUser(), $summary !== '' ? $summary :
					$this->msg( 'metricsplatform-quick-summary', implode( ', ', DefinitionSaver::changedFields( $data, $new ) ) )->inContentLanguage()->text() );
				if ( $status->isOK() ) {
					$this->getOutput()->redirect( $this->getPageTitle( $name )->getFullURL( [ 'saved' => (int)$status->getValue() ] ) );
				}
				return \Status::wrap( $status );
			} );
		$form->addHeaderHtml( Html::rawElement( 'p', [], $this->getLinkRenderer()->makeKnownLink(
			SpecialPage::getTitleFor( 'MetricsPlatformEdit', $name ), $this->msg( 'metricsplatform-detail-edit' )->text() ) ) );
		$form->show();
	}

	/**
	 * The page's changes, newest first: each revision's author, date, summary and changed fields.
	 *
	 * @param Title $title
	 * @return string HTML
	 */
	private function timeline( Title $title ): string {
		$revisions = [];
		$revision = $this->revisionLookup->getFirstRevision( $title );
		while ( $revision && count( $revisions ) < self::TIMELINE_LIMIT ) {
			$revisions[] = $revision;
			$revision = $this->revisionLookup->getNextRevision( $revision );
		}
		$items = [];
		$before = null;
		foreach ( $revisions as $rev ) {
			$data = self::revisionData( $rev );
			$changes = $before === null ? [ $this->msg( 'metricsplatform-timeline-created' )->text() ] : $this->changes( $before, $data );
			$user = $rev->getUser();
			$comment = $rev->getComment();
			$entry = $this->msg( 'metricsplatform-timeline-entry' )->rawParams(
				htmlspecialchars( implode( $this->msg( 'semicolon-separator' )->text(), $changes ) ),
				$user ? Linker::userLink( $user->getId(), $user->getName() ) : '',
				htmlspecialchars( $this->getLanguage()->userTimeAndDate( $rev->getTimestamp(), $this->getUser() ) )
			)->escaped();
			if ( $comment && $comment->text !== '' ) {
				$entry .= ' ' . Html::element( 'span', [ 'class' => 'comment' ], $this->msg( 'parentheses', $comment->text )->text() );
			}
			$items[] = Html::rawElement( 'li', [ 'data-revision' => $rev->getId() ], $entry );
			$before = $data;
		}
		return Html::rawElement( 'ul', [ 'class' => 'mw-metricsplatform-timeline' ], implode( '', array_reverse( $items ) ) );
	}

	/**
	 * @param RevisionRecord $rev
	 * @return array the revision's definition, flattened
	 */
	private static function revisionData( RevisionRecord $rev ): array {
		$content = $rev->getContent( SlotRecord::MAIN, RevisionRecord::RAW );
		$data = $content instanceof TextContent ? json_decode( $content->getText(), true ) : null;
		return is_array( $data ) ? self::flatten( $data ) : [];
	}

	/**
	 * "field: old → new" for each field that differs.
	 *
	 * @param array $before flattened
	 * @param array $after flattened
	 * @return string[]
	 */
	private function changes( array $before, array $after ): array {
		$changes = [];
		foreach ( array_unique( array_merge( array_keys( $before ), array_keys( $after ) ) ) as $field ) {
			$old = $before[$field] ?? null;
			$new = $after[$field] ?? null;
			if ( $old !== $new ) {
				$changes[] = $this->msg( 'metricsplatform-timeline-change' )->params(
					$this->fieldLabel( $field ),
					$old === null ? '—' : $this->plainValue( $field, $old ),
					$new === null ? '—' : $this->plainValue( $field, $new )
				)->text();
			}
		}
		return $changes ?: [ $this->msg( 'metricsplatform-timeline-nochange' )->text() ];
	}

	/**
	 * Dotted paths to scalar values or lists of scalars; other lists and objects as JSON.
	 *
	 * @param array $data
	 * @param string $prefix
	 * @return array
	 */
	private static function flatten( array $data, string $prefix = '' ): array {
		$out = [];
		foreach ( $data as $key => $value ) {
			$path = $prefix . $key;
			$isObject = is_array( $value ) && $value !== [] && array_keys( $value ) !== range( 0, count( $value ) - 1 );
			if ( $isObject && in_array( $path, [ 'sample', 'rollout' ], true ) ) {
				$out += self::flatten( $value, $path . '.' );
			} else {
				$out[$path] = $value;
			}
		}
		return $out;
	}

	/**
	 * @param string $field
	 * @return string
	 */
	private function fieldLabel( string $field ): string {
		// Messages: metricsplatform-field-<field, with "." and "_" as "-">, e.g. metricsplatform-field-sample-percent
		$msg = $this->msg( 'metricsplatform-field-' . str_replace( [ '.', '_' ], '-', $field ) );
		return $msg->exists() ? $msg->text() : $field;
	}

	/**
	 * @param string $field
	 * @param mixed $value
	 * @return string
	 */
	private function plainValue( string $field, $value ): string {
		if ( is_bool( $value ) ) {
			return $value ? 'true' : 'false';
		}
		if ( ( is_int( $value ) || is_float( $value ) ) && preg_match( '/percent$/', $field ) ) {
			return $this->msg( 'metricsplatform-percent' )->numParams( $value )->text();
		}
		if ( is_array( $value ) ) {
			$scalars = array_filter( $value, 'is_string' );
			return count( $scalars ) === count( $value ) && array_keys( $value ) === range( 0, count( $value ) - 1 ) ?
				implode( ', ', $value ) : json_encode( $value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE );
		}
		return is_string( $value ) ? $value : json_encode( $value );
	}
}
