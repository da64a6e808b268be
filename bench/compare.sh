#!/usr/bin/env bash
# bench/compare.sh: time milint against its peers (conftest, KICS, Trivy) and a
# parse-only floor on the same file sets from ../shared/corpus. Run by hand,
# not by CI; see bench/README.md for what it measures and the caveats.
#
# Environment:
#   RUNS=5          timed runs per tool and set (medians are reported)
#   TIMEOUT=300     seconds before one run is killed (the cell gets a "!")
#   CORPUS=...      corpus root (default: <repo>/../shared/corpus)
#   OUT=...         work/result dir (default: a new /tmp/milint-bench.XXXXXX)
#   TOOLS="milint floor conftest kics-focused kics-all trivy"
#   SETS="arm bicep terraform small"
#   MILINT_BIN=...  use this milint binary instead of building ./cmd/milint
#   SLOW=60         a cell whose first run takes longer than this many seconds
#                   is run only once (noted in the table), to bound the total time
#   SCALING=1       also time milint on the corpus copied 1x, 2x and 4x (0 = skip)
#   SCALE_SET=corpus  what is copied for that: the whole corpus or a set name
#   MILINT_BENCH_CACHE=$HOME/.cache/milint-bench   where the peers are installed
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CORPUS=${CORPUS:-$ROOT/../shared/corpus}
RUNS=${RUNS:-5}
TIMEOUT=${TIMEOUT:-300}
TOOLS=${TOOLS:-"milint floor conftest kics-focused kics-all trivy"}
SETS=${SETS:-"arm bicep terraform small"}
SCALING=${SCALING:-1}
SLOW=${SLOW:-60}
SCALE_SET=${SCALE_SET:-corpus}
CACHE=${MILINT_BENCH_CACHE:-$HOME/.cache/milint-bench}
BIN=$CACHE/bin
OUT=${OUT:-$(mktemp -d /tmp/milint-bench.XXXXXX)}
mkdir -p "$OUT" "$BIN" "$CACHE/logs"

CONFTEST_VERSION=v0.71.1
KICS_VERSION=v2.2.0
TRIVY_VERSION=v0.74.0

die() { echo "compare.sh: $*" >&2; exit 2; }
log() { echo "[$(date +%T)] $*" >&2; }

[ -d "$CORPUS" ] || die "corpus not found at $CORPUS"
CORPUS=$(cd "$CORPUS" && pwd)
# Every tool runs from the corpus root with relative paths, as in a repository
# checkout: milint follows local modules only inside the working directory's
# repository, so run from anywhere else it would skip them (and do less work).
cd "$CORPUS" || die "cannot cd to $CORPUS"

declare -A SETPATH=(
	[arm]=arm-quickstarts
	[bicep]=avm-bicep
	[terraform]=terraform
	[small]=arm-quickstarts/101-key-vault-create/azuredeploy.json
)
declare -A SETNAME=(
	[arm]=arm-quickstarts [bicep]=avm-bicep [terraform]=terraform [small]="small (101-key-vault-create)"
)
declare -A TOOLNAME=(
	[milint]="milint (full catalog)"
	[floor]="parse-only floor (bench/floor)"
	[conftest]="conftest $CONFTEST_VERSION (MI101+MI201 policy)"
	[kics-focused]="KICS $KICS_VERSION, KV/role/identity queries"
	[kics-all]="KICS $KICS_VERSION, all queries"
	[trivy]="Trivy $TRIVY_VERSION (trivy config)"
)

# ---------------------------------------------------------------- tools
if [ ! -x /usr/bin/time ]; then
	log "installing GNU time (/usr/bin/time)"
	apt-get install -y time >/dev/null 2>&1 || die "/usr/bin/time missing and apt-get install -y time failed"
fi

# install_peer BINARY PACKAGE@VERSION [ENV=VALUE...]: go install into $BIN
# unless that exact version is already there. niced and -p 1 so other work on
# the machine goes on.
install_peer() {
	local bin=$1 pkg=$2 stamp=$BIN/$1.version
	shift 2
	if [ -x "$BIN/$bin" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$pkg" ]; then
		return 0
	fi
	log "installing $pkg (takes minutes; log: $CACHE/logs/$bin.log)"
	if (cd /tmp && env GOFLAGS=-buildvcs=false GOBIN="$BIN" "$@" nice -n 19 go install -p 1 -trimpath "$pkg") >"$CACHE/logs/$bin.log" 2>&1; then
		echo "$pkg" >"$stamp"
	else
		log "could not install $pkg:"
		tail -5 "$CACHE/logs/$bin.log" >&2
		return 1
	fi
}

need_tool() { case " $TOOLS " in *" $1 "*) return 0 ;; esac; return 1; }

