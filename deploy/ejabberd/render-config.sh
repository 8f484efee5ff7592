#!/bin/sh
# Copies ejabberd.yml to $2, replacing the define_macro defaults with CHAT_EJABBERD_<MACRO> values when set.
# POSIX sh on purpose: the same script runs on the host (bin/stack) and inside the official ejabberd image.
set -eu
src=$1
dest=$2
tmp="$dest.tmp.$$"
cp "$src" "$tmp"
for macro in XMPP_DOMAIN MUC_DOMAIN COMPONENT_DOMAIN COMPONENT_SECRET LISTEN_IP C2S_PORT COMPONENT_PORT HTTP_PORT API_CLIENT_NETWORK LOG_LEVEL SQL_SERVER SQL_PORT SQL_DATABASE SQL_USERNAME SQL_PASSWORD; do
  value=$(eval "printf '%s' \"\${CHAT_EJABBERD_$macro:-}\"")
  [ -n "$value" ] || continue
  case "$value" in
    *[!A-Za-z0-9._:@+/=-]*) echo "render-config: CHAT_EJABBERD_$macro may only hold A-Z a-z 0-9 and . _ : @ + / = -" >&2; rm -f "$tmp"; exit 2 ;;
  esac
  case "$value" in
    *[!0-9]*) value="\"$value\"" ;;
  esac
  # Only the two-space-indented line inside define_macro matches "  NAME: ".
  sed -i "s|^  $macro: .*\$|  $macro: $value|" "$tmp"
done
mv "$tmp" "$dest"
