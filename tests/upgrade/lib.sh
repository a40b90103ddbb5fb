# Shared by scripts/djstripe_upgrade_check and scripts/record_djstripe_fixture (sourced; needs ROOT).
# Builds dj-stripe databases with dj-stripe itself, in cached virtualenvs:
#   .venv-djstripe211  dj-stripe 2.11.0, Django 5.2, stripe 15 (the "user's" venv, swapped by the check)
#   .venv-djstripe29   dj-stripe 2.9.0, Django 5.1, stripe 11 (the too-old database of the negative case)
# and this project's Stripe API double from .venv.

UPGRADE_DIR=$ROOT/tests/upgrade
PROJECT_DIR=$UPGRADE_DIR/project
DJ211=$ROOT/.venv-djstripe211
DJ29=$ROOT/.venv-djstripe29
DJ211_REQS=("dj-stripe==2.11.0" "Django>=5.2,<5.3" "stripe>=15,<16" "psycopg[binary]")
# mysqlclient only where a MySQL/MariaDB database is built (it compiles against libmariadb)
[ "${UPGRADE_MYSQL:-0}" = 1 ] && DJ211_REQS+=("mysqlclient")
DJ29_REQS=("dj-stripe==2.9.0" "Django>=5.1,<5.2" "stripe>=11,<12" "psycopg[binary]")
CUSTOMERS=${UPGRADE_CUSTOMERS:-30}
PG_PREFIX=${DJSTRIPE_PG_NAME:-djstripe_upgrade}
export DJSTRIPE_PG_HOST=${DJSTRIPE_PG_HOST:-127.0.0.1} DJSTRIPE_PG_PORT=${DJSTRIPE_PG_PORT:-5432}
export DJSTRIPE_PG_USER=${DJSTRIPE_PG_USER:-postgres} DJSTRIPE_PG_PASSWORD=${DJSTRIPE_PG_PASSWORD:-postgres}
MYSQL_PREFIX=${DJSTRIPE_MYSQL_NAME:-djstripe_upgrade}
export DJSTRIPE_MYSQL_HOST=${DJSTRIPE_MYSQL_HOST:-127.0.0.1} DJSTRIPE_MYSQL_PORT=${DJSTRIPE_MYSQL_PORT:-3306}
export DJSTRIPE_MYSQL_USER=${DJSTRIPE_MYSQL_USER:-root} DJSTRIPE_MYSQL_PASSWORD=${DJSTRIPE_MYSQL_PASSWORD:-root}

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

pip_in() {  # pip_in VENV ARGS...: pip, quiet, without the machine's index-location warnings
  # From / and isolated (-I): in the repository's root, pip would take the root's
  # djstripe_mirror.egg-info (left by .venv's editable install) for an installed package.
  local venv=$1 rc=0
  shift
  (cd / && "$venv/bin/python" -I -m pip -q "$@") >"$venv/pip.log" 2>&1 || rc=$?
  grep -v '^WARNING: Location' "$venv/pip.log" >&2 || true
  return $rc
}

