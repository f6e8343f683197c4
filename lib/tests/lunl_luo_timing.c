// SPDX-License-Identifier: GPL-2.0
/*
 * Time LUO's reboot path, for benchmarks against the family's freeze.
 */

/**
 * DOC: timing LUO's reboot path
 *
 * LUO freezes its sessions in liveupdate_reboot(), on the kexec path,
 * where userspace cannot time it. With CONFIG_LIVEUPDATE_NL_LUO_TIMING a
 * kretprobe times that function on CLOCK_MONOTONIC, the clock of the
 * family's own freeze figure, and logs "LUO reboot path took N ns" just
 * before the kexec. ``make bench`` reads it from the serial console.
 *
 * The entry handler runs from the breakpoint's int3, which x86 enters as
 * an NMI: it reads the clock with ktime_get_mono_fast_ns(), which takes
 * no lock (ktime_get_ns() takes the timekeeper's seqcount, and lockdep
 * rightly reports it taken in NMI context). The return handler does the
 * same, so that both ends read one clock the same way.
 */

#define pr_fmt(fmt) "liveupdate_nl: " fmt

#include <linux/err.h>
#include <linux/init.h>
#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/printk.h>

static int lunl_luo_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	*(u64 *)ri->data = ktime_get_mono_fast_ns();
	return 0;
}

static int lunl_luo_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	pr_info("LUO reboot path took %llu ns (%ld)\n",
		ktime_get_mono_fast_ns() - *(u64 *)ri->data,
		(long)regs_return_value(regs));
	return 0;
}

static struct kretprobe lunl_luo_probe = {
	.kp.symbol_name	= "liveupdate_reboot",
	.entry_handler	= lunl_luo_entry,
	.handler	= lunl_luo_return,
	.data_size	= sizeof(u64),
	.maxactive	= 1,
};

static int __init lunl_luo_timing_init(void)
{
	int err = register_kretprobe(&lunl_luo_probe);

	if (err)
		pr_warn("cannot time LUO's reboot path: %pe\n", ERR_PTR(err));
	return 0;
}
late_initcall(lunl_luo_timing_init);
