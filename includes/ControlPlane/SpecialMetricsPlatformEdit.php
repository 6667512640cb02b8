<?php

namespace MediaWiki\Extension\MetricsPlatform\ControlPlane;

use FormatJson;
use FormSpecialPage;
use HTMLForm;
use SpecialPage;
use MediaWiki\Extension\MetricsPlatform\Core\ContextAttributes;
use Status;
use Title;

/**
 * Special:MetricsPlatformEdit[/<name>]: create or change an instrument, experiment or flag without
 * writing JSON (HTMLForm, OOUI). Each rule the definition breaks is shown next to its field; the save
 * is DefinitionSaver's (one revision with the summary, one log entry). Needs metricsplatform-manage.
 */
class SpecialMetricsPlatformEdit extends FormSpecialPage {

	private const WEB_SCHEMA = '/analytics/product_metrics/web/base/1.3.0';
	private const KINDS = [ 'instrument', 'experiment', 'flag' ];

	/** @var DefinitionSaver */
	private $saver;
	/** @var array|null the page's definition, when it exists */
	private $current = null;
	/** @var string */
	private $kind = 'instrument';
	/** @var array<string,array[]> problems by form field, for the data last checked */
	private $problemsByField = [];
	/** @var string|null JSON of the form data the problems are for */
	private $checked = null;
	/** @var int|null */
	private $savedRevision = null;

	/**
	 * @param DefinitionSaver $saver
	 */
	public function __construct( DefinitionSaver $saver ) {
		parent::__construct( 'MetricsPlatformEdit', 'metricsplatform-manage' );
		$this->saver = $saver;
	}

	/** @inheritDoc */
	protected function getGroupName() {
		return 'wiki';
	}

	/** @inheritDoc */
	public function doesWrites() {
		return true;
	}

	/** @inheritDoc */
	protected function getDisplayFormat() {
		return 'ooui';
	}

	/** @inheritDoc */
	protected function setParameter( $par ) {
		parent::setParameter( $par );
		$name = str_replace( ' ', '_', (string)$par );
		$title = $name !== '' ? Title::makeTitleSafe( DefinitionStore::NS, $name ) : null;
		$this->current = $title ? $this->saver->current( $title ) : null;
		$kind = $this->current['kind'] ?? $this->getRequest()->getVal( 'kind', 'instrument' );
		$this->kind = in_array( $kind, self::KINDS, true ) ? $kind : 'instrument';
	}

	/** @inheritDoc */
	protected function alterForm( HTMLForm $form ) {
		$form->setSubmitTextMsg( 'metricsplatform-form-save' );
		if ( $this->current === null ) {
			// Messages: metricsplatform-form-new-instrument, -new-experiment, -new-flag
			$this->getOutput()->setPageTitle( $this->msg( 'metricsplatform-form-new-' . $this->kind ) );
			$links = [];
			foreach ( self::KINDS as $kind ) {
				$links[] = $this->getLinkRenderer()->makeKnownLink( $this->getPageTitle(), $this->msg( 'metricsplatform-kind-' . $kind )->text(), [], [ 'kind' => $kind ] );
			}
			$form->addPreHtml( $this->msg( 'metricsplatform-form-kinds' )->rawParams( $this->getLanguage()->pipeList( $links ) )->parseAsBlock() );
		} else {
			$this->getOutput()->setPageTitle( $this->msg( 'metricsplatform-form-edit', $this->par ) );
		}
		$this->getOutput()->addBacklinkSubtitle( SpecialPage::getTitleFor( 'MetricsPlatform', $this->current ? (string)$this->par : false ) );
	}

