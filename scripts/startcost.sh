#!/usr/bin/env bash
# Measures what tally's start costs, the same way each time: each module's
# package initialisation (GODEBUG=inittrace=1, the median over RUNS starts
# of `tally --version`), and whole starts with their page faults
# (perf stat -r RUNS) of a bare Go binary, a bare one with cobra and pflag,
# `tally --version` and `tally status` on a one-year demo database.
# Prints Markdown tables for the README. Needs perf (Debian: linux-perf).
#
#   scripts/startcost.sh            # RUNS=200
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-200}
work=$(mktemp -d)
trap 'rm -rf "$work" .startcost' EXIT

CGO_ENABLED=0 go build -o "$work/tally" .
# The bare binaries are built inside the module, so that cobra's version
# is tally's own.
mkdir -p .startcost/bare .startcost/cobra
printf 'package main\n\nfunc main() {}\n' > .startcost/bare/main.go
cat > .startcost/cobra/main.go <<'GO'
package main

import "github.com/spf13/cobra"

// A root command and one subcommand with a flag, run: what tally's
// command line costs before any of its own code.
func main() {
	root := &cobra.Command{Use: "x", Version: "1", RunE: func(*cobra.Command, []string) error { return nil }}
	sub := &cobra.Command{Use: "status", RunE: func(*cobra.Command, []string) error { return nil }}
	sub.Flags().String("format", "", "")
	root.AddCommand(sub)
	root.SetArgs([]string{"--version"})
	root.Execute()
}
GO
CGO_ENABLED=0 go build -o "$work/bare" ./.startcost/bare
CGO_ENABLED=0 go build -o "$work/cobra" ./.startcost/cobra
"$work/tally" demo --db "$work/1y.db" --years 1 >/dev/null

# Package → module, to sum each module's packages.
go list -deps -f '{{.ImportPath}} {{with .Module}}{{.Path}}{{else}}std{{end}}' . > "$work/modules"

echo "| module | init (median of $runs) |"
echo "|---|---:|"
for i in $(seq "$runs"); do
  GODEBUG=inittrace=1 "$work/tally" --version 2>&1 >/dev/null | awk -v run="$i" '/^init / {print run, $2, $5}'
done | awk -v modules="$work/modules" '
  BEGIN { while ((getline line < modules) > 0) { split(line, f, " "); mod[f[1]] = f[2] } }
  { m = ($2 in mod) ? mod[$2] : "std"; if (m == "std") m = $2 " (std)"; t[m "\t" $1] += $3 }
  END { for (k in t) { split(k, p, "\t"); printf "%s\t%f\n", p[1], t[k] } }' |
  sort -t "$(printf '\t')" -k1,1 -k2,2n |
  awk -F '\t' -v runs="$runs" '
    { v[$1, ++n[$1]] = $2 }
    END { for (m in n) { k = n[m]; med = (k % 2) ? v[m, (k + 1) / 2] : (v[m, k / 2] + v[m, k / 2 + 1]) / 2
          if (k < runs) med = 0 + v[m, int(k / 2) + 1] * k / runs  # not every start inits it
          printf "%.2f\t%s\n", med, (m == "tally" ? "tally (its own packages)" : m) } }' |
  sort -rn | awk -F '\t' '
    $1 >= 0.1 { printf "| %s | %.2f ms |\n", $2, $1; shown += $1; next }
    { rest += $1; n++ }
    END { printf "| %d other packages | %.2f ms |\n| all package initialisation | %.2f ms |\n", n, rest, shown + rest }'

echo
echo "| start (perf stat -r $runs) | wall | page faults |"
echo "|---|---:|---:|"
measure() {
  local name=$1; shift
  perf stat -r "$runs" -e page-faults -x, -o "$work/perf" "$@" >/dev/null 2>&1
  local faults wall
  faults=$(awk -F, '/page-faults/ {printf "%d", $1}' "$work/perf")
  wall=$(perf stat -r "$runs" "$@" 2>&1 >/dev/null | awk '/seconds time elapsed/ {printf "%.1f", $1 * 1000}')
  echo "| $name | $wall ms | $faults |"
}
measure "a bare Go binary" "$work/bare"
measure "a bare Go binary with cobra (root, one subcommand)" "$work/cobra"
measure "\`tally --version\`" "$work/tally" --version
measure "\`tally status\`, one year" env TZ=UTC "$work/tally" --db "$work/1y.db" status