declare -A HAVE=()
if need_tool conftest; then
	install_peer conftest "github.com/open-policy-agent/conftest@$CONFTEST_VERSION" && HAVE[conftest]=1
fi
if need_tool kics-focused || need_tool kics-all; then
	install_peer console "github.com/Checkmarx/kics/v2/cmd/console@$KICS_VERSION" && HAVE[kics]=1
fi
if need_tool trivy; then
	# Trivy's own release build sets GOEXPERIMENT=jsonv2 (it imports encoding/json/v2).
	install_peer trivy "github.com/aquasecurity/trivy/cmd/trivy@$TRIVY_VERSION" GOEXPERIMENT=jsonv2 && HAVE[trivy]=1
fi

# KICS reads its queries and Rego libraries from disk: use the ones shipped in
# the module it was built from.
if [ -n "${HAVE[kics]:-}" ]; then
	KICS_DIR=$(go env GOMODCACHE)/github.com/!checkmarx/kics/v2@$KICS_VERSION
	if [ ! -d "$KICS_DIR/assets/queries" ]; then
		(cd /tmp && GOFLAGS=-mod=mod go mod download "github.com/Checkmarx/kics/v2@$KICS_VERSION") >&2 ||
			die "cannot download the KICS module for its queries"
	fi
	KICS_QUERIES=$KICS_DIR/assets/queries
	KICS_LIBS=$KICS_DIR/assets/libraries
	KICS_IDS=$(grep -v '^#' "$ROOT/bench/kics-queries.txt" | cut -f1 | paste -sd, -)
	[ -n "$KICS_IDS" ] || die "no query ids in bench/kics-queries.txt"
fi

# conftest stops at the first file it cannot parse (JSON with comments, HCL
# with a repeated attribute): find those once per set and --ignore them, so
# it lints everything else. The count is printed under the table.
declare -A CONFTEST_IGNORE=() CONFTEST_IGNORED=()
conftest_ignores() {
	local set=$1 ign="" n=0 p e
	while [ $n -le 500 ]; do
		"$BIN/conftest" test --no-color --output json --policy "$ROOT/bench/policy" ${ign:+--ignore "$ign"} \
			"${SETPATH[$set]}" >/dev/null 2>"$OUT/conftest-probe.err"
		p=$(grep -o 'path: .*' "$OUT/conftest-probe.err" | head -1 | sed 's/^path: //')
		[ -n "$p" ] || break
		e=$(printf '%s' "$p" | sed 's/[][\.*^$+?(){}|]/\\&/g')
		ign="${ign:+$ign|}^$e\$"
		n=$((n + 1))
	done
	CONFTEST_IGNORE[$set]=$ign CONFTEST_IGNORED[$set]=$n
}
if [ -n "${HAVE[conftest]:-}" ]; then
	for set in $SETS; do
		[ "$set" = bicep ] && continue
		conftest_ignores "$set"
		[ "${CONFTEST_IGNORED[$set]}" -gt 0 ] && log "conftest: ignoring ${CONFTEST_IGNORED[$set]} unparsable files in $set"
	done
fi

log "building milint and the floor"
if [ -n "${MILINT_BIN:-}" ]; then
	cp "$MILINT_BIN" "$OUT/milint" || die "cannot copy MILINT_BIN=$MILINT_BIN"
else
	(cd "$ROOT" && go build -trimpath -o "$OUT/milint" ./cmd/milint) || die "go build ./cmd/milint failed"
fi
(cd "$ROOT" && go build -trimpath -o "$OUT/floor" ./bench/floor) || die "go build ./bench/floor failed"

version_of() {
	case $1 in
	milint) "$OUT/milint" version 2>&1 | head -1 ;;
	conftest) "$BIN/conftest" --version 2>&1 | head -2 ;;
	kics) "$BIN/console" version 2>&1 | head -1 ;;
	trivy) "$BIN/trivy" --version 2>&1 | head -1 ;;
	esac
}

