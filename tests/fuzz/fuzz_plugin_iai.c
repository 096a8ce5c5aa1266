/*
 * fuzz_plugin_iai.c — libFuzzer target for the iai plugin (iai and iai-callgrind output),
 * compiled with it directly:
 *
 *	clang -fsanitize=fuzzer,address,undefined -Iplugins \
 *		tests/fuzz/fuzz_plugin_iai.c plugins/iai.c -ljq -lm
 *
 * The input is fed line by line, as the host does, to one instance and to
 * two interleaved ones; plugfuzz.h says what is checked.  Seeds are the
 * captures in tests/fuzz/corpus/iai/.
 */
#include "plugfuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_all(data, size);
	return 0;
}
