#!/bin/sh
# Install (or remove) LM Planner's Linux desktop integration: the menu entry, the icon, the
# .lmplan file type (double-click opens a plan) and the AppStream metadata.
#
#   install.sh                      for this user, in ${XDG_DATA_HOME:-~/.local/share}
#   install.sh --prefix /usr/local  for everyone (as root), in /usr/local/share
#   install.sh --exec PATH          the lmplanner-gui to start (default: the one beside this
#                                   script in an app bundle, else lmplanner-gui on PATH, e.g.
#                                   from pipx)
#   install.sh --uninstall          remove what an install put there
#
# It works from a source checkout (packaging/linux/) and from the app bundle (lmplanner/linux/).
set -eu

APP_ID=io.github.lmplanner.LMPlanner
DESKTOP=lmplanner.desktop
ICON=lmplanner
MIME_TYPE=application/x-lmplanner-plan
SIZES="16 24 32 48 64 128 256 512"

here=$(cd "$(dirname "$0")" && pwd)
datadir=${XDG_DATA_HOME:-$HOME/.local/share}
exec_path=
uninstall=0

die() { echo "install.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case $1 in
        --prefix) [ $# -ge 2 ] || die "--prefix needs a folder"; datadir=$2/share; shift 2 ;;
        --prefix=*) datadir=${1#--prefix=}/share; shift ;;
        --exec) [ $# -ge 2 ] || die "--exec needs a path"; exec_path=$2; shift 2 ;;
        --exec=*) exec_path=${1#--exec=}; shift ;;
        --uninstall) uninstall=1; shift ;;
        -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
done

refresh() {
    # Rebuild the caches desktops read; each tool is optional.
    if command -v update-mime-database >/dev/null 2>&1; then
        update-mime-database "$datadir/mime" >/dev/null
    fi
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$datadir/applications" || true
    fi
    if [ -f "$datadir/icons/hicolor/index.theme" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t -f "$datadir/icons/hicolor" || true
    fi
    touch "$datadir/icons/hicolor" 2>/dev/null || true
}

if [ "$uninstall" = 1 ]; then
    rm -f "$datadir/applications/$DESKTOP" \
        "$datadir/metainfo/$APP_ID.metainfo.xml" \
        "$datadir/mime/packages/lmplanner.xml" \
        "$datadir/icons/hicolor/scalable/apps/$ICON.svg"
    for size in $SIZES; do
        rm -f "$datadir/icons/hicolor/${size}x$size/apps/$ICON.png"
    done
    mkdir -p "$datadir/mime/packages" "$datadir/applications" "$datadir/icons/hicolor"
    refresh
    echo "Removed LM Planner's desktop integration from $datadir"
    exit 0
fi

# Which program the menu entry starts.
if [ -z "$exec_path" ]; then
    if [ -x "$here/../lmplanner-gui" ]; then
        exec_path=$(cd "$here/.." && pwd)/lmplanner-gui
    else
        exec_path=lmplanner-gui
        command -v lmplanner-gui >/dev/null 2>&1 ||
            echo "install.sh: note: lmplanner-gui is not on PATH yet (install the app with pipx," \
                "or pass --exec /path/to/lmplanner-gui)" >&2
    fi
fi
case $exec_path in
    *[\"\`\$\\%\&\|]*) die "the program path must not contain any of \" \` \$ \\ % & |: $exec_path" ;;
esac
case $exec_path in
    *" "*) exec_field="\"$exec_path\"" ;;
    *) exec_field=$exec_path ;;
esac

svg=$here/$ICON.svg  # in the app bundle
[ -f "$svg" ] || svg=$here/../../resources/icons/$ICON.svg  # in a source checkout
[ -f "$svg" ] || die "cannot find $ICON.svg beside $here"

install -d "$datadir/applications" "$datadir/metainfo" "$datadir/mime/packages" \
    "$datadir/icons/hicolor/scalable/apps"
# Exec and TryExec name the program chosen above; everything else is the validated file.
sed -e "s|^Exec=lmplanner-gui |Exec=$exec_field |" -e "s|^TryExec=.*|TryExec=$exec_path|" \
    "$here/$DESKTOP" >"$datadir/applications/$DESKTOP"
chmod 644 "$datadir/applications/$DESKTOP"
install -m 644 "$here/$APP_ID.metainfo.xml" "$datadir/metainfo/$APP_ID.metainfo.xml"
install -m 644 "$here/lmplanner-mime.xml" "$datadir/mime/packages/lmplanner.xml"
install -m 644 "$svg" "$datadir/icons/hicolor/scalable/apps/$ICON.svg"
for size in $SIZES; do
    install -d "$datadir/icons/hicolor/${size}x$size/apps"
    install -m 644 "$here/icons/hicolor/${size}x$size/apps/$ICON.png" \
        "$datadir/icons/hicolor/${size}x$size/apps/$ICON.png"
done
refresh

echo "Installed LM Planner's desktop integration in $datadir"
echo "  menu entry: $datadir/applications/$DESKTOP (starts $exec_path)"
echo "  file type:  $MIME_TYPE (*.lmplan)"