dist_version() {  # dist_version VENV NAME -> version or nothing (isolated, as pip_in)
  (cd / && "$1/bin/python" -I -c "import importlib.metadata as m, sys
try: print(m.version(sys.argv[1]))
except m.PackageNotFoundError: pass" "$2")
}

ensure_djstripe_venv() {  # ensure_djstripe_venv VENV VERSION REQS...: dj-stripe VERSION installed as djstripe
  local venv=$1 version=$2 py
  shift 2
  if [ ! -x "$venv/bin/python" ]; then
    py=$(find_python 3.12) || { echo "Python 3.12 not found (dj-stripe 2.11 needs it)" >&2; return 1; }
    "$py" -m venv "$venv"
    pip_in "$venv" install --upgrade pip
  fi
  if [ -n "$(dist_version "$venv" djstripe-mirror)" ]; then  # left swapped by an earlier check
    pip_in "$venv" uninstall -y djstripe-mirror
  fi
  if [ "$(dist_version "$venv" dj-stripe)" != "$version" ] ||
    { [ "${UPGRADE_MYSQL:-0}" = 1 ] && [ -z "$(dist_version "$venv" mysqlclient)" ]; }; then
    pip_in "$venv" install "$@"
  fi
}

ensure_double_venv() {
  if [ ! -x "$ROOT/.venv/bin/python" ]; then
    (cd "$ROOT" && ensure_venv .venv 3.11)
  fi
}

start_double() {  # start_double DIR: serves in the background; sets DOUBLE_URL and DOUBLE_PID
  local dir=$1
  (cd "$ROOT" && exec .venv/bin/python -m djstripe.testing --fixtures --customers "$CUSTOMERS" \
    --port 0 >"$dir/double.out" 2>"$dir/double.err") &
  DOUBLE_PID=$!
  for _ in $(seq 1 300); do
    if read -r word DOUBLE_URL _ <"$dir/double.out" 2>/dev/null && [ "$word" = READY ]; then
      export STRIPE_API_HOST=$DOUBLE_URL
      return 0
    fi
    kill -0 "$DOUBLE_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "the Stripe API double did not start; see $dir/double.err" >&2
  return 1
}

stop_double() {
  kill "$DOUBLE_PID" 2>/dev/null || true
  wait "$DOUBLE_PID" 2>/dev/null || true
}

use_database() {  # use_database DB FK DIR [NAME]: settings env for one case (sqlite file, PG or MySQL db)
  export UPGRADE_DB=$1 UPGRADE_FK_TO_FIELD=$2
  if [ "$1" = postgres ]; then
    export UPGRADE_PG_NAME=${PG_PREFIX}_${4:-$2}
  elif [ "$1" = mysql ]; then
    export UPGRADE_MYSQL_NAME=${MYSQL_PREFIX}_${4:-$2}
  else
    export UPGRADE_SQLITE_PATH=$3/db.sqlite3
  fi
}

fresh_database() {  # fresh_database VENV: an empty database for the case's settings
  if [ "$UPGRADE_DB" = postgres ]; then
    harness "$1" pgdb recreate "$UPGRADE_PG_NAME"
  elif [ "$UPGRADE_DB" = mysql ]; then
    harness "$1" mysqldb recreate "$UPGRADE_MYSQL_NAME"
  else
    rm -f "$UPGRADE_SQLITE_PATH"
  fi
}

manage() {  # manage VENV ARGS...: the user's manage.py under that venv
  local venv=$1
  shift
  (cd "$PROJECT_DIR" && PYTHONPATH=$UPGRADE_DIR "$venv/bin/python" manage.py "$@")
}

harness() {  # harness VENV MODULE ARGS...: python -m harness.MODULE under that venv
  local venv=$1 module=$2
  shift 2
  (cd "$PROJECT_DIR" && PYTHONPATH=$UPGRADE_DIR "$venv/bin/python" -m "harness.$module" "$@")
}

schema_key() {  # schema_key VENV DB FK: what decides the empty schema migrate leaves
  {
    echo "$2 $3 ${UPGRADE_USER_APP:-1}"
    dist_version "$1" dj-stripe
    dist_version "$1" Django
    cat "$PROJECT_DIR/upgradeproj/settings.py" "$PROJECT_DIR"/shop/migrations/*.py
  } | sha256sum | cut -c1-16
}

migrate_djstripe() {  # migrate_djstripe VENV: dj-stripe's migrate, or (UPGRADE_SCHEMA_CACHE=1) a
  # copy of the empty database an earlier run's migrate left (same versions, settings, user app)
  local venv=$1 cache=$1/schema-cache key template
  if [ "${UPGRADE_SCHEMA_CACHE:-0}" != 1 ] || [ "$UPGRADE_DB" = mysql ]; then
    manage "$venv" migrate -v0
    return
  fi
  mkdir -p "$cache"
  key=$(schema_key "$venv" "$UPGRADE_DB" "$UPGRADE_FK_TO_FIELD")
  if [ "$UPGRADE_DB" = postgres ]; then
    template=${UPGRADE_PG_NAME}_schema
    if [ "$(cat "$cache/$template.key" 2>/dev/null)" = "$key" ] &&
      harness "$venv" pgdb exists "$template"; then
      harness "$venv" pgdb clone "$template" "$UPGRADE_PG_NAME"
    else
      manage "$venv" migrate -v0 && harness "$venv" pgdb clone "$UPGRADE_PG_NAME" "$template" &&
        echo "$key" >"$cache/$template.key"
    fi
  elif [ -f "$cache/$key.sqlite3" ]; then
    cp "$cache/$key.sqlite3" "$UPGRADE_SQLITE_PATH"
  else
    manage "$venv" migrate -v0 && cp "$UPGRADE_SQLITE_PATH" "$cache/$key.sqlite3"
  fi
}

timed() {  # timed DIR NAME COMMAND...: run, append "NAME seconds" to DIR/times
  local dir=$1 name=$2 start rc=0
  shift 2
  start=$(now)
  "$@" || rc=$?
  echo "$name $(since "$start")" >>"$dir/times"
  return $rc
}

build_djstripe211() {  # build_djstripe211 DB FK DIR: dj-stripe 2.11 builds, fills and snapshots
  local db=$1 fk=$2 dir=$3
  mkdir -p "$dir"
  : >"$dir/times"
  use_database "$db" "$fk" "$dir"
  export UPGRADE_LOG_LEVEL=CRITICAL  # dj-stripe logs the forged delivery's failure
  start_double "$dir" || return 1
  local rc=0
  {
    fresh_database "$DJ211" &&
      timed "$dir" "dj-stripe 2.11 migrate" migrate_djstripe "$DJ211" &&
      timed "$dir" "dj-stripe 2.11 fills the database" harness "$DJ211" build "$dir/build.json" &&
      timed "$dir" "snapshot" harness "$DJ211" snapshot "$dir/before.json"
  } >>"$dir/build.log" 2>&1 || rc=$?
  stop_double
  return $rc
}

build_djstripe29() {  # build_djstripe29 DB DIR: a database at dj-stripe 2.9, with a few rows
  local db=$1 dir=$2
  mkdir -p "$dir"
  : >"$dir/times"
  use_database "$db" id "$dir" 29
  export UPGRADE_USER_APP=0 UPGRADE_LOG_LEVEL=CRITICAL
  start_double "$dir" || return 1
  local rc=0
  {
    fresh_database "$DJ29" &&
      timed "$dir" "dj-stripe 2.9 migrate" migrate_djstripe "$DJ29" &&
      { manage "$DJ29" djstripe_sync_models Product Price || true; } &&
      harness "$DJ29" fingerprint "$dir/before.json"
  } >>"$dir/build.log" 2>&1 || rc=$?
  stop_double
  return $rc
}
