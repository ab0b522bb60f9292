#!/usr/bin/env bash
# Build LM Planner's wheel, sdist and one-folder app bundle from a clean clone, then smoke-test
# them offscreen. Exit 0 only if every build and every smoke test worked.
#
#   packaging/build.sh             build/ holds the venvs, icons and logs; dist/ the results
#   packaging/build.sh --clean     start from an empty build/ and dist/
#   packaging/build.sh --no-team   a bundle without team plans (PostgreSQL): 22 MB smaller
#
# Environment: PYTHON (default python3, 3.11 or newer). Written for Linux; on macOS and
# Windows run the spec as README.md says.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$ROOT/build
DIST=$ROOT/dist
LOGS=$BUILD/logs
VENV=$BUILD/venv
PYTHON=${PYTHON:-python3}
GUI_TIMEOUT=180

TEAM=1
for arg in "$@"; do
    case $arg in
        --clean) rm -rf "$BUILD" "$DIST" ;;
        --no-team) TEAM=0 ;;
        *) echo "usage: packaging/build.sh [--clean] [--no-team]" >&2; exit 2 ;;
    esac
done
mkdir -p "$BUILD" "$DIST" "$LOGS"
cd "$ROOT"

step() { printf '\n== %s\n' "$*"; }
# Run a command with its output in a log file; on failure show the end of the log.
logged() {
    local log=$LOGS/$1.log
    shift
    if ! "$@" >"$log" 2>&1; then
        echo "FAILED: $* (last lines of $log):" >&2
        tail -n 40 "$log" >&2
        return 1
    fi
}

