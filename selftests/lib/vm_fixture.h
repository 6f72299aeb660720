/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fixture most tests start from: the device open (SKIP when there is
 * none) and one VM. Include after kselftest_harness.h, once per test
 * program; the tests are then TEST_F(vm, name).
 */
#ifndef OKVM_SELFTEST_VM_FIXTURE_H
#define OKVM_SELFTEST_VM_FIXTURE_H

#include "okvm_util.h"

FIXTURE(vm) {
	int sys_fd;
	int vm_fd;
};

FIXTURE_SETUP(vm)
{
	self->vm_fd = -1;
	self->sys_fd = okvm_open_dev();
	if (self->sys_fd < 0 && okvm_open_skippable(errno))
		SKIP(return, "%s", okvm_open_error());
	ASSERT_LE(0, self->sys_fd) TH_LOG("%s", okvm_open_error());
	self->vm_fd = vm_create(self->sys_fd);
}

FIXTURE_TEARDOWN(vm)
{
	okvm_close(&self->vm_fd);
	okvm_close(&self->sys_fd);
}

#endif /* OKVM_SELFTEST_VM_FIXTURE_H */
