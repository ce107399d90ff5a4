#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into the database at TARGET_DATABASE_URL (an empty
# database, or one to overwrite) and, optionally, the files archive.
# Usage: TARGET_DATABASE_URL=postgres://… deploy/restore.sh DUMP_FILE [FILES_ARCHIVE]
set -euo pipefail
dump=${1:?usage: restore.sh DUMP_FILE [FILES_ARCHIVE]}
: "${TARGET_DATABASE_URL:?set TARGET_DATABASE_URL}"
pg_restore --clean --if-exists --no-owner --exit-on-error --dbname="$TARGET_DATABASE_URL" "$dump"
if [ -n "${2:-}" ]; then
  tar --extract --gzip --file="$2" --absolute-names
fi
echo "restored $dump"