# ---------------------------------------------------------------- commands
# build_cmd TOOL SET RUNDIR: sets CMD (array) and REPORT (file that must be
# non-empty afterwards); returns 1 when the tool does not support the set.
build_cmd() {
	local tool=$1 set=$2 d=$3 path=${SETPATH[$2]}
	CMD=() REPORT=$d/stdout
	case $tool in
	milint)
		CMD=("$OUT/milint" lint --format json --fail-on never --no-color "$path") ;;
	floor)
		CMD=("$OUT/floor" -j 2 "$path") ;;
	conftest)
		[ -n "${HAVE[conftest]:-}" ] || return 2
		[ "$set" = bicep ] && return 1 # conftest has no Bicep parser
		CMD=("$BIN/conftest" test --no-color --output json --policy "$ROOT/bench/policy")
		[ -n "${CONFTEST_IGNORE[$set]:-}" ] && CMD+=(--ignore "${CONFTEST_IGNORE[$set]}")
		CMD+=("$path") ;;
	kics-focused | kics-all)
		[ -n "${HAVE[kics]:-}" ] || return 2
		local types=AzureResourceManager
		case $set in
		bicep) ;; # KICS reads .bicep under its AzureResourceManager platform
		terraform) types=Terraform ;;
		esac
		CMD=("$BIN/console" scan -p "$path" -o "$d" --output-name report --report-formats json
			--queries-path "$KICS_QUERIES" --libraries-path "$KICS_LIBS" --type "$types"
			--no-progress --disable-secrets --silent --parallel 0)
		[ "$tool" = kics-focused ] && CMD+=(--include-queries "$KICS_IDS")
		REPORT=$d/report.json ;;
	trivy)
		[ -n "${HAVE[trivy]:-}" ] || return 2
		local scanner=azure-arm
		case $set in
		bicep) return 1 ;; # Trivy has no Bicep scanner
		terraform) scanner=terraform ;;
		esac
		# No flag of `trivy config` v0.74.0 stops its Terraform scanner from asking
		# registry.terraform.io for remote modules (--offline-scan is not offered
		# there); without network those requests fail at once and it goes on.
		CMD=("$BIN/trivy" config --cache-dir "$CACHE/trivy-cache" --skip-check-update
			--disable-telemetry --skip-version-check --quiet --format json --output "$d/report.json" --misconfig-scanners "$scanner" "$path")
		REPORT=$d/report.json ;;
	*) die "unknown tool $tool" ;;
	esac
	return 0
}

RESULTS=$OUT/results.tsv
printf 'set\ttool\trun\tseconds\tmaxrss_kb\trc\tstatus\n' >"$RESULTS"
declare -A SKIP=()

# run_one TOOL SET RUN: one timed run, appended to $RESULTS.
run_one() {
	local tool=$1 set=$2 r=$3 d=$OUT/runs/$2/$1/$3
	[ -n "${SKIP[$set/$tool]:-}" ] && return
	mkdir -p "$d"
	build_cmd "$tool" "$set" "$d"
	case $? in
	1) SKIP[$set/$tool]=unsupported; return ;;
	2) SKIP[$set/$tool]=missing; return ;;
	esac
	printf '%q ' "${CMD[@]}" >"$d/cmd"
	local t0 t1 rc rss status=ok
	t0=$(date +%s%N)
	/usr/bin/time -v -o "$d/time" timeout -k 5 "$TIMEOUT" "${CMD[@]}" >"$d/stdout" 2>"$d/stderr" </dev/null
	rc=$?
	t1=$(date +%s%N)
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$d/time" 2>/dev/null)
	if [ "$r" -eq 1 ] && [ $(((t1 - t0) / 1000000000)) -ge "$SLOW" ]; then
		SKIP[$set/$tool]=slow # one run only: it alone would take RUNS x that
	fi
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		status=timeout
		SKIP[$set/$tool]=timeout # don't spend another $TIMEOUT on it
	elif [ "$rc" -ge 125 ]; then
		status=crash
	elif [ ! -s "$REPORT" ]; then
		status=no-output
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$set" "$tool" "$r" \
		"$(awk -v ns=$((t1 - t0)) 'BEGIN{printf "%.4f", ns/1e9}')" "${rss:-0}" "$rc" "$status" >>"$RESULTS"
	log "$set $tool #$r: $(tail -1 "$RESULTS" | cut -f4) s, $(( ${rss:-0} / 1024 )) MB, rc=$rc $status"
}