	/** @inheritDoc */
	protected function getFormFields() {
		$d = $this->current ?? [ 'kind' => $this->kind, 'status' => 'on', 'sample' => [ 'unit' => 'session', 'percent' => 1 ], 'schema_id' => self::WEB_SCHEMA ];
		$json = static function ( $value ) {
			return $value === null ? '' : FormatJson::encode( $value, false, FormatJson::ALL_OK );
		};
		$attributes = [];
		foreach ( ContextAttributes::NAMES as $name ) {
			// Messages: metricsplatform-attribute-<name>, one per contextual attribute
			$attributes[$this->msg( 'metricsplatform-attribute-option', $name, $this->msg( 'metricsplatform-attribute-' . str_replace( '_', '-', $name ) )->text() )->text()] = $name;
		}
		$fields = [
			'name' => [ 'type' => 'text', 'default' => $d['name'] ?? (string)$this->par, 'required' => true, 'disabled' => $this->current !== null,
				'help-message' => 'metricsplatform-form-name-help' ],
			'description' => [ 'type' => 'textarea', 'rows' => 2, 'default' => $d['description'] ?? '', 'required' => true ],
			'owner' => [ 'type' => 'text', 'default' => $d['owner'] ?? '', 'required' => true ],
			'contact' => [ 'type' => 'text', 'default' => $d['contact'] ?? '' ],
			'task' => [ 'type' => 'url', 'default' => $d['task'] ?? '' ],
			'purpose' => [ 'type' => 'textarea', 'rows' => 2, 'default' => $d['purpose'] ?? '' ],
			'status' => [ 'type' => 'radio', 'options-messages' => [ 'metricsplatform-form-on' => 'on', 'metricsplatform-form-off' => 'off' ], 'default' => $d['status'] ?? 'on', 'flatlist' => true ],
			'start' => [ 'type' => 'text', 'default' => $d['start'] ?? '', 'placeholder' => '2026-01-31T00:00:00Z', 'help-message' => 'metricsplatform-form-date-help' ],
			'end' => [ 'type' => 'text', 'default' => $d['end'] ?? '', 'required' => true, 'placeholder' => '2026-04-30T00:00:00Z',
				'help-message' => [ 'metricsplatform-form-end-help', $this->getConfig()->get( 'MetricsPlatformMaxDurationDays' ) ] ],
		];
		if ( $this->kind === 'instrument' ) {
			$fields += [
				'stream' => [ 'type' => 'text', 'default' => $d['stream'] ?? '', 'required' => true ],
				'schema_id' => [ 'type' => 'text', 'default' => $d['schema_id'] ?? '' ],
				'sample_unit' => [ 'type' => 'select', 'options' => [ 'session' => 'session', 'pageview' => 'pageview', 'device' => 'device' ], 'default' => $d['sample']['unit'] ?? 'session' ],
				'sample_percent' => [ 'type' => 'float', 'default' => $d['sample']['percent'] ?? '', 'min' => 0, 'max' => 100,
					'help-message' => [ 'metricsplatform-form-percent-help', $this->getConfig()->get( 'MetricsPlatformMaxSamplePercent' ) ] ],
				'provide_values' => [ 'type' => 'multiselect', 'options' => $attributes, 'default' => $d['provide_values'] ?? [] ],
				'curation' => [ 'type' => 'textarea', 'rows' => 2, 'default' => $json( $d['curation'] ?? null ), 'help-message' => 'metricsplatform-form-json-help' ],
				'events' => [ 'type' => 'text', 'default' => implode( ', ', $d['events'] ?? [] ), 'help-message' => 'metricsplatform-form-list-help' ],
			];
		} elseif ( $this->kind === 'experiment' ) {
			$fields += [
				'unit' => [ 'type' => 'select', 'options' => [ 'user' => 'user', 'session' => 'session', 'device' => 'device' ], 'default' => $d['unit'] ?? 'user' ],
				'traffic_percent' => [ 'type' => 'float', 'default' => $d['traffic_percent'] ?? '', 'min' => 0, 'max' => 100,
					'help-message' => [ 'metricsplatform-form-percent-help', $this->getConfig()->get( 'MetricsPlatformMaxSamplePercent' ) ] ],
				'groups' => [ 'type' => 'textarea', 'rows' => 3, 'default' => self::groupsText( $d['groups'] ?? [] ), 'help-message' => 'metricsplatform-form-groups-help' ],
				'targeting' => [ 'type' => 'textarea', 'rows' => 2, 'default' => $json( $d['targeting'] ?? null ), 'help-message' => 'metricsplatform-form-json-help' ],
				'stream' => [ 'type' => 'text', 'default' => $d['stream'] ?? '' ],
			];
		} else {
			$fields += [
				'type' => [ 'type' => 'select', 'options' => [ 'boolean' => 'boolean', 'string' => 'string', 'number' => 'number', 'json' => 'json' ], 'default' => $d['type'] ?? 'boolean' ],
				'default' => [ 'type' => 'text', 'default' => $json( $d['default'] ?? false ), 'help-message' => 'metricsplatform-form-json-help' ],
				'rules' => [ 'type' => 'textarea', 'rows' => 2, 'default' => $json( $d['rules'] ?? null ), 'help-message' => 'metricsplatform-form-json-help' ],
				'rollout_percent' => [ 'type' => 'float', 'default' => $d['rollout']['percent'] ?? '', 'min' => 0, 'max' => 100 ],
				'rollout_unit' => [ 'type' => 'select', 'options' => [ 'user' => 'user', 'session' => 'session', 'device' => 'device' ], 'default' => $d['rollout']['unit'] ?? 'user' ],
				'rollout_value' => [ 'type' => 'text', 'default' => $json( $d['rollout']['value'] ?? true ), 'help-message' => 'metricsplatform-form-json-help' ],
			];
		}
		$fields += [
			'risk' => [ 'type' => 'select', 'options-messages' => [ 'metricsplatform-form-risk-low' => 'low', 'metricsplatform-form-risk-medium' => 'medium', 'metricsplatform-form-risk-high' => 'high' ], 'default' => $d['risk'] ?? 'low' ],
			'privacy_review' => [ 'type' => 'url', 'default' => $d['privacy_review'] ?? '', 'help-message' => 'metricsplatform-form-review-help' ],
			'retention_days' => [ 'type' => 'int', 'default' => $d['retention_days'] ?? Definition::DEFAULT_RETENTION_DAYS, 'min' => 1 ],
			'summary' => [ 'type' => 'text', 'label-message' => 'summary', 'default' => '' ],
		];
		foreach ( $fields as $key => &$field ) {
			if ( $key !== 'summary' ) {
				// Messages: metricsplatform-field-* (see SpecialMetricsPlatform::fieldLabel)
				$field['label-message'] = 'metricsplatform-field-' . str_replace( '_', '-', $key );
				$field['validation-callback'] = function ( $value, $alldata ) use ( $key ) {
					return $this->fieldErrors( $key, $alldata );
				};
			}
		}
		return $fields;
	}

