// SPDX-License-Identifier: GPL-2.0
/*
 * vm_stats
 *
 * Test KVM_GET_STATS_FD on a VM fd, mirroring upstream's
 * kvm_binary_stats_test: the header (name_size, num_desc, "kvm-" id,
 * block offsets), every descriptor (unique non-empty names, known
 * type/unit/base, exponent and bucket rules, size >= 1, non-overlapping
 * values) and the data block read in bulk and value by value. Also: the
 * layout reads the same twice and through a second or dup()ed fd, read()
 * in odd-sized chunks gives the same bytes as pread(), reads at or past
 * the end return 0, the fd is read-only and close-on-exec, and it keeps
 * working after the VM fd (and the system fd) are closed.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "okvm_util.h"
#include "okvm_stats.h"
#include "stats_layout.h"

#define CHUNK	7

FIXTURE(stats) {
	int sys_fd;
	int vm_fd;
	int stats_fd;
	struct okvm_stats st;
	char err[256];
};

FIXTURE_SETUP(stats)
{
	self->vm_fd = -1;
	self->stats_fd = -1;
	self->sys_fd = okvm_open_dev();
	if (self->sys_fd < 0 && okvm_open_skippable(errno))
		SKIP(return, "%s", okvm_open_error());
	ASSERT_LE(0, self->sys_fd) TH_LOG("%s", okvm_open_error());
	ASSERT_EQ(1, check_cap(self->sys_fd, KVM_CAP_BINARY_STATS_FD));
	self->vm_fd = vm_create(self->sys_fd);
	self->stats_fd = get_stats_fd(self->vm_fd);
	ASSERT_EQ(0, okvm_stats_read(self->stats_fd, &self->st, self->err,
				     sizeof(self->err)))
		TH_LOG("%s", self->err);
}

FIXTURE_TEARDOWN(stats)
{
	okvm_stats_free(&self->st);
	okvm_close(&self->stats_fd);
	okvm_close(&self->vm_fd);
	okvm_close(&self->sys_fd);
}

TEST_F(stats, layout)
{
	unsigned int i;
	int ret = okvm_stats_check(&self->st, self->err, sizeof(self->err));

	if (ret)
		okvm_stats_dump(&self->st, stderr);
	ASSERT_EQ(0, ret) TH_LOG("%s", self->err);
	TH_LOG("id '%s', %u stats, %zu data bytes", self->st.id,
	       self->st.hdr.num_desc, self->st.data_size);
	for (i = 0; i < self->st.hdr.num_desc; i++)
		TH_LOG("  %s", okvm_stats_desc(&self->st, i)->name);
}

TEST_F(stats, values_one_by_one)
{
	const struct kvm_stats_desc *d;
	__u64 buf[256];
	unsigned int i;
	size_t size;

	for (i = 0; i < self->st.hdr.num_desc; i++) {
		d = okvm_stats_desc(&self->st, i);
		size = d->size * sizeof(__u64);
		ASSERT_GE(sizeof(buf), size) TH_LOG("%s: size %u", d->name, d->size);
		EXPECT_EQ((ssize_t)size, pread(self->stats_fd, buf, size,
					       self->st.hdr.data_offset + d->offset))
			TH_LOG("%s: %s", d->name, strerror(errno));
	}
}

TEST_F(stats, reread)
{
	int fd;

	expect_same_layout(_metadata, self->stats_fd, &self->st);

	fd = dup(self->stats_fd);
	ASSERT_LE(0, fd);
	expect_same_layout(_metadata, fd, &self->st);
	close(fd);

	fd = get_stats_fd(self->vm_fd);
	EXPECT_NE(self->stats_fd, fd);
	expect_same_layout(_metadata, fd, &self->st);
	close(fd);
	/* The first fd is unaffected by the others coming and going. */
	expect_same_layout(_metadata, self->stats_fd, &self->st);
}

TEST_F(stats, sequential_read)
{
	size_t end = okvm_stats_end(&self->st);
	size_t data = self->st.hdr.data_offset;
	char *seq, *ref;
	size_t got = 0;
	ssize_t ret;

	seq = calloc(1, end + CHUNK);
	ref = calloc(1, end);
	ASSERT_TRUE(seq && ref);
	ASSERT_EQ((ssize_t)end, pread(self->stats_fd, ref, end, 0));

	/* read() from the file position, in chunks that straddle every block. */
	do {
		ret = read(self->stats_fd, seq + got, CHUNK);
		ASSERT_LE(0, ret) TH_LOG("read at %zu: %s", got, strerror(errno));
		got += ret;
		ASSERT_GE(end, got)
			TH_LOG("the file is longer than its layout says (%zu bytes)", end);
	} while (ret);
	EXPECT_EQ(end, got);

	/* Values may change between reads; everything else may not. */
	EXPECT_EQ(0, memcmp(seq, ref, data < end ? data : end));
	if (data + self->st.data_size < end)
		EXPECT_EQ(0, memcmp(seq + data + self->st.data_size,
				    ref + data + self->st.data_size,
				    end - data - self->st.data_size));
	free(seq);
	free(ref);
}

TEST_F(stats, past_end)
{
	size_t end = okvm_stats_end(&self->st);
	char buf[64];

	EXPECT_EQ(0, pread(self->stats_fd, buf, sizeof(buf), end));
	EXPECT_EQ(0, pread(self->stats_fd, buf, sizeof(buf), end + 1));
	EXPECT_EQ(0, pread(self->stats_fd, buf, sizeof(buf), end + 4096));
	EXPECT_EQ(0, pread(self->stats_fd, buf, sizeof(buf), 1LL << 40));
	/* A read straddling the end is short. */
	EXPECT_EQ(8, pread(self->stats_fd, buf, sizeof(buf), end - 8));
}

TEST_F(stats, fd_flags)
{
	char byte = 0;

	EXPECT_ERRNO(EBADF, write(self->stats_fd, &byte, 1));
	EXPECT_EQ(FD_CLOEXEC, fcntl(self->stats_fd, F_GETFD) & FD_CLOEXEC);
	EXPECT_EQ(O_RDONLY, fcntl(self->stats_fd, F_GETFL) & O_ACCMODE);
}

TEST_F(stats, outlives_vm_fd)
{
	ASSERT_EQ(0, close(self->vm_fd));
	self->vm_fd = -1;
	expect_same_layout(_metadata, self->stats_fd, &self->st);
	ASSERT_EQ(0, close(self->sys_fd));
	self->sys_fd = -1;
	expect_same_layout(_metadata, self->stats_fd, &self->st);
}

TEST_HARNESS_MAIN