# ---------------------------------------------------------------- run
{
	echo "# milint comparison benchmark"
	echo
	echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); host: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(uname -sr)"
	echo "- milint: $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null)$(cd "$ROOT" && git diff --quiet HEAD -- . 2>/dev/null || echo ' (+ uncommitted changes)'), $(go version | cut -d' ' -f3)"
	[ -n "${HAVE[conftest]:-}" ] && echo "- conftest $CONFTEST_VERSION (go install; binary says: $(version_of conftest | tr '\n' ' '))"
	[ -n "${HAVE[kics]:-}" ] && echo "- KICS $KICS_VERSION (go install; binary says: $(version_of kics)); queries from the module: $KICS_QUERIES, $(grep -vc '^#' "$ROOT/bench/kics-queries.txt") ids in bench/kics-queries.txt for the focused run"
	[ -n "${HAVE[trivy]:-}" ] && echo "- Trivy $TRIVY_VERSION (go install; binary says: $(version_of trivy | tr '\n' ' ')), checks embedded in the binary (--skip-check-update, empty cache)"
	echo "- runs per cell: $RUNS (alternating tools within each round), timeout $TIMEOUT s per run; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/header.md"

for set in $SETS; do
	"$OUT/floor" "${SETPATH[$set]}" >/dev/null # warm the page cache
	for ((r = 1; r <= RUNS; r++)); do
		for tool in $TOOLS; do
			run_one "$tool" "$set" "$r"
		done
	done
done

# Whole corpus, milint only: time and peak memory of one run over everything.
log "milint over the whole corpus"
WHOLE=$OUT/runs/whole
mkdir -p "$WHOLE"
t0=$(date +%s%N)
/usr/bin/time -v -o "$WHOLE/time" timeout "$TIMEOUT" "$OUT/milint" lint --format json --fail-on never --no-color . >"$WHOLE/stdout" 2>"$WHOLE/stderr"
whole_rc=$?
t1=$(date +%s%N)
whole_s=$(awk -v ns=$((t1 - t0)) 'BEGIN{printf "%.3f", ns/1e9}')
whole_mb=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$WHOLE/time")
whole_files=$("$OUT/floor" . | sed 's/^floor: \([0-9]*\) files, \([0-9]*\) bytes.*/\1 files, \2 bytes/')

# Scaling: the corpus (or SCALE_SET) hard-linked 1x, 2x and 4x, milint alternating.
SCALE_LINES=""
if [ "$SCALING" = 1 ]; then
	SCALE_SRC=$CORPUS SCALE_DESC="whole corpus"
	if [ "$SCALE_SET" != corpus ]; then
		SCALE_SRC=${SETPATH[$SCALE_SET]:-} SCALE_DESC=${SETNAME[$SCALE_SET]:-}
		[ -d "$SCALE_SRC" ] || die "SCALE_SET=$SCALE_SET is not a directory set"
		SCALE_SRC=$CORPUS/$SCALE_SRC
	fi
	log "scaling runs (1x, 2x, 4x $SCALE_DESC)"
	for k in 1 2 4; do
		if [ ! -d "$OUT/scale/$k" ]; then
			for ((i = 1; i <= k; i++)); do
				mkdir -p "$OUT/scale/$k"
				cp -al "$SCALE_SRC" "$OUT/scale/$k/copy$i"
			done
		fi
	done
	declare -A SCALE_T=()
	for ((r = 1; r <= RUNS; r++)); do
		for k in 1 2 4; do
			t0=$(date +%s%N)
			(cd "$OUT/scale/$k" && "$OUT/milint" lint --format json --fail-on never --no-color .) >/dev/null 2>&1
			t1=$(date +%s%N)
			SCALE_T[$k]+="$((t1 - t0)) "
		done
	done
	med_ns() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {if (NR%2) m=a[(NR+1)/2]; else m=(a[NR/2]+a[NR/2+1])/2; printf "%.4f", m/1e9}'; }
	s1=$(echo "${SCALE_T[1]}" | med_ns)
	s2=$(echo "${SCALE_T[2]}" | med_ns)
	s4=$(echo "${SCALE_T[4]}" | med_ns)
	SCALE_LINES=$(awk -v a="$s1" -v b="$s2" -v c="$s4" 'BEGIN {
		printf "| copies | 1x | 2x | 4x |\n|---|---|---|---|\n"
		printf "| milint median (s) | %.3f | %.3f | %.3f |\n", a, b, c
		printf "| time / 1x time | 1.00 | %.2f | %.2f |\n", b/a, c/a }')
