/* Allocates and touches 50 MB, then spins ~50 ms: a known program for
 * checking bt-run -f time against /usr/bin/time. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(void)
{
	size_t n = 50u << 20;
	char *p = malloc(n);
	clock_t end = clock() + CLOCKS_PER_SEC / 20;
	volatile unsigned long x = 0;

	if (!p)
		return 1;
	memset(p, 1, n);
	while (clock() < end)
		x += (unsigned char)p[x % n];
	free(p);
	return 0;
}