	/**
	 * The definition the form describes.
	 *
	 * @param array $form HTMLForm data
	 * @return array
	 */
	private function definitionFrom( array $form ): array {
		$text = static function ( $key ) use ( $form ) {
			return trim( (string)( $form[$key] ?? '' ) );
		};
		$number = static function ( $key ) use ( $text ) {
			$v = $text( $key );
			return is_numeric( $v ) ? $v + 0 : ( $v === '' ? null : $v );
		};
		$json = static function ( $key ) use ( $text ) {
			$v = $text( $key );
			if ( $v === '' ) {
				return null;
			}
			$parsed = FormatJson::parse( $v, FormatJson::FORCE_ASSOC );
			return $parsed->isGood() ? $parsed->getValue() : $v;
		};
		$d = [ 'kind' => $this->kind, 'name' => $this->current['name'] ?? $text( 'name' ) ];
		foreach ( [ 'description', 'owner', 'contact', 'task', 'purpose', 'status', 'start', 'end' ] as $key ) {
			if ( $text( $key ) !== '' ) {
				$d[$key] = $text( $key );
			}
		}
		if ( $this->kind === 'instrument' ) {
			$d['stream'] = $text( 'stream' );
			if ( $text( 'schema_id' ) !== '' ) {
				$d['schema_id'] = $text( 'schema_id' );
			}
			if ( $text( 'sample_percent' ) !== '' ) {
				$d['sample'] = [ 'unit' => $text( 'sample_unit' ), 'percent' => $number( 'sample_percent' ) ];
			}
			$d['provide_values'] = array_values( $form['provide_values'] ?? [] );
			$curation = $json( 'curation' );
			if ( $curation !== null ) {
				$d['curation'] = $curation;
			}
			$events = array_values( array_filter( array_map( 'trim', explode( ',', $text( 'events' ) ) ), 'strlen' ) );
			if ( $events ) {
				$d['events'] = $events;
			}
		} elseif ( $this->kind === 'experiment' ) {
			$d['unit'] = $text( 'unit' );
			$d['traffic_percent'] = $number( 'traffic_percent' );
			$d['groups'] = self::groupsFrom( $text( 'groups' ) );
			foreach ( [ 'targeting' ] as $key ) {
				if ( $json( $key ) !== null ) {
					$d[$key] = $json( $key );
				}
			}
			if ( $text( 'stream' ) !== '' ) {
				$d['stream'] = $text( 'stream' );
			}
		} else {
			$d['type'] = $text( 'type' );
			$d['default'] = $json( 'default' );
			if ( $json( 'rules' ) !== null ) {
				$d['rules'] = $json( 'rules' );
			}
			if ( $text( 'rollout_percent' ) !== '' ) {
				$d['rollout'] = [ 'percent' => $number( 'rollout_percent' ), 'unit' => $text( 'rollout_unit' ), 'value' => $json( 'rollout_value' ) ];
			}
		}
		if ( $text( 'risk' ) !== '' && $text( 'risk' ) !== 'low' ) {
			$d['risk'] = $text( 'risk' );
		}
		if ( $text( 'privacy_review' ) !== '' ) {
			$d['privacy_review'] = $text( 'privacy_review' );
		}
		$retention = $number( 'retention_days' );
		if ( $retention !== null && $retention !== Definition::DEFAULT_RETENTION_DAYS ) {
			$d['retention_days'] = $retention;
		}
		return $d;
	}