fi

# ---------------------------------------------------------------- report
# Per tool and set: median seconds over runs with status ok, max RSS, and
# a flag when any run failed.
awk -F'\t' 'NR > 1 {
	k = $1 "\t" $2
	if ($7 == "ok") { n[k]++; t[k, n[k]] = $4 } else bad[k] = $7
	if ($5 + 0 > rss[k]) rss[k] = $5 + 0
	seen[k] = 1
}
END {
	for (k in seen) {
		m = -1
		c = n[k]
		if (c > 0) {
			for (i = 1; i <= c; i++) v[i] = t[k, i]
			for (i = 2; i <= c; i++) { x = v[i]; j = i - 1; while (j >= 1 && v[j] > x) { v[j+1] = v[j]; j-- } v[j+1] = x }
			m = (c % 2) ? v[(c + 1) / 2] : (v[c / 2] + v[c / 2 + 1]) / 2
		}
		printf "%s\t%.4f\t%.1f\t%s\t%d\n", k, m, rss[k] / 1024, (k in bad) ? bad[k] : "-", c
	}
}' "$RESULTS" | sort >"$OUT/summary.tsv"

declare -A MED=() MEM=() BAD=() NRUNS=()
while IFS=$'\t' read -r set tool med mem bad n; do
	[ "$bad" = - ] && bad=""
	MED[$set/$tool]=$med MEM[$set/$tool]=$mem BAD[$set/$tool]=$bad NRUNS[$set/$tool]=$n
done <"$OUT/summary.tsv"

fmt_s() { awk -v s="$1" 'BEGIN { if (s < 1) printf "%.3f", s; else if (s < 10) printf "%.2f", s; else printf "%.1f", s }'; }

cell_time() { # tool set
	local k=$2/$1 m=${MED[$2/$1]:-} b=${BAD[$2/$1]:-} out
	case ${SKIP[$k]:-} in unsupported) echo "–"; return ;; missing) echo "not installed"; return ;; esac
	if [ -z "$m" ] || [ "$m" = "-1.0000" ]; then echo "! (${b:-no run})"; return; fi
	out="$(fmt_s "$m") s"
	local mil=${MED[$2/milint]:-}
	if [ "$1" = floor ] && [ -n "$mil" ] && [ "$mil" != "-1.0000" ]; then
		out+=" (milint/floor $(awk -v a="$mil" -v b="$m" 'BEGIN{printf "%.1f", a/b}')×)"
	elif [ "$1" != milint ] && [ -n "$mil" ] && [ "$mil" != "-1.0000" ]; then
		out+=" ($(awk -v a="$m" -v b="$mil" 'BEGIN{printf "%.1f", a/b}')×)"
	fi
	[ -n "$b" ] && out+=" ! ($b)"
	[ "${NRUNS[$k]:-0}" -lt "$RUNS" ] && out+=" [${NRUNS[$k]} run$([ "${NRUNS[$k]}" = 1 ] || echo s)]"
	echo "$out"
}

cell_mem() {
	local k=$2/$1
	case ${SKIP[$k]:-} in unsupported) echo "–"; return ;; missing) echo "not installed"; return ;; esac
	[ -n "${MEM[$k]:-}" ] || { echo "!"; return; }
	echo "$(printf '%.0f' "${MEM[$k]}") MB${BAD[$k]:+ !}"
}

