#!/usr/bin/env bash
# Back up e-guichet: the PostgreSQL database (custom format) and the files (CMS media and the
# private files: uploads and issued PDFs). Usage: deploy/backup.sh DESTINATION_DIR
# Reads DATABASE_URL, MEDIA_ROOT and PRIVATE_ROOT from the environment (as the app does).
set -euo pipefail
dest=${1:?usage: backup.sh DESTINATION_DIR}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$dest"
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database}"
pg_dump --format=custom --no-owner --file="$dest/guichet-$stamp.dump" "$DATABASE_URL"
if [ -n "${AWS_STORAGE_BUCKET_NAME:-}${PRIVATE_STORAGE_BUCKET_NAME:-}" ]; then
  echo "warning: files in S3 buckets are not in this archive (docs/operations.md)" >&2
fi
files=()
for dir in "${MEDIA_ROOT:-var/media}" "${PRIVATE_ROOT:-var/private}"; do
  [ -d "$dir" ] && files+=("$dir")
done
archive="$dest/guichet-files-$stamp.tar.gz"
if [ ${#files[@]} -gt 0 ]; then
  tar --create --gzip --absolute-names --file="$archive" "${files[@]}"
else
  tar --create --gzip --file="$archive" --files-from=/dev/null
fi
echo "$dest/guichet-$stamp.dump"
echo "$archive"
