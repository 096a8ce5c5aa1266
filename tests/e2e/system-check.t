#!/bin/sh
# system-check.t — bt-system-check reports every check, as text or JSON,
# warns without failing, fails only with --strict, and says "unknown" for
# what this machine does not expose.
. "$BT_TESTS/e2e/lib.sh"
bt-system-check >"$BT_TMP/sc.txt"
is $? 0 "warnings do not fail a plain check"
for k in governor load temperature swap processes; do
	grep -q "^$k " "$BT_TMP/sc.txt"
	ok $? "reports $k"
done
bt-system-check --json >"$BT_TMP/sc.json"
is "$(jq -r '[.governor.status, .load.status, .swap.status] | map(test("^(ok|warn|unknown)$")) | all' "$BT_TMP/sc.json")" true "--json: a status per check"
# One call, so busy processes coming and going cannot disagree with it.
bt-system-check --strict --json >"$BT_TMP/strict.json"
st=$?
w=$(jq -r .warnings "$BT_TMP/strict.json")
if [ "$w" -gt 0 ]; then is $st 1 "--strict fails when there are warnings"; else is $st 0 "--strict passes when nothing warns"; fi
exits 2 "an unknown option is a usage error" bt-system-check --nope
run "--help" bt-system-check --help

# A fake machine that is slow, busy, hot and swapping: each one warns.
f=$BT_TMP/fake
for c in 0 1; do
	mkdir -p "$f/sys/devices/system/cpu/cpu$c/cpufreq"
	echo powersave >"$f/sys/devices/system/cpu/cpu$c/cpufreq/scaling_governor"
done
mkdir -p "$f/sys/class/thermal/thermal_zone0" "$f/proc"
echo 71000 >"$f/sys/class/thermal/thermal_zone0/temp"
echo "7.50 3.00 1.00 3/200 4242" >"$f/proc/loadavg"
printf 'MemTotal:        8000000 kB\nSwapTotal:       2000000 kB\nSwapFree:        1500000 kB\n' >"$f/proc/meminfo"
BT_SYSFS=$f/sys BT_PROCFS=$f/proc bt-system-check --json --strict >"$BT_TMP/fake.json"
is $? 1 "--strict fails on a busy, hot, swapping machine"
is "$(jq -r '[.governor, .load, .temperature, .swap] | map("\(.value)=\(.status)") | join(" ")' "$BT_TMP/fake.json")" \
	"powersave=warn 7.50=warn 71=warn 500000=warn" "governor, load, temperature and swap each warn"
BT_SYSFS=$f/sys BT_PROCFS=$f/proc bt-system-check >"$BT_TMP/fake.txt"
is $? 0 "without --strict it only warns"
grep -q "^temperature  *warn .*71°C" "$BT_TMP/fake.txt"
ok $? "and says what it found"
# A quiet machine with a performance governor and a cool CPU.
echo performance >"$f/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"
echo performance >"$f/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor"
echo 40000 >"$f/sys/class/thermal/thermal_zone0/temp"
echo "0.00 0.00 0.00 1/200 4242" >"$f/proc/loadavg"
printf 'SwapTotal:       2000000 kB\nSwapFree:        2000000 kB\n' >"$f/proc/meminfo"
BT_SYSFS=$f/sys BT_PROCFS=$f/proc bt-system-check --json >"$BT_TMP/quiet.json"
is "$(jq -r '[.governor, .load, .temperature, .swap] | map(.status) | join(" ")' "$BT_TMP/quiet.json")" \
	"ok ok ok ok" "a quiet machine passes each check"
# Missing /sys and /proc files are "unknown", not errors.
mkdir -p "$BT_TMP/empty"
BT_SYSFS=$BT_TMP/empty BT_PROCFS=$BT_TMP/empty bt-system-check --json >"$BT_TMP/empty.json" 2>"$BT_TMP/empty.err"
is $? 0 "nothing readable: still exit 0"
is "$(jq -r '[.governor, .load, .temperature, .swap] | map(.status) | join(" ")' "$BT_TMP/empty.json")" \
	"unknown unknown unknown unknown" "and every check is unknown"
is "$(cat "$BT_TMP/empty.err")" "" "with nothing on stderr"
done_testing
