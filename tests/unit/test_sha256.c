/* test_sha256.c — the FIPS 180-4 example vectors, and input fed in pieces
 * hashes as in one go. */
#include <string.h>

#include "sha256.h"
#include "tap.h"

static const char *hash(const char *s, size_t n, size_t step)
{
	static char out[65];
	struct sha256 h;
	size_t i, k;

	sha256_init(&h);
	for (i = 0; i < n; i += k) {
		k = n - i < step ? n - i : step;
		sha256_update(&h, s + i, k);
	}
	sha256_hex(&h, out);
	return out;
}

int main(void)
{
	static char million[1000000];
	const char *two =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	is_str(
	    hash("", 0, 1),
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	    "empty input");
	is_str(
	    hash("abc", 3, 3),
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    "abc");
	is_str(
	    hash(two, strlen(two), 7),
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	    "two blocks, fed 7 bytes at a time");
	memset(million, 'a', sizeof million);
	is_str(
	    hash(million, sizeof million, 4096),
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	    "a million 'a'");
	return tap_done();
}
