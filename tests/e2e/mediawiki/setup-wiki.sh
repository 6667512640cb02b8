#!/usr/bin/env bash
# Creates a throwaway MediaWiki 1.39 on SQLite (Debian's read-only tree, nothing copied) with this
# extension loaded, in $E2E_DIR/wiki. A wiki left there by an earlier run is replaced (about 4 s).
# Usage: setup-wiki.sh E2E_DIR WIKI_PORT INTAKE_PORT
set -euo pipefail
E2E_DIR=$1
WIKI_PORT=$2
INTAKE_PORT=$3
EXT_DIR=$(cd "$(dirname "$0")/../../.." && pwd)
MW=/usr/share/mediawiki
WIKI=$E2E_DIR/wiki

rm -rf "$WIKI"
mkdir -p "$WIKI"/{data,cache,images,logs}
php $MW/maintenance/install.php --dbtype sqlite --dbpath "$WIKI/data" --dbname e2ewiki \
	--server "http://127.0.0.1:$WIKI_PORT" --scriptpath '' --confpath "$WIKI" \
	--lang en --skins Vector --pass 'E2e-Admin-pass-2024' 'E2E Wiki' Admin >"$WIKI/logs/install.log" 2>&1
echo 'require_once __DIR__ . "/E2ESettings.php";' >> "$WIKI/LocalSettings.php"
sed -e "s#@E2E_DIR@#$E2E_DIR#g" -e "s#@WIKI_PORT@#$WIKI_PORT#g" -e "s#@INTAKE_PORT@#$INTAKE_PORT#g" -e "s#@EXT_DIR@#$EXT_DIR#g" \
	"$EXT_DIR/tests/e2e/mediawiki/E2ESettings.php.in" > "$WIKI/E2ESettings.php"
php $MW/maintenance/update.php --quick --conf "$WIKI/LocalSettings.php" >"$WIKI/logs/update.log" 2>&1

# A registered user with 6 edits (bucket "5-99 edits").
php $MW/maintenance/createAndPromote.php --conf "$WIKI/LocalSettings.php" Editor 'E2e-Editor-pass-2024' >"$WIKI/logs/user.log" 2>&1
for i in 1 2 3 4 5 6; do
	echo "Edit $i by Editor." | php $MW/maintenance/edit.php --conf "$WIKI/LocalSettings.php" --user Editor "E2E page $i" >>"$WIKI/logs/user.log" 2>&1
done
echo "$WIKI/LocalSettings.php"
