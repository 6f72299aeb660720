// SPDX-License-Identifier: GPL-2.0
/*
 * L0 hcall return codes to errnos, in one table, so every caller reports
 * an L0 failure the same way.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <asm/hvcall.h>

#include "hcall.h"

static const struct {
	long rc;
	int err;
} okvm_hcall_errs[] = {
	{ H_SUCCESS,			0 },
	{ H_BUSY,			-EBUSY },
	{ H_HARDWARE,			-EIO },
	{ H_FUNCTION,			-EOPNOTSUPP },
	{ H_PRIVILEGE,			-EPERM },
	{ H_PARAMETER,			-EINVAL },
	{ H_P2,				-EINVAL },
	{ H_P3,				-EINVAL },
	{ H_P4,				-EINVAL },
	{ H_P5,				-EINVAL },
	{ H_NOT_FOUND,			-ENOENT },
	{ H_NO_MEM,			-ENOMEM },
	{ H_AUTHORITY,			-EPERM },
	{ H_NOT_AVAILABLE,		-ENODEV },
	{ H_STATE,			-EBUSY },
	{ H_IN_USE,			-EBUSY },
	{ OKVM_H_INVALID_ELEMENT_ID,	-EINVAL },
	{ OKVM_H_INVALID_ELEMENT_SIZE,	-EINVAL },
	{ OKVM_H_INVALID_ELEMENT_VALUE,	-EINVAL },
};

/**
 * okvm_hcall_errno() - the errno for an L0 hcall return code
 * @rc: what plpar_hcall*() returned
 *
 * Return: 0 for H_SUCCESS, -EBUSY for H_BUSY and H_LONG_BUSY_*,
 * -EOPNOTSUPP for H_FUNCTION and H_UNSUPPORTED_FLAG*, the table's errno
 * otherwise, and -EIO for a code the table does not know.
 */
int okvm_hcall_errno(long rc)
{
	unsigned int i;

	if (H_IS_LONG_BUSY(rc))
		return -EBUSY;
	if (rc <= OKVM_H_UNSUPPORTED_FLAG_START &&
	    rc >= OKVM_H_UNSUPPORTED_FLAG_END)
		return -EOPNOTSUPP;
	for (i = 0; i < ARRAY_SIZE(okvm_hcall_errs); i++)
		if (okvm_hcall_errs[i].rc == rc)
			return okvm_hcall_errs[i].err;
	return -EIO;
}
