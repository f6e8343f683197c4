// SPDX-License-Identifier: GPL-2.0
/*
 * Test file type for the liveupdate netlink family, built as a module.
 */

/**
 * DOC: liveupdate netlink test file type
 *
 * With CONFIG_LIVEUPDATE_NL_TEST_TYPE, a LUO file handler of compatible
 * %LUNL_TEST_COMPATIBLE and a &struct liveupdate_nl_dep_resolver for it are
 * registered, so that dependency validation and freeze rollback can be
 * exercised from userspace. ``/sys/kernel/debug/liveupdate_nl_test_type/new``
 * answers %LUNL_TEST_IOC_NEW with a new anonymous test file, which may
 * depend on another test file. A test file answers %LUNL_TEST_IOC_INFO
 * and %LUNL_TEST_IOC_FAIL_FREEZE, which makes its handler's freeze fail
 * with -EIO. Its identity, value and dependency cross kexec in a small
 * preserved &struct lunl_test_ser. Its handler's retrieve can be failed
 * with fail_function (lunl_test_retrieve()), which loses the file.
 *
 * Built as a module (lunl_test_type), it is the handler that is loaded
 * after boot: incoming sessions are read at the family's first request,
 * so a session whose files it handles comes back whole when the module
 * is loaded before that. The module cannot be unloaded: LUO and the
 * family keep its handler and resolver for the files they hold.
 */

#define pr_fmt(fmt) "lunl_test_type: " fmt

#include <linux/anon_inodes.h>
#include <linux/debugfs.h>
#include <linux/error-injection.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/liveupdate.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <net/liveupdate_nl.h>

#include "lunl_test_type_uapi.h"

/**
 * struct lunl_test_obj - A test file's object.
 * @id:          Identity, kept across kexec.
 * @value:       Value given at creation.
 * @dep_id:      Identity of the object this one depends on, or 0.
 * @dep:         Outgoing: reference to the test file this one depends on.
 * @fail_freeze: Make the handler's freeze fail.
 */
struct lunl_test_obj {
	u64 id;
	u64 value;
	u64 dep_id;
	struct file *dep;
	bool fail_freeze;
};

/**
 * struct lunl_test_ser - Preserved state of a test file.
 * @id:     Identity.
 * @value:  Value.
 * @dep_id: Identity of its dependency, or 0.
 */
struct lunl_test_ser {
	u64 id;
	u64 value;
	u64 dep_id;
} __packed;

static const struct file_operations lunl_test_fops;

static int lunl_test_release(struct inode *inode, struct file *file)
{
	struct lunl_test_obj *obj = file->private_data;

	if (obj->dep)
		fput(obj->dep);
	kfree(obj);
	return 0;
}

static long lunl_test_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg)
{
	struct lunl_test_obj *obj = file->private_data;
	struct lunl_test_info info = {};
	u32 fail;

	switch (cmd) {
	case LUNL_TEST_IOC_INFO:
		info.id = obj->id;
		info.value = obj->value;
		info.dep_id = obj->dep_id;
		info.fail_freeze = obj->fail_freeze;
		return copy_to_user((void __user *)arg, &info, sizeof(info)) ?
		       -EFAULT : 0;
	case LUNL_TEST_IOC_FAIL_FREEZE:
		if (get_user(fail, (u32 __user *)arg))
			return -EFAULT;
		obj->fail_freeze = fail;
		return 0;
	}
	return -ENOTTY;
}

static const struct file_operations lunl_test_fops = {
	.owner		= THIS_MODULE,
	.release	= lunl_test_release,
	.unlocked_ioctl	= lunl_test_ioctl,
};

static struct file *lunl_test_file(struct lunl_test_obj *obj)
{
	return anon_inode_getfile("[lunl-test]", &lunl_test_fops, obj, O_RDWR);
}

static int lunl_test_new(struct lunl_test_new __user *uarg)
{
	struct lunl_test_obj *obj;
	struct lunl_test_new arg;
	struct file *file;
	int fd;

	if (copy_from_user(&arg, uarg, sizeof(arg)))
		return -EFAULT;
	obj = kzalloc_obj(*obj);
	if (!obj)
		return -ENOMEM;
	obj->id = get_random_u64() | 1;
	obj->value = arg.value;
	if (arg.dep_fd >= 0) {
		obj->dep = fget(arg.dep_fd);
		if (!obj->dep || obj->dep->f_op != &lunl_test_fops) {
			if (obj->dep)
				fput(obj->dep);
			kfree(obj);
			return -EINVAL;
		}
		obj->dep_id = ((struct lunl_test_obj *)obj->dep->private_data)->id;
	}
	file = lunl_test_file(obj);
	if (IS_ERR(file)) {
		if (obj->dep)
			fput(obj->dep);
		kfree(obj);
		return PTR_ERR(file);
	}
	fd = FD_ADD(O_CLOEXEC, file);
	if (fd < 0)
		return fd;
	return put_user(fd, &uarg->fd);
}

