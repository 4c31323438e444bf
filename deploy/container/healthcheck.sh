#!/usr/bin/env bash
# Container health check for any role (no curl needed: bash's /dev/tcp).
# Probes GET /health on the management port every role serves (HOOKGATE_MANAGEMENT_PORT, 9091): liveness of the
# process's loops, never Kafka or PostgreSQL. With the management port off it falls back to the ingest port, else
# the admin port; a dispatcher or delivery process with it off has nothing to probe and is healthy while its JVM runs.
set -u
roles=",${HOOKGATE_ROLES:-ingest,admin,dispatcher,delivery},"
roles="${roles// /}"
roles="${roles,,}"
management="${HOOKGATE_MANAGEMENT_PORT:-9091}"
management="${management// /}"
if [ "${management,,}" != "off" ]; then
  port="$management"
else
  case "$roles" in
    *,ingest,*) port="${HOOKGATE_INGEST_PORT:-8080}" ;;
    *,admin,*) port="${HOOKGATE_ADMIN_PORT:-8081}" ;;
    *) exit 0 ;;
  esac
fi
exec 3<>"/dev/tcp/127.0.0.1/${port}" 2>/dev/null || exit 1
printf 'GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
IFS= read -r -t 4 status <&3 || exit 1
case "$status" in
  "HTTP/1."[01]" 200"*) exit 0 ;;
  *) exit 1 ;;
esac
