// SPDX-License-Identifier: GPL-2.0
/*
 * Time each session's freeze on the kexec path, the family's and LUO's
 * alike, for benchmarks of the one against the other.
 */

/**
 * DOC: timing the freeze of both front ends
 *
 * Both front ends freeze their sessions inside liveupdate_reboot(), where
 * userspace cannot time them: the family from LUO's reboot notifier, one
 * lunl_freeze_session() per session (its record filled in, then LUO's
 * luo_file_freeze() on its files), LUO for the sessions of
 * /dev/liveupdate, one luo_file_freeze() per session. With
 * CONFIG_LIVEUPDATE_NL_LUO_TIMING, kretprobes of the same make time both
 * functions, and liveupdate_reboot() as a whole, on the same clock. When
 * the ``sessions`` parameter is set (``make bench`` writes
 * /sys/module/lunl_luo_timing/parameters/sessions), every session's
 * freeze is kept, and logged once liveupdate_reboot() returns (so that
 * no printk() runs between two freezes): "bench: freeze nl|luo N ns
 * (err)", in the order the sessions froze, then "LUO reboot path took N
 * ns (err)". A luo_file_freeze() called from the family's freeze is part
 * of the family's figure, and is logged on its own, just before it, as
 * "bench: freeze nl-luo N ns (err)": the same function on the same kind
 * of files as LUO's, which tells the family's own share. Its probe fires
 * within the family's figure: a cost LUO's figure does not carry.
 *
 * The entry handlers run from the breakpoint's int3, which x86 enters as
 * an NMI (or from ftrace's entry hook): they read the clock with
 * ktime_get_mono_fast_ns(), which takes no lock. The return handlers do
 * the same, so that both ends read one clock the same way. The kexec path
 * runs on one CPU at a time, under the kexec lock, so one flag tells a
 * luo_file_freeze() within the family's freeze from LUO's own.
 */

#define pr_fmt(fmt) "liveupdate_nl: " fmt

#include <linux/err.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>

static bool sessions;
module_param(sessions, bool, 0644);
MODULE_PARM_DESC(sessions, "log the freeze of every session on the kexec path");

/*
 * The freezes of one kexec path, logged together once it is over, so
 * that no printk() runs between two that are timed.
 */
#define LUNL_TIMES	256
enum { LUNL_NL, LUNL_NL_LUO, LUNL_LUO };
static const char *const lunl_kinds[] = { "nl", "nl-luo", "luo" };
static struct {
	u64 ns;
	int err;
	int kind;
} lunl_times[LUNL_TIMES];
static unsigned int lunl_nr_times;
static unsigned int lunl_lost_times;

/* Set while the family freezes one session; LUO's part of it. */
static bool lunl_in_family;
static u64 lunl_family_luo_ns;
static int lunl_family_luo_err;

static void lunl_time_add(int kind, u64 ns, int err)
{
	if (!READ_ONCE(sessions))
		return;
	if (lunl_nr_times == LUNL_TIMES) {
		lunl_lost_times++;
		return;
	}
	lunl_times[lunl_nr_times].ns = ns;
	lunl_times[lunl_nr_times].err = err;
	lunl_times[lunl_nr_times].kind = kind;
	lunl_nr_times++;
}

static int lunl_time_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	*(u64 *)ri->data = ktime_get_mono_fast_ns();
	return 0;
}

static u64 lunl_time_taken(struct kretprobe_instance *ri)
{
	return ktime_get_mono_fast_ns() - *(u64 *)ri->data;
}

static int lunl_reboot_return(struct kretprobe_instance *ri,
			      struct pt_regs *regs)
{
	u64 ns = lunl_time_taken(ri);
	unsigned int i;

	for (i = 0; i < lunl_nr_times; i++)
		pr_info("bench: freeze %s %llu ns (%d)\n",
			lunl_kinds[lunl_times[i].kind], lunl_times[i].ns,
			lunl_times[i].err);
	if (lunl_lost_times)
		pr_info("bench: %u freeze times lost\n", lunl_lost_times);
	lunl_nr_times = 0;
	lunl_lost_times = 0;
	pr_info("LUO reboot path took %llu ns (%d)\n", ns,
		(int)regs_return_value(regs));
	return 0;
}

static int lunl_family_entry(struct kretprobe_instance *ri,
			     struct pt_regs *regs)
{
	WRITE_ONCE(lunl_in_family, true);
	/* Stays so if LUO's freeze was not timed within. */
	lunl_family_luo_ns = 0;
	lunl_family_luo_err = -ENODATA;
	return lunl_time_entry(ri, regs);
}

static int lunl_family_return(struct kretprobe_instance *ri,
			      struct pt_regs *regs)
{
	u64 ns = lunl_time_taken(ri);

	WRITE_ONCE(lunl_in_family, false);
	lunl_time_add(LUNL_NL_LUO, lunl_family_luo_ns, lunl_family_luo_err);
	lunl_time_add(LUNL_NL, ns, (int)regs_return_value(regs));
	return 0;
}

static int lunl_luo_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	u64 ns = lunl_time_taken(ri);

	if (READ_ONCE(lunl_in_family)) {
		lunl_family_luo_ns = ns;
		lunl_family_luo_err = (int)regs_return_value(regs);
	} else {
		lunl_time_add(LUNL_LUO, ns, (int)regs_return_value(regs));
	}
	return 0;
}

static struct kretprobe lunl_probes[] = {
	{
		.kp.symbol_name	= "liveupdate_reboot",
		.entry_handler	= lunl_time_entry,
		.handler	= lunl_reboot_return,
		.data_size	= sizeof(u64),
		.maxactive	= 1,
	}, {
		.kp.symbol_name	= "lunl_freeze_session",
		.entry_handler	= lunl_family_entry,
		.handler	= lunl_family_return,
		.data_size	= sizeof(u64),
		.maxactive	= 1,
	}, {
		.kp.symbol_name	= "luo_file_freeze",
		.entry_handler	= lunl_time_entry,
		.handler	= lunl_luo_return,
		.data_size	= sizeof(u64),
		.maxactive	= 1,
	},
};

static int __init lunl_luo_timing_init(void)
{
	int i, err;

	for (i = 0; i < ARRAY_SIZE(lunl_probes); i++) {
		err = register_kretprobe(&lunl_probes[i]);
		if (err)
			pr_warn("cannot time %s: %pe\n",
				lunl_probes[i].kp.symbol_name, ERR_PTR(err));
	}
	return 0;
}
late_initcall(lunl_luo_timing_init);
