#include <linux/module.h>
#include <linux/export-internal.h>
#include <linux/compiler.h>

MODULE_INFO(name, KBUILD_MODNAME);

__visible struct module __this_module
__section(".gnu.linkonce.this_module") = {
	.name = KBUILD_MODNAME,
	.init = init_module,
#ifdef CONFIG_MODULE_UNLOAD
	.exit = cleanup_module,
#endif
	.arch = MODULE_ARCH_INIT,
};

KSYMTAB_FUNC(slabstat_cache_create, "_gpl", "");
KSYMTAB_FUNC(slabstat_cache_destroy, "_gpl", "");
KSYMTAB_FUNC(slabstat_cache_shrink, "_gpl", "");
KSYMTAB_FUNC(slabstat_test_reap, "_gpl", "");
KSYMTAB_FUNC(slabstat_alloc, "_gpl", "");
KSYMTAB_FUNC(slabstat_free, "_gpl", "");
KSYMTAB_FUNC(slabstat_alloc_bulk, "_gpl", "");
KSYMTAB_FUNC(slabstat_free_bulk, "_gpl", "");
KSYMTAB_FUNC(slabstat_cache_stats, "_gpl", "");
KSYMTAB_FUNC(slabstat_test_skew, "_gpl", "");
KSYMTAB_FUNC(slabstat_test_check, "_gpl", "");

SYMBOL_CRC(slabstat_cache_create, 0x962c8661, "_gpl");
SYMBOL_CRC(slabstat_cache_destroy, 0xb0ca0966, "_gpl");
SYMBOL_CRC(slabstat_cache_shrink, 0xe3a3c705, "_gpl");
SYMBOL_CRC(slabstat_test_reap, 0x5f90fd92, "_gpl");
SYMBOL_CRC(slabstat_alloc, 0x10eaf9aa, "_gpl");
SYMBOL_CRC(slabstat_free, 0x4dbc418c, "_gpl");
SYMBOL_CRC(slabstat_alloc_bulk, 0xc98088f8, "_gpl");
SYMBOL_CRC(slabstat_free_bulk, 0x55225799, "_gpl");
SYMBOL_CRC(slabstat_cache_stats, 0x9d9395d8, "_gpl");
SYMBOL_CRC(slabstat_test_skew, 0x949120c9, "_gpl");
SYMBOL_CRC(slabstat_test_check, 0xbc49030d, "_gpl");

static const struct modversion_info ____versions[]
__used __section("__versions") = {
	{ 0x69acdf38, "memcpy" },
	{ 0x37a0cba, "kfree" },
	{ 0xb5a029d1, "seq_lseek" },
	{ 0x34db050b, "_raw_spin_lock_irqsave" },
	{ 0xb19a5453, "__per_cpu_offset" },
	{ 0xba8fbd64, "_raw_spin_lock" },
	{ 0xe0df70fa, "single_open_size" },
	{ 0xbdfb6dbb, "__fentry__" },
	{ 0x51a0b54e, "shrinker_free" },
	{ 0x65487097, "__x86_indirect_thunk_rax" },
	{ 0x122c3a7e, "_printk" },
	{ 0xf5edea2e, "___ratelimit" },
	{ 0xf0fdf6cb, "__stack_chk_fail" },
	{ 0xb2fcb56d, "queue_delayed_work_on" },
	{ 0xa916b694, "strnlen" },
	{ 0x5822e7c8, "shrinker_register" },
	{ 0xbd581baf, "__free_pages" },
	{ 0x7cd8d75e, "page_offset_base" },
	{ 0x476b165a, "sized_strscpy" },
	{ 0xcb970751, "stop_machine" },
	{ 0xbcb36fe4, "hugetlb_optimize_vmemmap_key" },
	{ 0xd6a2ebde, "__cpuhp_setup_state" },
	{ 0x954cef6f, "init_on_alloc" },
	{ 0x4dfa8d4b, "mutex_lock" },
	{ 0x45c845c, "debugfs_remove" },
	{ 0xb2d8587e, "seq_putc" },
	{ 0x531b604e, "__virt_addr_valid" },
	{ 0x4c9d28b0, "phys_base" },
	{ 0x950eb34e, "__list_del_entry_valid_or_report" },
	{ 0x53a1e8d9, "_find_next_bit" },
	{ 0xa965ca81, "reciprocal_value" },
	{ 0x5a5a2271, "__cpu_online_mask" },
	{ 0x75ca79b5, "__fortify_panic" },
	{ 0xd35cce70, "_raw_spin_unlock_irqrestore" },
	{ 0x9e683f75, "__cpu_possible_mask" },
	{ 0xfb578fc5, "memset" },
	{ 0x5b8239ca, "__x86_return_thunk" },
	{ 0x17de3d5, "nr_cpu_ids" },
	{ 0xf6f9d58d, "init_on_free" },
	{ 0xe2d5255a, "strcmp" },
	{ 0xbb9ed3bf, "mutex_trylock" },
	{ 0xc9ec4e21, "free_percpu" },
	{ 0xd60dea9a, "pv_ops" },
	{ 0x63669ea4, "seq_read" },
	{ 0x97651e6c, "vmemmap_base" },
	{ 0x6a49fca1, "debugfs_create_file" },
	{ 0xc25d94c1, "pcpu_alloc_noprof" },
	{ 0x3213f038, "mutex_unlock" },
	{ 0x9fa7184a, "cancel_delayed_work_sync" },
	{ 0xc6f46339, "init_timer_key" },
	{ 0xb7a575f0, "seq_write" },
	{ 0xbec2158c, "__kmalloc_cache_noprof" },
	{ 0xb43f9365, "ktime_get" },
	{ 0x8494a4b6, "seq_printf" },
	{ 0xffeedf6a, "delayed_work_timer_fn" },
	{ 0xc07351b3, "__SCT__cond_resched" },
	{ 0x4e313a5, "alloc_pages_noprof" },
	{ 0x3426ac54, "boot_cpu_data" },
	{ 0xd4c14632, "system_unbound_wq" },
	{ 0xca9dde79, "single_release" },
	{ 0x7aa1756e, "kvfree" },
	{ 0xb5b54b34, "_raw_spin_unlock" },
	{ 0x31f2a14c, "__kvmalloc_node_noprof" },
	{ 0xd4ec10e6, "BUG_func" },
	{ 0x756a9a7, "__cpuhp_remove_state" },
	{ 0xe2c17b5d, "__SCT__might_resched" },
	{ 0xf9218641, "kmalloc_caches" },
	{ 0x6b6608ac, "shrinker_alloc" },
	{ 0x7696f8c7, "__list_add_valid_or_report" },
	{ 0x92c161e3, "param_ops_uint" },
	{ 0xc60d0620, "__num_online_cpus" },
	{ 0xe3ff2c41, "get_random_u64" },
	{ 0x7f02188f, "__msecs_to_jiffies" },
	{ 0x52c5c991, "__kmalloc_noprof" },
	{ 0x63f835ba, "on_each_cpu_cond_mask" },
	{ 0x96848186, "scnprintf" },
	{ 0x53569707, "this_cpu_off" },
	{ 0x2f9b2b9a, "module_layout" },
};

MODULE_INFO(depends, "");

