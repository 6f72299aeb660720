// SPDX-License-Identifier: GPL-2.0
/*
 * Reading and checking a KVM binary stats fd. Functions return 0 on
 * success and -1 with a message in @err otherwise, so that the calling
 * test can assert with its own _metadata.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "okvm_stats.h"

/* Sanity bounds applied before trusting header fields for allocations. */
#define STATS_MAX_NAME_SIZE	4096
#define STATS_MAX_DESC		65536

static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

static int pread_exact(int fd, void *buf, size_t size, off_t off,
		       const char *what, char *err, size_t len)
{
	ssize_t ret = pread(fd, buf, size, off);

	if (ret < 0)
		return fail(err, len, "pread of %s (%zu bytes at %lld): %s",
			    what, size, (long long)off, strerror(errno));
	if ((size_t)ret != size)
		return fail(err, len, "pread of %s (%zu bytes at %lld) returned %zd",
			    what, size, (long long)off, ret);
	return 0;
}

const struct kvm_stats_desc *okvm_stats_desc(const struct okvm_stats *st,
					     unsigned int i)
{
	return (const struct kvm_stats_desc *)(st->desc + i * st->desc_size);
}

/**
 * okvm_stats_read() - read header, id, descriptors and data of a stats fd
 * @fd: stats fd
 * @st: filled in; release with okvm_stats_free(), also after a failure
 * @err: message buffer
 * @len: size of @err
 *
 * Only what is needed to read safely is validated here; the layout rules
 * are okvm_stats_check()'s job.
 */
int okvm_stats_read(int fd, struct okvm_stats *st, char *err, size_t len)
{
	const struct kvm_stats_desc *d;
	size_t end;
	__u32 i;

	memset(st, 0, sizeof(*st));
	if (pread_exact(fd, &st->hdr, sizeof(st->hdr), 0, "header", err, len))
		return -1;
	if (!st->hdr.name_size || st->hdr.name_size > STATS_MAX_NAME_SIZE)
		return fail(err, len, "implausible name_size %u",
			    st->hdr.name_size);
	if (st->hdr.num_desc > STATS_MAX_DESC)
		return fail(err, len, "implausible num_desc %u",
			    st->hdr.num_desc);

	st->id = calloc(1, st->hdr.name_size);
	if (!st->id)
		return fail(err, len, "out of memory");
	if (pread_exact(fd, st->id, st->hdr.name_size, st->hdr.id_offset,
			"id string", err, len))
		return -1;

	st->desc_size = sizeof(struct kvm_stats_desc) + st->hdr.name_size;
	st->desc = calloc(st->hdr.num_desc ?: 1, st->desc_size);
	if (!st->desc)
		return fail(err, len, "out of memory");
	if (pread_exact(fd, st->desc, st->hdr.num_desc * st->desc_size,
			st->hdr.desc_offset, "descriptors", err, len))
		return -1;

	for (i = 0; i < st->hdr.num_desc; i++) {
		d = okvm_stats_desc(st, i);
		end = (size_t)d->offset + (size_t)d->size * sizeof(__u64);
		if (end > st->data_size)
			st->data_size = end;
	}
	if (st->data_size > (1UL << 24))
		return fail(err, len, "implausible data size %zu", st->data_size);

	st->data = calloc(1, st->data_size ?: 1);
	if (!st->data)
		return fail(err, len, "out of memory");
	return pread_exact(fd, st->data, st->data_size, st->hdr.data_offset,
			   "data", err, len);
}

/* Do [a, a + alen) and [b, b + blen) intersect? */
static int overlaps(size_t a, size_t alen, size_t b, size_t blen)
{
	return a < b + blen && b < a + alen;
}

static int check_exponent(const struct kvm_stats_desc *d, char *err,
			  size_t len)
{
	switch (d->flags & KVM_STATS_UNIT_MASK) {
	case KVM_STATS_UNIT_NONE:
	case KVM_STATS_UNIT_BYTES:
	case KVM_STATS_UNIT_CYCLES:
		if (d->exponent < 0)
			return fail(err, len, "%s: exponent %d < 0", d->name,
				    d->exponent);
		break;
	case KVM_STATS_UNIT_SECONDS:
		if (d->exponent > 0)
			return fail(err, len, "%s: exponent %d > 0 for seconds",
				    d->name, d->exponent);
		break;
	case KVM_STATS_UNIT_BOOLEAN:
		if (d->exponent)
			return fail(err, len, "%s: exponent %d for a boolean",
				    d->name, d->exponent);
		break;
	}
	return 0;
}

