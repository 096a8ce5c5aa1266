#!/usr/bin/perl
# tests/harness.pl TEST... — what `prove --exec '' --timer` does (each TEST
# an executable printing TAP, run directly), then one summary line that CI
# logs can be searched for:
#
#	5075 passed, 0 failed (109 files)
#
# "passed" and "failed" count test points; a file that exits non-zero, is
# killed, or breaks its plan without a failing point counts as one failure
# more, so "0 failed" means every file was good.  Skipped points (a test
# whose tool is not installed here) are among the passed and said apart.  Exit 0 when all passed.
use strict;
use warnings;
use TAP::Harness;

my $harness = TAP::Harness->new({
	exec  => [],
	timer => 1,
	color => (-t STDOUT && !exists $ENV{NO_COLOR}) ? 1 : 0,
});
my $agg = $harness->runtests(@ARGV);
my ($passed, $failed, $skipped) = (0, 0, 0);
for my $name ($agg->descriptions) {
	my ($p) = $agg->parsers($name);
	my $bad = scalar $p->failed;
	$passed += scalar $p->passed;
	$skipped += scalar $p->skipped;
	$bad ||= 1 if $p->exit || $p->wait || $p->parse_errors || !$p->is_good_plan;
	$failed += $bad;
}
my $files = scalar $agg->descriptions;
printf "%d passed, %d failed (%d file%s%s)\n", $passed, $failed, $files,
    $files == 1 ? "" : "s", $skipped ? ", $skipped skipped" : "";
exit($agg->all_passed && !$failed ? 0 : 1);