static long lunl_test_new_ioctl(struct file *file, unsigned int cmd,
				unsigned long arg)
{
	if (cmd != LUNL_TEST_IOC_NEW)
		return -ENOTTY;
	return lunl_test_new((struct lunl_test_new __user *)arg);
}

static const struct file_operations lunl_test_new_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= lunl_test_new_ioctl,
};

static bool lunl_test_can_preserve(struct liveupdate_file_handler *fh,
				   struct file *file)
{
	return file->f_op == &lunl_test_fops;
}

static int lunl_test_preserve(struct liveupdate_file_op_args *args)
{
	struct lunl_test_obj *obj = args->file->private_data;
	struct lunl_test_ser *ser;

	ser = kho_alloc_preserve(sizeof(*ser));
	if (IS_ERR(ser))
		return PTR_ERR(ser);
	ser->id = obj->id;
	ser->value = obj->value;
	ser->dep_id = obj->dep_id;
	args->serialized_data = virt_to_phys(ser);
	return 0;
}

static void lunl_test_unpreserve(struct liveupdate_file_op_args *args)
{
	kho_unpreserve_free(phys_to_virt(args->serialized_data));
}

static int lunl_test_freeze(struct liveupdate_file_op_args *args)
{
	struct lunl_test_obj *obj = args->file->private_data;

	return obj->fail_freeze ? -EIO : 0;
}

/* fail_function can fail it: a retrieve that loses its file. */
static noinline int lunl_test_retrieve(struct liveupdate_file_op_args *args)
{
	struct lunl_test_ser *ser = phys_to_virt(args->serialized_data);
	struct lunl_test_obj *obj;
	struct file *file;

	obj = kzalloc_obj(*obj);
	if (!obj)
		return -ENOMEM;
	obj->id = ser->id;
	obj->value = ser->value;
	obj->dep_id = ser->dep_id;
	file = lunl_test_file(obj);
	if (IS_ERR(file)) {
		kfree(obj);
		return PTR_ERR(file);
	}
	args->file = file;
	return 0;
}

ALLOW_ERROR_INJECTION(lunl_test_retrieve, ERRNO);

static void lunl_test_finish(struct liveupdate_file_op_args *args)
{
	kho_restore_free(phys_to_virt(args->serialized_data));
}

static const struct liveupdate_file_ops lunl_test_file_ops = {
	.can_preserve	= lunl_test_can_preserve,
	.preserve	= lunl_test_preserve,
	.unpreserve	= lunl_test_unpreserve,
	.freeze		= lunl_test_freeze,
	.retrieve	= lunl_test_retrieve,
	.finish		= lunl_test_finish,
	.owner		= THIS_MODULE,
};

static struct liveupdate_file_handler lunl_test_fh = {
	.ops		= &lunl_test_file_ops,
	.compatible	= LUNL_TEST_COMPATIBLE,
};

static bool lunl_test_match(struct file *file)
{
	return file->f_op == &lunl_test_fops;
}

static int lunl_test_deps(struct file *file, struct file **deps,
			  unsigned int max)
{
	struct lunl_test_obj *obj = file->private_data;

	if (!obj->dep)
		return 0;
	deps[0] = obj->dep;
	return 1;
}

static struct liveupdate_nl_dep_resolver lunl_test_resolver = {
	.compatible	= LUNL_TEST_COMPATIBLE,
	.match		= lunl_test_match,
	.deps		= lunl_test_deps,
};

static int __init lunl_test_type_init(void)
{
	struct dentry *dir;
	int err;

	/* -EOPNOTSUPP unless the kernel was booted with liveupdate=on. */
	err = liveupdate_register_file_handler(&lunl_test_fh);
	if (err) {
		pr_err("cannot register the test file handler: %pe\n",
		       ERR_PTR(err));
		return err;
	}
	liveupdate_nl_register_dep_resolver(&lunl_test_resolver);
	dir = debugfs_create_dir("liveupdate_nl_test_type", NULL);
	debugfs_create_file("new", 0600, dir, NULL, &lunl_test_new_fops);
	return 0;
}
module_init(lunl_test_type_init);

MODULE_DESCRIPTION("Test file type for the liveupdate netlink family");
MODULE_LICENSE("GPL");