static int check_desc(const struct okvm_stats *st, unsigned int i, char *err,
		      size_t len)
{
	const __u32 known = KVM_STATS_TYPE_MASK | KVM_STATS_UNIT_MASK |
			    KVM_STATS_BASE_MASK;
	const struct kvm_stats_desc *d = okvm_stats_desc(st, i);
	__u32 type = d->flags & KVM_STATS_TYPE_MASK;
	__u32 unit = d->flags & KVM_STATS_UNIT_MASK;
	__u32 base = d->flags & KVM_STATS_BASE_MASK;

	if (!memchr(d->name, '\0', st->hdr.name_size))
		return fail(err, len, "descriptor %u: name not NUL-terminated", i);
	if (!d->name[0])
		return fail(err, len, "descriptor %u: empty name", i);
	if (d->flags & ~known)
		return fail(err, len, "%s: unknown flags %#x", d->name,
			    d->flags & ~known);
	if (type > KVM_STATS_TYPE_MAX)
		return fail(err, len, "%s: unknown type %#x", d->name, type);
	if (unit > KVM_STATS_UNIT_MAX)
		return fail(err, len, "%s: unknown unit %#x", d->name, unit);
	if (base > KVM_STATS_BASE_MAX)
		return fail(err, len, "%s: unknown base %#x", d->name, base);
	if (check_exponent(d, err, len))
		return -1;
	if (!d->size)
		return fail(err, len, "%s: size 0", d->name);
	if (type == KVM_STATS_TYPE_LINEAR_HIST && !d->bucket_size)
		return fail(err, len, "%s: linear histogram with bucket_size 0",
			    d->name);
	if (type != KVM_STATS_TYPE_LINEAR_HIST && d->bucket_size)
		return fail(err, len, "%s: bucket_size %u on a non linear histogram",
			    d->name, d->bucket_size);
	if (d->offset % sizeof(__u64))
		return fail(err, len, "%s: offset %u not 8-byte aligned", d->name,
			    d->offset);
	return 0;
}

/* Names unique, and no two values share a byte of the data block. */
static int check_desc_pairs(const struct okvm_stats *st, char *err, size_t len)
{
	const struct kvm_stats_desc *a, *b;
	__u32 i, j;

	for (i = 0; i < st->hdr.num_desc; i++) {
		a = okvm_stats_desc(st, i);
		for (j = i + 1; j < st->hdr.num_desc; j++) {
			b = okvm_stats_desc(st, j);
			if (!strcmp(a->name, b->name))
				return fail(err, len, "duplicate stat name %s",
					    a->name);
			if (overlaps(a->offset, a->size * sizeof(__u64),
				     b->offset, b->size * sizeof(__u64)))
				return fail(err, len, "values of %s and %s overlap",
					    a->name, b->name);
		}
	}
	return 0;
}

/**
 * okvm_stats_check() - check what okvm_stats_read() read
 * @st: snapshot
 * @err: message buffer
 * @len: size of @err
 */
