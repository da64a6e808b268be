#!/usr/bin/env bash
# A real pre-commit run: milint as a hook in a temporary git repository,
# one good commit (let through) and one bad commit (blocked).
#
# It installs Debian's pre-commit package when it is missing (needs apt and
# root), validates this checkout's .pre-commit-hooks.yaml, builds this
# checkout's milint and exits non-zero on any unexpected outcome.
#
# The hook under test is configured as `repo: local` with `language: system`
# and `entry: <the binary built here>`: the published hook uses
# `language: golang`, for which pre-commit clones the hook repository and
# runs `go install`, which needs the network (and a published revision).
# The manifest itself is still checked with `pre-commit validate-manifest`,
# and the local hook copies its files/pass_filenames/args settings.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"

fail() { echo "precommit test: FAIL: $*" >&2; exit 1; }

if ! command -v pre-commit >/dev/null 2>&1; then
  echo "precommit test: installing Debian's pre-commit package"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q pre-commit >/dev/null 2>&1; then
    apt-get update -q >/dev/null
    apt-get install -y -q pre-commit >/dev/null
  fi
fi
command -v pre-commit >/dev/null || fail "pre-commit is not installed"
echo "precommit test: $(pre-commit --version)"

# The manifest this checkout publishes.
(cd "$repo_root" && pre-commit validate-manifest .pre-commit-hooks.yaml) || fail "validate-manifest rejected .pre-commit-hooks.yaml"
grep -q '^- id: milint$' "$repo_root/.pre-commit-hooks.yaml" || fail "hook id milint missing"
grep -q '^  language: golang$' "$repo_root/.pre-commit-hooks.yaml" || fail "hook language is not golang"
files_re="$(sed -n 's/^  files: //p' "$repo_root/.pre-commit-hooks.yaml")"
[ -n "$files_re" ] || fail "hook has no files pattern"
for f in a.bicep a.bicepparam a.json a.tf a.tfvars; do
  printf '%s\n' "$f" | grep -Eq "$files_re" || fail "files pattern $files_re does not match $f"
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bin="$work/bin/milint"
(cd "$repo_root" && go build -o "$bin" ./cmd/milint) || fail "go build"

export PRE_COMMIT_HOME="$work/cache"
git_repo="$work/repo"
mkdir -p "$git_repo"
cd "$git_repo"
git init -q -b main
git config user.email test@example.invalid
git config user.name "milint pre-commit test"
git config commit.gpgsign false

cat > .pre-commit-config.yaml <<EOF
repos:
  - repo: local
    hooks:
      - id: milint
        name: milint
        language: system
        entry: $bin
        args: [--quiet]
        files: '$files_re'
        pass_filenames: true
        require_serial: true
EOF
git add .pre-commit-config.yaml
git commit -q --no-verify -m "pre-commit config"
pre-commit install >/dev/null

# 1. A good commit: an RBAC vault, a module it calls, and a package.json
#    (non-template JSON is skipped).
mkdir -p infra/modules
cat > infra/main.bicep <<'EOF'
param vaultName string = 'kv-orders'
module vault 'modules/vault.bicep' = {
  name: 'vault'
  params: {
    name: vaultName
  }
}
EOF
cat > infra/modules/vault.bicep <<'EOF'
param name string
resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: resourceGroup().location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
  }
}
EOF
echo '{"name": "tooling", "private": true}' > package.json
git add infra package.json
echo "precommit test: committing a good change"
if ! git commit -m "good: vault with RBAC" > "$work/good.log" 2>&1; then
  cat "$work/good.log"
  fail "the good commit was blocked"
fi
cat "$work/good.log"

# 2. A bad commit: the module switches the vault to access policies. Only
#    the module file is staged; milint lints it through main.bicep.
sed -i 's/enableRbacAuthorization: true/enableRbacAuthorization: false/' infra/modules/vault.bicep
git add infra/modules/vault.bicep
echo "precommit test: committing a bad change"
if git commit -m "bad: vault with access policies" > "$work/bad.log" 2>&1; then
  cat "$work/bad.log"
  fail "the bad commit was let through"
fi
cat "$work/bad.log"
grep -q 'infra/modules/vault.bicep:8:30: warning MI201' "$work/bad.log" || fail "the hook output does not name the finding at infra/modules/vault.bicep:8:30"
grep -q "kv-orders" "$work/bad.log" || fail "the module was not linted through its caller (no caller value kv-orders)"
[ "$(git rev-list --count HEAD)" = 2 ] || fail "unexpected commit count $(git rev-list --count HEAD)"

# 3. A suppression with a reason lets it through.
sed -i 's|^    enableRbacAuthorization: false|    enableRbacAuthorization: false // milint:ignore MI201 legacy app, moving to RBAC in Q3|' infra/modules/vault.bicep
git add infra/modules/vault.bicep
echo "precommit test: committing the change with a suppression"
if ! git commit -m "bad, suppressed with a reason" > "$work/suppressed.log" 2>&1; then
  cat "$work/suppressed.log"
  fail "the suppressed commit was blocked"
fi
cat "$work/suppressed.log"
[ "$(git rev-list --count HEAD)" = 3 ] || fail "unexpected commit count $(git rev-list --count HEAD)"

echo "precommit test: ok (good commit passed, bad commit blocked, suppressed commit passed)"
