// SPDX-License-Identifier: GPL-2.0
/* Placeholder KUnit suite; the real suites arrive with the allocator. */
#include <kunit/test.h>
#include <linux/module.h>

static void slabstat_smoke(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 1, 1);
}

static struct kunit_case slabstat_smoke_cases[] = {
	KUNIT_CASE(slabstat_smoke),
	{}
};

static struct kunit_suite slabstat_smoke_suite = {
	.name = "slabstat_smoke",
	.test_cases = slabstat_smoke_cases,
};
kunit_test_suites(&slabstat_smoke_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("slabstat KUnit tests");
