/*
 * fuzz_plugin_bmf.c — libFuzzer target for the bmf plugin (Bencher Metric Format JSON),
 * compiled with it directly:
 *
 *	clang -fsanitize=fuzzer,address,undefined -Iplugins \
 *		tests/fuzz/fuzz_plugin_bmf.c plugins/bmf.c -ljq -lm
 *
 * The input is fed line by line, as the host does, to one instance and to
 * two interleaved ones; plugfuzz.h says what is checked.  Seeds are the
 * captures in tests/fuzz/corpus/bmf/.
 */
#include "plugfuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_all(data, size);
	return 0;
}
