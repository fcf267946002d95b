#!/bin/sh
# Writes the secret files that deploy/compose.yaml mounts, keeping any that
# already exist: postgres_password (the PostgreSQL password of the
# medlemsbudget role), jwt_secret (the HS256 secret), ballot_secret (the key
# that makes ballot keys) and signing_key (from which the key that signs
# published rounds is derived), each 64 hex digits.
#
# The directory is made 0700 (only its owner and the Docker daemon get in); the
# files are 0644 because compose bind-mounts them as they are, and the
# containers read them as their own users (medlemsbudget 10001, postgres 999).
#
# Changing postgres_password later does not change the password of an existing
# database: the postgres image only uses it on first start (empty volume).
set -eu
cd "$(dirname "$0")"
chmod 0700 .
umask 022
for name in postgres_password jwt_secret ballot_secret signing_key; do
  if [ -s "${name}" ]; then
    echo "kept ${name}"
    continue
  fi
  od -An -N32 -tx1 /dev/urandom | tr -d ' \n' > "${name}.tmp"
  mv "${name}.tmp" "${name}"
  echo "wrote ${name}"
done
