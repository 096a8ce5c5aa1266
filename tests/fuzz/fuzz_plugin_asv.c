/*
 * fuzz_plugin_asv.c — libFuzzer target for the asv plugin (asv results JSON and console),
 * compiled with it directly:
 *
 *	clang -fsanitize=fuzzer,address,undefined -Iplugins \
 *		tests/fuzz/fuzz_plugin_asv.c plugins/asv.c -ljq -lm
 *
 * The input is fed line by line, as the host does, to one instance and to
 * two interleaved ones; plugfuzz.h says what is checked.  Seeds are the
 * captures in tests/fuzz/corpus/asv/.
 */
#include "plugfuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_all(data, size);
	return 0;
}
