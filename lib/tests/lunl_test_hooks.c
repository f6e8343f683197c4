// SPDX-License-Identifier: GPL-2.0
/*
 * Test hooks of the liveupdate netlink family, through its test-only
 * interface (net/liveupdate/lunl.h, included the way LUO's own test
 * includes LUO's internal header) and its tracepoints.
 */

/**
 * DOC: liveupdate netlink test hooks
 *
 * With CONFIG_LIVEUPDATE_NL_TEST, built in:
 *
 * ``/sys/kernel/debug/liveupdate_nl_test/corrupt`` damages the KHO record
 * of a session while frozen (liveupdate_nl_test_record()), so that the
 * next kernel's handling of a malformed record can be tested;
 * lunl_test_hooks_uapi.h lists the damages.
 *
 * ``/sys/kernel/debug/liveupdate_nl_test/after_commit`` arms a reboot
 * notifier that, once liveupdate_reboot() has committed the next kexec,
 * tries to change the family's state (liveupdate_nl_test_changes()) and
 * logs the refusals.
 *
 * The boot parameter ``liveupdate_nl_test.fail_incoming=NAME:N,...``
 * fails allocation N of the parse of incoming session NAME (the first
 * request after boot parses them, between the tracepoints
 * liveupdate_nl_incoming_begin and _end), each named session once, so that one
 * kexec tries many positions in as many sessions. Allocations are
 * counted as ``/proc/thread-self/fail-nth`` counts them (every slab and
 * page allocation of the parsing task that may fail, of any order), but
 * only while that session is parsed, not in the rest of the request, and
 * not those made with __GFP_NOWARN: the allocator makes these for itself
 * (kmemleak's metadata, the stack depot, debugobjects' pool, a slab page
 * tried at a higher order first), absorbs their failure, and makes them
 * or not depending on its own state, which would move every later
 * allocation of the parse from one run to the next. kprobes on
 * should_failslab() and should_fail_alloc_page(), registered at boot
 * when the parameter is given, count them while a parse is armed and
 * make the N-th fail, as fail_function does.
 * ``/sys/kernel/debug/liveupdate_nl_test/incoming_faults`` tells, for
 * each pair, whether the allocation failed and where, and how many
 * allocations the parse made.
 */

#define pr_fmt(fmt) "liveupdate_nl_test: " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/kexec.h>
#include <linux/kprobes.h>
#include <linux/liveupdate.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/ptrace.h>
#include <linux/reboot.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/stacktrace.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <trace/events/liveupdate_nl.h>

#include "../../net/liveupdate/lunl.h"
#include "lunl_test_hooks_uapi.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "liveupdate_nl_test."

/*
 * Damage the record @hdr of a frozen session, carried by @luo, as @arg
 * (the mode) asks; see lunl_test_hooks_uapi.h.
 */
static int lunl_test_damage(struct lunl_ser_hdr *hdr,
			    struct liveupdate_session *luo, void *arg)
{
	struct lunl_fd_ser *fser = (struct lunl_fd_ser *)(hdr + 1);
	const char *mode = arg;

	if (!strcmp(mode, "compatible"))
		strscpy_pad(hdr->compatible, "liveupdate-nl-v0");
	else if (!strcmp(mode, "record"))
		liveupdate_session_set_data(luo,
					    virt_to_phys(hdr) + sizeof(*hdr));
	else if (!strcmp(mode, "fds"))
		hdr->nr_fds = U32_MAX;
	else if (!strcmp(mode, "data"))
		hdr->data_len = LIVEUPDATE_NL_USER_DATA_MAX + 1;
	else if (!hdr->nr_fds)
		return -EINVAL;
	else if (!strcmp(mode, "first"))
		fser->first_dep = hdr->nr_deps + 1;
	else if (!strcmp(mode, "label"))
		fser->label_off = U32_MAX;
	else if (!strcmp(mode, "deps"))
		fser->nr_deps = LIVEUPDATE_NL_MAX_DEPS + 1;
	else if (!strcmp(mode, "token"))
		fser->token ^= BIT_ULL(63);
	else if (!strcmp(mode, "dup") && hdr->nr_fds > 1)
		fser->token = fser[1].token;
	else
		return -EINVAL;
	return 0;
}

static ssize_t lunl_test_corrupt_write(struct file *file,
				       const char __user *ubuf, size_t len,
				       loff_t *ppos)
{
	char buf[96], *mode, *session;
	int err;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	session = strim(buf);
	mode = strsep(&session, " ");
	if (!session)
		return -EINVAL;

	err = liveupdate_nl_test_record(session, lunl_test_damage, mode);
	if (err)
		return err;
	pr_info("damaged the KHO record of session %s: %s\n", session, mode);
	return len;
}

static const struct file_operations lunl_test_corrupt_fops = {
	.owner	= THIS_MODULE,
	.write	= lunl_test_corrupt_write,
};

