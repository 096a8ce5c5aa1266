/*
 * fuzz_plugin_ruby.c — libFuzzer target for the ruby plugin (Ruby Benchmark and
 *benchmark-ips output), compiled with it directly:
 *
 *	clang -fsanitize=fuzzer,address,undefined -Iplugins \
 *		tests/fuzz/fuzz_plugin_ruby.c plugins/ruby.c -ljq -lm
 *
 * The input is fed line by line, as the host does, to one instance and to
 * two interleaved ones; plugfuzz.h says what is checked.  Seeds are the
 * captures in tests/fuzz/corpus/ruby/.
 */
#include "plugfuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_all(data, size);
	return 0;
}
