# Sourced by the calibration tests (not a test itself: tests/cli/*.sh are, tests/cli/lib/ is not).
#
# calibration_truth DIR [GROWTH_AGRI]: in DIR, runs the analytic calibration scenario
# (tests/data/calibration/analytic.toml) at demand growth 0.12 for 装备制造 (and GROWTH_AGRI,
# when given, for 农产品加工) with 2 replicates, and writes DIR/truth.toml: the scenario with its
# '=' targets set to that run's replicate means, so a calibration must find those growths again.
# Needs $regsim, $python and $src.
calibration_truth() {
  local dir=$1 agri=${2:-}
  local data="$src/tests/data/calibration"
  mkdir -p "$dir"
  {
    printf 'format = 1\nextends = "%s"\nreplicates = 2\n' "$data/analytic.toml"
    printf '[[sectors]]\nname = "装备制造"\ndemand_growth = 0.12\n'
    [ -z "$agri" ] || printf '[[sectors]]\nname = "农产品加工"\ndemand_growth = %s\n' "$agri"
  } > "$dir/truth-run.toml"
  "$regsim" run "$dir/truth-run.toml" -o "$dir/run" --quiet > /dev/null
  "$python" "$src/tests/python/truth_targets.py" "$dir/run/sweep.h5" "$data/analytic.toml" \
    > "$dir/truth.toml"
}