/*
 * Set through debugfs: at the next kexec, after liveupdate_reboot() has
 * committed it (reboot notifiers run then), try the changes a request
 * could make and log the answers, which must all be refusals.
 */
static bool lunl_test_after_commit;

static void lunl_test_log_try(const char *what, int err, const char *msg)
{
	pr_info("after commit: %s: %d: %s\n", what, err, msg);
}

static int lunl_test_reboot(struct notifier_block *nb, unsigned long action,
			    void *data)
{
	if (action != SYS_RESTART || !kexec_in_progress ||
	    !READ_ONCE(lunl_test_after_commit))
		return NOTIFY_DONE;
	liveupdate_nl_test_changes(lunl_test_log_try);
	return NOTIFY_DONE;
}

static struct notifier_block lunl_test_reboot_nb = {
	.notifier_call = lunl_test_reboot,
};

#define LUNL_TEST_FAULTS	64
#define LUNL_TEST_FAULT_STACK	32

/**
 * struct lunl_test_fault - An allocation fault in the parse of a session.
 * @name:     The incoming session.
 * @nth:      The allocation that fails, from 1.
 * @allocs:   Allocations the parse made.
 * @parsed:   Whether the session was parsed.
 * @fired:    Whether allocation @nth failed.
 * @err:      Why the fault could not be armed, or 0.
 * @nr_stack: Entries in @stack.
 * @stack:    Where the failed allocation was made.
 */
struct lunl_test_fault {
	char name[LIVEUPDATE_NL_SESSION_NAME_LEN];
	unsigned int nth;
	unsigned int allocs;
	bool parsed;
	bool fired;
	int err;
	unsigned int nr_stack;
	unsigned long stack[LUNL_TEST_FAULT_STACK];
};

static char lunl_test_fail_incoming[1024];
module_param_string(fail_incoming, lunl_test_fail_incoming,
		    sizeof(lunl_test_fail_incoming), 0);
MODULE_PARM_DESC(fail_incoming,
		 "NAME:N,...: fail allocation N of the parse of incoming session NAME");

static struct lunl_test_fault lunl_test_faults[LUNL_TEST_FAULTS];
static unsigned int lunl_test_nr_faults;
static struct lunl_test_fault *lunl_test_armed;
static struct task_struct *lunl_test_task;

/*
 * Whether the allocation a kprobe stopped is the one to fail. Only those
 * of the parsing task count, not those of an interrupt on its CPU: the
 * int3 of a kprobe enters as an NMI, one hardirq level above what it
 * stopped.
 */
static bool lunl_test_fault_hit(struct pt_regs *regs, gfp_t gfp)
{
	struct lunl_test_fault *t = READ_ONCE(lunl_test_armed);

	if (!t || current != lunl_test_task ||
	    (gfp & (__GFP_NOFAIL | __GFP_NOWARN)) ||
	    hardirq_count() != HARDIRQ_OFFSET || in_serving_softirq())
		return false;
	if (++t->allocs != t->nth)
		return false;
	t->fired = true;
	t->nr_stack = stack_trace_save_regs(regs, t->stack,
					    LUNL_TEST_FAULT_STACK, 0);
	return true;
}
NOKPROBE_SYMBOL(lunl_test_fault_hit);

static int lunl_test_failslab(struct kprobe *kp, struct pt_regs *regs)
{
	gfp_t gfp = (__force gfp_t)regs_get_kernel_argument(regs, 1);

	if (!lunl_test_fault_hit(regs, gfp))
		return 0;
	regs_set_return_value(regs, -ENOMEM);
	override_function_with_return(regs);
	return 1;
}
NOKPROBE_SYMBOL(lunl_test_failslab);

static int lunl_test_fail_page(struct kprobe *kp, struct pt_regs *regs)
{
	gfp_t gfp = (__force gfp_t)regs_get_kernel_argument(regs, 0);

	if (!lunl_test_fault_hit(regs, gfp))
		return 0;
	regs_set_return_value(regs, true);
	override_function_with_return(regs);
	return 1;
}
NOKPROBE_SYMBOL(lunl_test_fail_page);

/* A post handler keeps a kprobe from being optimized into a jump. */
static void lunl_test_fault_post(struct kprobe *kp, struct pt_regs *regs,
				 unsigned long flags)
{
}

static struct kprobe lunl_test_kprobes[] = {
	{
		.symbol_name	= "should_failslab",
		.pre_handler	= lunl_test_failslab,
		.post_handler	= lunl_test_fault_post,
	},
	{
		.symbol_name	= "should_fail_alloc_page",
		.pre_handler	= lunl_test_fail_page,
		.post_handler	= lunl_test_fault_post,
	},
};

/* Why the kprobes could not be registered, or 0. */
static int lunl_test_kprobes_err;