int okvm_stats_check(const struct okvm_stats *st, char *err, size_t len)
{
	const struct kvm_stats_header *h = &st->hdr;
	size_t desc_block = (size_t)h->num_desc * st->desc_size;
	__u32 i;

	if (h->flags)
		return fail(err, len, "header flags %#x, expected 0", h->flags);
	if (h->name_size != KVM_STATS_NAME_SIZE)
		return fail(err, len, "name_size %u, expected %u", h->name_size,
			    KVM_STATS_NAME_SIZE);
	if (!memchr(st->id, '\0', h->name_size))
		return fail(err, len, "id string not NUL-terminated");
	if (strncmp(st->id, "kvm-", 4))
		return fail(err, len, "id string '%s' does not start with kvm-",
			    st->id);
	if (!h->num_desc)
		return fail(err, len, "num_desc is 0");
	if (h->id_offset < sizeof(*h) || h->desc_offset < sizeof(*h) ||
	    h->data_offset < sizeof(*h))
		return fail(err, len, "a block overlaps the header (id %u desc %u data %u)",
			    h->id_offset, h->desc_offset, h->data_offset);
	if (overlaps(h->id_offset, h->name_size, h->desc_offset, desc_block))
		return fail(err, len, "id string overlaps the descriptors");
	if (overlaps(h->id_offset, h->name_size, h->data_offset, st->data_size))
		return fail(err, len, "id string overlaps the data");
	if (overlaps(h->desc_offset, desc_block, h->data_offset, st->data_size))
		return fail(err, len, "descriptors overlap the data");
	if (st->data_size < h->num_desc * sizeof(__u64))
		return fail(err, len, "data block of %zu bytes for %u stats",
			    st->data_size, h->num_desc);

	for (i = 0; i < h->num_desc; i++)
		if (check_desc(st, i, err, len))
			return -1;
	return check_desc_pairs(st, err, len);
}

/* The end of the last block, i.e. the size of the stats "file". */
size_t okvm_stats_end(const struct okvm_stats *st)
{
	const struct kvm_stats_header *h = &st->hdr;
	size_t end = sizeof(*h);

	if (h->id_offset + h->name_size > end)
		end = h->id_offset + h->name_size;
	if (h->desc_offset + h->num_desc * st->desc_size > end)
		end = h->desc_offset + h->num_desc * st->desc_size;
	if (h->data_offset + st->data_size > end)
		end = h->data_offset + st->data_size;
	return end;
}

/* Print the header and every descriptor as "# " diagnostics to @f. */
void okvm_stats_dump(const struct okvm_stats *st, FILE *f)
{
	const struct kvm_stats_header *h = &st->hdr;
	const struct kvm_stats_desc *d;
	__u32 i;

	fprintf(f, "# stats header: flags %#x name_size %u num_desc %u",
		h->flags, h->name_size, h->num_desc);
	fprintf(f, " id_offset %u desc_offset %u data_offset %u\n",
		h->id_offset, h->desc_offset, h->data_offset);
	for (i = 0; i < h->num_desc; i++) {
		d = okvm_stats_desc(st, i);
		fprintf(f, "# desc %u: '%.*s' flags %#x exponent %d", i,
			(int)h->name_size, d->name, d->flags, d->exponent);
		fprintf(f, " size %u offset %u bucket_size %u\n", d->size,
			d->offset, d->bucket_size);
	}
}

void okvm_stats_free(struct okvm_stats *st)
{
	free(st->id);
	free(st->desc);
	free(st->data);
	memset(st, 0, sizeof(*st));
}

/**
 * okvm_stats_value() - one counter by name
 * @st: a stats file read by okvm_stats_read()
 * @name: the counter's name
 *
 * Return: its (first) value, or ~0 when there is no such counter.
 */
__u64 okvm_stats_value(const struct okvm_stats *st, const char *name)
{
	unsigned int i;

	for (i = 0; i < st->hdr.num_desc; i++) {
		const struct kvm_stats_desc *d = okvm_stats_desc(st, i);

		if (!strcmp(d->name, name))
			return st->data[d->offset / 8];
	}
	return ~0ULL;
}

/**
 * okvm_stats_sample() - read some counters of a stats fd now
 * @fd: the stats fd
 * @names: counter names
 * @n: how many
 * @vals: their values (~0 for a counter that does not exist)
 *
 * Return: 0, or -1 when the file cannot be read.
 */
int okvm_stats_sample(int fd, const char *const *names, unsigned int n,
		      __u64 *vals)
{
	struct okvm_stats st = {};
	char err[128];
	unsigned int i;

	if (okvm_stats_read(fd, &st, err, sizeof(err)))
		return -1;
	for (i = 0; i < n; i++)
		vals[i] = okvm_stats_value(&st, names[i]);
	okvm_stats_free(&st);
	return 0;
}
