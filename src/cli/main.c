/*
 * main.c: retort's entry point; everything happens in cli.c.
 */
#include "cli.h"

#include <malloc.h>

int main(int argc, char **argv)
{
	/*
	 * retort is a short-lived process: memory freed along the way is
	 * kept for reuse instead of going back to the kernel to be faulted
	 * in again.  Left to glibc's defaults, each revision file's scratch
	 * memory at the top of the heap was trimmed and regrown (two brk()
	 * calls and fresh zeroed pages per file on `upgrade`), and buffers
	 * from 128 KB on were mapped and unmapped each time.
	 */
#ifdef M_TRIM_THRESHOLD
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 8 << 20);
#endif
	return cli_main(argc, (const char **)argv);
}
