/* Host unit tests of core/, the arm64 table code and the drivers. */
#define TEST_MAIN
#include <septum/test.h>

int main(void)
{
	return test_run_all() ? 1 : 0;
}