"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    { echo "build.sh: $PYTHON is older than Python 3.11" >&2; exit 1; }
VERSION=$("$PYTHON" -c 'import re, sys
text = open("lmplanner/__init__.py", encoding="utf-8").read()
print(re.search(r"^__version__\s*=\s*[\"\x27]([^\"\x27]+)", text, re.M).group(1))')
echo "LM Planner $VERSION: building in $BUILD, results in $DIST"

# ---------------------------------------------------------------- build environment
step "build venv ($VENV): the project, PyInstaller, Pillow (icons), build"
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
logged pip-build-venv "$VENV/bin/python" -m pip install --upgrade pip
# Pillow is a build-time tool here (it writes .ico and .icns), whatever the app depends on.
logged pip-build-tools "$VENV/bin/python" -m pip install pyinstaller pillow build
if [ "$TEAM" = 1 ]; then
    logged pip-project "$VENV/bin/python" -m pip install "${ROOT}[team]"
else
    logged pip-project "$VENV/bin/python" -m pip install "$ROOT"
fi

step "icons: PNG sizes, .ico, .icns from resources/icons/lmplanner.svg"
QT_QPA_PLATFORM=offscreen "$VENV/bin/python" packaging/make_icons.py --out "$BUILD/icons"

step "wheel and sdist (python -m build)"
rm -f "$DIST"/lmplanner-*.whl "$DIST"/lmplanner-*.tar.gz
logged python-build "$VENV/bin/python" -m build --outdir "$DIST" "$ROOT"
WHEEL=$(ls "$DIST"/lmplanner-"$VERSION"-*.whl)
SDIST=$(ls "$DIST"/lmplanner-"$VERSION".tar.gz)
echo "$WHEEL"

step "one-folder app bundle (PyInstaller)"
LMPLANNER_ICON_DIR=$BUILD/icons LMPLANNER_BUNDLE_TEAM=$TEAM logged pyinstaller "$VENV/bin/pyinstaller" --noconfirm --clean \
    --distpath "$DIST" --workpath "$BUILD/pyinstaller" packaging/lmplanner.spec
BUNDLE=$DIST/lmplanner
ARCHIVE=$DIST/lmplanner-$VERSION-linux-$(uname -m).tar.gz
tar -C "$DIST" -czf "$ARCHIVE" lmplanner

# ---------------------------------------------------------------- smoke tests
# Everything the app writes (plans, backups, logs, settings) goes to a scratch folder.
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/lmplanner-smoke.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
export LMPLANNER_DATA_DIR=$SCRATCH/data XDG_CONFIG_HOME=$SCRATCH/config
export XDG_CACHE_HOME=$SCRATCH/cache XDG_STATE_HOME=$SCRATCH/state
unset LMPLANNER_DB
mkdir -p "$LMPLANNER_DATA_DIR"
# Not in the checkout: `python -c` there would import lmplanner from the source tree.
cd "$SCRATCH"
MONTH=$(date +%Y-%m)
FAILURES=0
RESULTS=()

check() {  # check NAME COMMAND...: run it, record PASS or FAIL
    local name=$1
    shift
    if "$@" >"$LOGS/smoke-${name// /-}.log" 2>&1; then
        RESULTS+=("PASS  $name")
    else
        RESULTS+=("FAIL  $name (log: $LOGS/smoke-${name// /-}.log)")
        FAILURES=$((FAILURES + 1))
        tail -n 20 "$LOGS/smoke-${name// /-}.log" >&2
    fi
}
gui() {  # the app offscreen, quitting right after its first populated paint
    QT_QPA_PLATFORM=offscreen LMPLANNER_EXIT_AFTER_PAINT=1 timeout "$GUI_TIMEOUT" "$@"
}
is_pdf() {  # is_pdf FILE: a non-trivial file that starts like a PDF and ends like one
    [ "$(head -c 5 "$1")" = "%PDF-" ] && [ "$(wc -c <"$1")" -gt 10000 ] &&
        tail -c 1024 "$1" | grep -q '%%EOF'
}
report_ok() {  # report_ok LMPLANNER PLAN PDF
    "$1" --db "$2" report --month "$MONTH" --out "$3" && is_pdf "$3"
}
version_ok() {  # version_ok LMPLANNER
    [ "$("$1" --version)" = "lmplanner $VERSION" ]
}

step "smoke test 1: a fresh venv with only the wheel"
WHEEL_VENV=$BUILD/smoke-wheel-venv
rm -rf "$WHEEL_VENV"
"$PYTHON" -m venv "$WHEEL_VENV"
logged pip-smoke-wheel "$WHEEL_VENV/bin/python" -m pip install "$WHEEL"
W=$WHEEL_VENV/bin
check "wheel: lmplanner --version" version_ok "$W/lmplanner"
check "wheel: resources inside the package" "$W/python" -I -c '
import sys
from lmplanner.core.resources import resource_path
for parts in (("icons", "lmplanner.svg"), ("roles", "model.json")):
    path = resource_path(*parts)
    assert path.is_file() and "site-packages" in str(path), path'
check "wheel: lmplanner demo" "$W/lmplanner" --db "$SCRATCH/wheel.lmplan" demo --month "$MONTH"
check "wheel: lmplanner report" report_ok "$W/lmplanner" "$SCRATCH/wheel.lmplan" "$SCRATCH/wheel.pdf"
check "wheel: GUI offscreen (lmplanner)" gui "$W/lmplanner" --db "$SCRATCH/wheel.lmplan"
check "wheel: GUI offscreen (lmplanner-gui)" gui "$W/lmplanner-gui" --db "$SCRATCH/wheel.lmplan"

step "smoke test 2 and 3: the app bundle"
B=$BUNDLE
check "bundle: lmplanner --version" version_ok "$B/lmplanner"
check "bundle: lmplanner demo" "$B/lmplanner" --db "$SCRATCH/bundle.lmplan" demo --month "$MONTH"
check "bundle: GUI opens the demo plan, exits after paint" \
    gui "$B/lmplanner-gui" --db "$SCRATCH/bundle.lmplan"
check "bundle: GUI with no command (lmplanner)" gui "$B/lmplanner" --db "$SCRATCH/bundle.lmplan"
check "bundle: CLI exports a report" \
    report_ok "$B/lmplanner" "$SCRATCH/bundle.lmplan" "$SCRATCH/bundle.pdf"
check "bundle: CLI exports iCalendar" \
    "$B/lmplanner" --db "$SCRATCH/bundle.lmplan" export --out "$SCRATCH/bundle.ics"
check "bundle: icon and migrations inside" test -f "$B/_internal/lmplanner/resources/icons/lmplanner.svg" \
    -a -f "$B/_internal/lmplanner/core/store/migrations/env.py" \
    -a -f "$B/_internal/lmplanner/core/store/migrations/script.py.mako"

if [ "$TEAM" = 1 ]; then
    # The driver loads: a closed port gives "cannot reach", not "install the driver".
    team_driver_ok() {
        local out
        out=$("$B/lmplanner" --db "postgresql+psycopg://nobody@127.0.0.1:9/none" list 2>&1) || true
        echo "$out"
        case $out in *"Cannot reach"*) return 0 ;; *) return 1 ;; esac
    }
    check "bundle: PostgreSQL driver loads" team_driver_ok
    # A real team plan on a throw-away server, when this machine can start one.
    team_plan_ok() {
        "$VENV/bin/python" - "$B/lmplanner" "$SCRATCH/team.pdf" "$MONTH" <<'PY'
import subprocess
import sys

sys.path.insert(0, "tests/pg")  # the throw-away cluster helper of the test suite
from pg_cluster import ClusterUnavailable, running_cluster

lmplanner, pdf, month = sys.argv[1:]
try:
    with running_cluster() as cluster:
        url = cluster.url(cluster.create_database())
        for args in (["demo", "--month", month], ["report", "--month", month, "--out", pdf]):
            subprocess.run([lmplanner, "--db", url, *args], check=True, timeout=300)
except ClusterUnavailable as exc:
    print(f"SKIP: no PostgreSQL server here: {exc}")
    sys.exit(3)
PY
    }
    (cd "$ROOT" && team_plan_ok) >"$LOGS/smoke-team-plan.log" 2>&1 && rc=0 || rc=$?
    case $rc in
        0) if is_pdf "$SCRATCH/team.pdf"; then
               RESULTS+=("PASS  bundle: team plan on PostgreSQL (demo, report)")
           else
               RESULTS+=("FAIL  bundle: team plan report is not a PDF")
               FAILURES=$((FAILURES + 1))
           fi ;;
        3) RESULTS+=("SKIP  bundle: team plan on PostgreSQL ($(tail -n 1 "$LOGS/smoke-team-plan.log"))") ;;
        *) RESULTS+=("FAIL  bundle: team plan on PostgreSQL (log: $LOGS/smoke-team-plan.log)")
           FAILURES=$((FAILURES + 1)) ;;
    esac
fi

# A double-click on a plan runs `lmplanner-gui FILE` (the .desktop file's Exec=... %f).
DOUBLE_CLICK="lmplanner-gui FILE (double-click on a plan)"
if gui "$B/lmplanner-gui" "$SCRATCH/bundle.lmplan" >"$LOGS/smoke-double-click.log" 2>&1; then
    RESULTS+=("PASS  bundle: $DOUBLE_CLICK")
else
    RESULTS+=("WARN  bundle: $DOUBLE_CLICK: the gui command takes no plan argument yet")
fi

# ---------------------------------------------------------------- summary
step "sizes"
size() { du -sh "$1" | cut -f1; }
printf '%-8s %s\n' "$(size "$WHEEL")" "$WHEEL" "$(size "$SDIST")" "$SDIST" \
    "$(size "$BUNDLE")" "$BUNDLE/ (one-folder bundle)" "$(size "$ARCHIVE")" "$ARCHIVE"

step "smoke tests"
printf '%s\n' "${RESULTS[@]}"
if [ "$FAILURES" -gt 0 ]; then
    echo "build.sh: $FAILURES smoke test(s) failed" >&2
    exit 1
fi
echo "build.sh: all smoke tests passed"
