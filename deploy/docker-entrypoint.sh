#!/bin/sh
# Entrypoint of the medlemsbudget image (installed as /usr/local/bin/docker-entrypoint).
#
# 1. Secrets from files: for MEDLEMSBUDGET_DATABASE_URL, MEDLEMSBUDGET_JWT_SECRET,
#    MEDLEMSBUDGET_BALLOT_SECRET, MEDLEMSBUDGET_SIGNING_KEY and PGPASSWORD, a variable NAME_FILE naming a readable file (a Docker or
#    Kubernetes secret) sets NAME to the file's content, without the trailing
#    newline. Setting both NAME and NAME_FILE is an error.
#    PGPASSWORD is the PostgreSQL password; the database driver uses it when
#    MEDLEMSBUDGET_DATABASE_URL has no password, so the URL needs no escaping.
# 2. Arguments: a medlemsbudget command (`serve`, `migrate`, `token`, `openapi`)
#    or an option runs the binary with them; anything else (`sh`, say) runs as it is.
set -eu

file_env() {
  name="$1"
  eval "file=\${${name}_FILE:-}"
  if [ -z "${file}" ]; then
    return 0
  fi
  eval "current=\${${name}:-}"
  if [ -n "${current}" ]; then
    echo "docker-entrypoint: both ${name} and ${name}_FILE are set; set only one" >&2
    exit 64
  fi
  if [ ! -r "${file}" ]; then
    echo "docker-entrypoint: ${name}_FILE=${file} is not a readable file" >&2
    exit 66
  fi
  value="$(cat -- "${file}")"
  export "${name}=${value}"
  unset "${name}_FILE"
}

for name in MEDLEMSBUDGET_DATABASE_URL MEDLEMSBUDGET_JWT_SECRET MEDLEMSBUDGET_BALLOT_SECRET MEDLEMSBUDGET_SIGNING_KEY PGPASSWORD; do
  file_env "${name}"
done

case "${1:-serve}" in
  serve | migrate | token | openapi | audit | import | tally | verify | signing-key | help | -*)
    if [ "$#" -eq 0 ]; then
      set -- serve
    fi
    exec medlemsbudget "$@"
    ;;
  *)
    exec "$@"
    ;;
esac
