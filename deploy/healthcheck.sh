#!/bin/bash
# healthcheck [PATH]: exits 0 when `GET PATH` (default /healthz) on the
# medlemsbudget in this container answers 200, 1 otherwise.
# Installed in the image as /usr/local/bin/healthcheck. It needs only bash
# (/dev/tcp), so the image carries no curl or wget; the port is taken from
# MEDLEMSBUDGET_BIND (default 3000), the address is always 127.0.0.1.
set -u

path="${1:-/healthz}"
bind="${MEDLEMSBUDGET_BIND:-0.0.0.0:3000}"
port="${bind##*:}"

if ! exec 3<>"/dev/tcp/127.0.0.1/${port}"; then
  echo "healthcheck: cannot connect to 127.0.0.1:${port}" >&2
  exit 1
fi
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nUser-Agent: medlemsbudget-healthcheck\r\nConnection: close\r\n\r\n' "${path}" >&3
status=""
if ! IFS=' ' read -r -t 5 _version status _reason <&3; then
  echo "healthcheck: no answer from 127.0.0.1:${port}${path} within 5 s" >&2
  exit 1
fi
exec 3<&-
if [ "${status}" != "200" ]; then
  echo "healthcheck: GET ${path} answered ${status:-nothing}" >&2
  exit 1
fi
echo "healthcheck: GET ${path}: 200"
