// SPDX-License-Identifier: GPL-2.0
/* Placeholder sample client; grows with the allocator. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#include <linux/module.h>

static int __init sample_init(void)
{
	pr_info("loaded\n");
	return 0;
}

static void __exit sample_exit(void)
{
}

module_init(sample_init);
module_exit(sample_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("slabstat sample client");