# findings TOOL SET: what the last ok run reported, a sanity check that the
# tool did the work (needs jq).
findings() {
	local tool=$1 set=$2 r d
	case ${SKIP[$set/$tool]:-} in unsupported) echo "–"; return ;; missing) echo "not installed"; return ;; esac
	command -v jq >/dev/null || { echo "?"; return; }
	r=$(awk -F'\t' -v s="$set" -v t="$tool" '$1 == s && $2 == t && $7 == "ok" { r = $3 } END { print r }' "$RESULTS")
	[ -n "$r" ] || { echo "!"; return; }
	d=$OUT/runs/$set/$tool/$r
	case $tool in
	milint) jq -r '"\(.findings | length) (MI101+MI201: \([.findings[] | select(.rule == "MI101" or .rule == "MI201")] | length); errors: \(.errors | length))"' "$d/stdout" 2>/dev/null || echo "?" ;;
	floor) awk '{ printf "(reads %d file%s: %d JSON decoded, %d tokens)", $2, ($2 == 1 ? "" : "s"), $6, $(NF-2) }' "$d/stdout" ;;
	conftest) jq -r '[.[].failures // [] | length] | add // 0' "$d/stdout" 2>/dev/null || echo "?" ;;
	kics-*) jq -r '"\(.total_counter) (files scanned: \(.files_scanned), failed to scan: \(.files_failed_to_scan), queries: \(.queries_total))"' "$d/report.json" 2>/dev/null || echo "?" ;;
	trivy) jq -r '[.Results[]?.Misconfigurations // [] | length] | add // 0' "$d/report.json" 2>/dev/null || echo "?" ;;
	esac
}

# table TITLE CELL [sizes]: a Markdown section with a row per tool and a
# column per set, each cell from CELL TOOL SET; "sizes" adds each set's
# file count and size to its heading.
table() {
	local title=$1 cell=$2 sizes=${3:-} set tool
	echo "## $title"
	echo
	printf '| tool |'
	for set in $SETS; do
		if [ -n "$sizes" ]; then
			printf ' %s (%s) |' "${SETNAME[$set]}" "$(setinfo "$set")"
		else
			printf ' %s |' "${SETNAME[$set]}"
		fi
	done
	echo
	printf '|---|'
	for set in $SETS; do printf -- '---|'; done
	echo
	for tool in $TOOLS; do
		printf '| %s |' "${TOOLNAME[$tool]}"
		for set in $SETS; do printf ' %s |' "$("$cell" "$tool" "$set")"; done
		echo
	done
	echo
}

setinfo() {
	"$OUT/floor" "${SETPATH[$1]}" | awk '{ if ($4 < 1e6) printf "%d file%s, %.1f KB", $2, ($2 == 1 ? "" : "s"), $4/1e3; else printf "%d files, %.1f MB", $2, $4/1e6 }'
}

{
	cat "$OUT/header.md"
	echo
	table "Median wall time (ratio: peer / milint; floor row: milint / floor)" cell_time sizes
	table "Peak memory (max RSS over the runs)" cell_mem
	table "Findings reported (last run; a sanity check, the tools check different things)" findings
	echo "## milint on the whole corpus ($whole_files)"
	echo
	echo "one run: $whole_s s, peak memory $whole_mb MB, exit code $whole_rc ($(jq -r '"\(.summary.units) units, \(.summary.resources) resources, \(.findings | length) findings, \(.errors | length) errors"' "$WHOLE/stdout" 2>/dev/null))"
	if [ -n "$SCALE_LINES" ]; then
		echo
		echo "## Scaling (milint on the $SCALE_DESC hard-linked k times, median of $RUNS)"
		echo
		echo "$SCALE_LINES"
	fi
	echo
	if [ -n "${HAVE[conftest]:-}" ]; then
		printf 'conftest aborts on the first file it cannot parse; files it could not parse, left out of its runs with --ignore:'
		sep=" "
		for set in $SETS; do
			[ "$set" = bicep ] && continue
			printf '%s%s %s' "$sep" "${SETNAME[$set]}" "${CONFTEST_IGNORED[$set]:-0}"
			sep=", "
		done
		echo " (milint, KICS and Trivy read them)."
		echo
	fi
	echo "\`[n runs]\`: fewer timed runs than $RUNS, because the first took longer than SLOW=$SLOW s (or some runs failed)."
	echo
	echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
	echo
	echo "\`–\`: the tool does not read that kind of file. \`!\`: a run timed out, crashed (exit >= 125) or wrote no report; the status follows. Exit codes that mean \"findings\" are ignored. Raw data: \`$RESULTS\`."
} | tee "$OUT/table.md"
log "table written to $OUT/table.md"