	/**
	 * @param array $groups
	 * @return string one group a line: "name" or "name weight"
	 */
	private static function groupsText( array $groups ): string {
		return implode( "\n", array_map( static function ( $g ) {
			return is_array( $g ) ? trim( ( $g['name'] ?? '' ) . ' ' . ( $g['weight'] ?? '' ) ) : (string)$g;
		}, $groups ) );
	}

	/**
	 * @param string $text
	 * @return array
	 */
	private static function groupsFrom( string $text ): array {
		$groups = [];
		foreach ( preg_split( '/\n/', $text ) as $line ) {
			$parts = preg_split( '/\s+/', trim( $line ) );
			if ( $parts[0] === '' ) {
				continue;
			}
			$group = [ 'name' => $parts[0] ];
			if ( isset( $parts[1] ) ) {
				$group['weight'] = is_numeric( $parts[1] ) ? $parts[1] + 0 : $parts[1];
			}
			$groups[] = $group;
		}
		return $groups;
	}

	/**
	 * The form field a problem belongs to: the first part of its path, with "sample.percent" as
	 * "sample_percent" and list items as their list.
	 *
	 * @param string $field
	 * @return string
	 */
	private static function formField( string $field ): string {
		$parts = explode( '.', $field );
		if ( in_array( $parts[0], [ 'sample', 'rollout' ], true ) ) {
			return $parts[0] . '_' . ( $parts[1] ?? 'percent' );
		}
		return $parts[0];
	}

	/**
	 * The messages of the problems of one field, for HTMLForm's validation-callback.
	 *
	 * @param string $key
	 * @param array $alldata
	 * @return bool|string true, or HTML
	 */
	private function fieldErrors( string $key, array $alldata ) {
		$this->check( $alldata );
		if ( !isset( $this->problemsByField[$key] ) ) {
			return true;
		}
		return implode( '<br>', array_map( function ( $p ) {
			return $this->msg( DefinitionContentHandler::messageKey( $p ), $p['field'], ...$p['params'] )->escaped();
		}, $this->problemsByField[$key] ) );
	}

	/**
	 * Runs the save rules once per form data.
	 *
	 * @param array $alldata
	 * @return array[] the problems no field shows
	 */
	private function check( array $alldata ): array {
		$definition = $this->definitionFrom( $alldata );
		$key = json_encode( $definition );
		if ( $this->checked !== $key ) {
			$this->checked = $key;
			$this->problemsByField = [];
			foreach ( DefinitionContentHandler::validator()->problems( $definition, $definition['name'] ) as $problem ) {
				$this->problemsByField[self::formField( $problem['field'] )][] = $problem;
			}
		}
		$fields = array_keys( $this->getFormFields() );
		return array_merge( [], ...array_values( array_diff_key( $this->problemsByField, array_flip( $fields ) ) ) );
	}

	/** @inheritDoc */
	public function onSubmit( array $data ) {
		$rest = $this->check( $data );
		if ( $rest ) {
			$status = Status::newGood();
			foreach ( $rest as $p ) {
				$status->fatal( DefinitionContentHandler::messageKey( $p ), $p['field'], ...$p['params'] );
			}
			return $status;
		}
		$definition = $this->definitionFrom( $data );
		$summary = trim( (string)$data['summary'] );
		$result = $this->saver->save( $definition, $this->getUser(), $summary );
		if ( $result->isOK() ) {
			$this->par = $definition['name'];
			$this->savedRevision = $result->getValue();
		}
		return Status::wrap( $result );
	}

	/** @inheritDoc */
	public function onSuccess() {
		$this->getOutput()->redirect( SpecialPage::getTitleFor( 'MetricsPlatform', (string)$this->par )->getFullURL( [ 'saved' => $this->savedRevision ?? 0 ] ) );
	}
}