/* Register the kprobes, enabled: they count only while a parse is armed. */
static int __init lunl_test_kprobes_register(void)
{
	unsigned int i;
	int err;

	if (!IS_ENABLED(CONFIG_FUNCTION_ERROR_INJECTION))
		return -EOPNOTSUPP;
	for (i = 0; i < ARRAY_SIZE(lunl_test_kprobes); i++) {
		err = register_kprobe(&lunl_test_kprobes[i]);
		if (err) {
			while (i--)
				unregister_kprobe(&lunl_test_kprobes[i]);
			return err;
		}
	}
	return 0;
}

/*
 * The parse of incoming session @name begins (a probe of the tracepoint
 * liveupdate_nl_incoming_begin): arm the fault the boot parameter asks
 * for in this session, if any. Called in the first request after boot,
 * with the family's lock held, like the probe of the end.
 */
static void lunl_test_incoming_begin(void *data, const char *name)
{
	struct lunl_test_fault *t;
	unsigned int i;

	for (i = 0; i < lunl_test_nr_faults; i++) {
		t = &lunl_test_faults[i];
		if (!t->parsed && !strcmp(t->name, name))
			break;
	}
	if (i == lunl_test_nr_faults)
		return;
	t->parsed = true;
	t->err = lunl_test_kprobes_err;
	if (t->err) {
		pr_err("cannot fail allocations in session \"%s\": %pe\n", name,
		       ERR_PTR(t->err));
		return;
	}
	/* vmtest.sh accepts allocation failure reports between the markers. */
	pr_info("liveupdate_nl_fault: begin: allocation %u of session \"%s\"\n",
		t->nth, name);
	lunl_test_task = current;
	WRITE_ONCE(lunl_test_armed, t);
}

/* The parse of an incoming session ended: disarm. */
static void lunl_test_incoming_end(void *data, const char *name, int err)
{
	struct lunl_test_fault *t = lunl_test_armed;

	if (!t)
		return;
	WRITE_ONCE(lunl_test_armed, NULL);
	pr_info("liveupdate_nl_fault: end: allocation %u of session \"%s\" %s; the parse made %u\n",
		t->nth, t->name, t->fired ? "failed" : "was not reached",
		t->allocs);
}

/* Read liveupdate_nl_test.fail_incoming into lunl_test_faults. */
static void __init lunl_test_faults_parse(void)
{
	char *pairs = lunl_test_fail_incoming, *pair, *colon;
	struct lunl_test_fault *t;

	while ((pair = strsep(&pairs, ","))) {
		if (!*pair)
			continue;
		t = &lunl_test_faults[lunl_test_nr_faults];
		colon = strrchr(pair, ':');
		if (colon)
			*colon = '\0';
		if (lunl_test_nr_faults == LUNL_TEST_FAULTS || !colon ||
		    kstrtouint(colon + 1, 10, &t->nth) || !t->nth ||
		    strscpy(t->name, pair) <= 0) {
			pr_err("fail_incoming: cannot use \"%s\": give at most %u NAME:N, N from 1\n",
			       pair, LUNL_TEST_FAULTS);
			continue;
		}
		lunl_test_nr_faults++;
	}
}

static int lunl_test_faults_show(struct seq_file *m, void *v)
{
	const struct lunl_test_fault *t;
	unsigned int i, j;

	for (i = 0; i < lunl_test_nr_faults; i++) {
		t = &lunl_test_faults[i];
		seq_printf(m, "%s %u %s %u", t->name, t->nth,
			   t->err ? "error" : !t->parsed ? "unparsed" :
			   t->fired ? "failed" : "passed", t->allocs);
		for (j = 0; j < t->nr_stack; j++)
			seq_printf(m, " %ps", (void *)t->stack[j]);
		seq_putc(m, '\n');
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(lunl_test_faults);

static int __init lunl_test_init(void)
{
	struct dentry *dir;
	int err;

	if (!liveupdate_enabled())
		return 0;
	lunl_test_faults_parse();
	if (lunl_test_nr_faults)
		lunl_test_kprobes_err = lunl_test_kprobes_register();
	err = register_trace_liveupdate_nl_incoming_begin(lunl_test_incoming_begin,
							  NULL);
	if (!err) {
		err = register_trace_liveupdate_nl_incoming_end(lunl_test_incoming_end,
								NULL);
		if (err)
			unregister_trace_liveupdate_nl_incoming_begin(lunl_test_incoming_begin,
								      NULL);
	}
	if (err)
		pr_err("cannot follow the parse of incoming sessions: %pe\n",
		       ERR_PTR(err));
	dir = debugfs_create_dir("liveupdate_nl_test", NULL);
	debugfs_create_file("corrupt", 0200, dir, NULL, &lunl_test_corrupt_fops);
	debugfs_create_file("incoming_faults", 0400, dir, NULL,
			    &lunl_test_faults_fops);
	debugfs_create_bool("after_commit", 0600, dir, &lunl_test_after_commit);
	return register_reboot_notifier(&lunl_test_reboot_nb);
}
late_initcall(lunl_test_init);
