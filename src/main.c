/*
 * main.c: retort's entry point; everything happens in cli.c.
 */
#include "cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, (const char **)argv);
}
