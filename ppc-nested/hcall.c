// SPDX-License-Identifier: GPL-2.0
/*
 * L0 hcall return codes to errnos, in one table, so every caller reports
 * an L0 failure the same way.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
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

static const struct {
	unsigned long opcode;
	const char *name;
} okvm_hcall_names[] = {
	{ OKVM_H_SET_PARTITION_TABLE,	"H_SET_PARTITION_TABLE" },
	{ OKVM_H_ENTER_NESTED,		"H_ENTER_NESTED" },
	{ OKVM_H_TLB_INVALIDATE,	"H_TLB_INVALIDATE" },
	{ OKVM_H_GUEST_GET_CAPABILITIES, "H_GUEST_GET_CAPABILITIES" },
	{ OKVM_H_GUEST_SET_CAPABILITIES, "H_GUEST_SET_CAPABILITIES" },
	{ OKVM_H_GUEST_CREATE,		"H_GUEST_CREATE" },
	{ OKVM_H_GUEST_CREATE_VCPU,	"H_GUEST_CREATE_VCPU" },
	{ OKVM_H_GUEST_GET_STATE,	"H_GUEST_GET_STATE" },
	{ OKVM_H_GUEST_SET_STATE,	"H_GUEST_SET_STATE" },
	{ OKVM_H_GUEST_RUN_VCPU,	"H_GUEST_RUN_VCPU" },
	{ OKVM_H_GUEST_DELETE,		"H_GUEST_DELETE" },
};

/**
 * okvm_hcall_name() - an L0 hcall's name, for log lines
 * @opcode: one of the OKVM_H_* numbers
 *
 * Return: its PAPR name, or "hcall" for a number okvm does not use.
 */
const char *okvm_hcall_name(unsigned long opcode)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(okvm_hcall_names); i++)
		if (okvm_hcall_names[i].opcode == opcode)
			return okvm_hcall_names[i].name;
	return "hcall";
}

/**
 * okvm_hcall() - make one L0 hcall: the only door to the L0
 * @opcode: the hcall number
 * @ret: PLPAR_HCALL_BUFSIZE words for r4..r7, or NULL when the caller
 *	wants no outputs
 * @a1: r4
 * @a2: r5
 * @a3: r6
 * @a4: r7
 * @a5: r8
 *
 * Every hcall okvm makes to the L0 goes through here, so that fault
 * injection (fault.c) can stand in for the L0 on any of them. An
 * injected failure returns its code with @ret zeroed, as an L0 that
 * refused the call before looking at it (H_GUEST_CREATE's continue
 * token, r4, is handed back unchanged).
 *
 * Context: any; safe with interrupts hard-disabled.
 * Return: the L0's (or the injected) H_* code.
 */
long okvm_hcall(unsigned long opcode, unsigned long *ret, unsigned long a1,
		unsigned long a2, unsigned long a3, unsigned long a4,
		unsigned long a5)
{
	long rc;

	if (unlikely(okvm_fault_hcall(opcode, &rc))) {
		if (ret)
			memset(ret, 0, PLPAR_HCALL_BUFSIZE * sizeof(*ret));
		/* a busy H_GUEST_CREATE gives the token to continue with */
		if (ret && opcode == OKVM_H_GUEST_CREATE)
			ret[0] = a2;
		return rc;
	}
	if (ret)
		return plpar_hcall(opcode, ret, a1, a2, a3, a4, a5);
	return plpar_hcall_norets(opcode, a1, a2, a3, a4, a5);
}
