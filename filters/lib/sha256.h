/*
 * sha256.h — SHA-256 (FIPS 180-4), for archive manifests: CRC-32 finds an
 * accident, SHA-256 also a deliberate change.  None of our dependencies
 * (libjq, libarchive, zlib) exports one, hence this small copy.
 */
#ifndef BT_SHA256_H
#define BT_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len; /* bytes hashed */
	unsigned char block[64];
	size_t fill;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *p, size_t n);

/* Finish and write the digest as 64 lowercase hex digits and a NUL. */
void sha256_hex(struct sha256 *s, char out[65]);

#endif
