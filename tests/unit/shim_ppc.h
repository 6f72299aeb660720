/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-ins for what ppc-nested/internal.h gives the pure POWER
 * files (gsb.c, state.c): byte order, bit and bitmap helpers. Defining
 * OKVM_PPC_INTERNAL_H keeps the real header out. Built on shim.h.
 */
#ifndef OKVM_UNIT_SHIM_PPC_H
#define OKVM_UNIT_SHIM_PPC_H

#include "shim.h"

#define OKVM_PPC_INTERNAL_H

#include <endian.h>
#include <limits.h>

#define cpu_to_be16(x)	((__be16)htobe16(x))
#define cpu_to_be32(x)	((__be32)htobe32(x))
#define cpu_to_be64(x)	((__be64)htobe64(x))
#define be16_to_cpu(x)	((u16)be16toh(x))
#define be32_to_cpu(x)	((u32)be32toh(x))
#define be64_to_cpu(x)	((u64)be64toh(x))

#define U16_MAX		((u16)~0U)
#define U32_MAX		((u32)~0U)

/* The same tokens as unit.h's, so both may define it. */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define BIT(n)			(1UL << (n))
#define BITS_PER_LONG		(8 * (int)sizeof(long))
#define BITS_TO_LONGS(n)	(((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define DECLARE_BITMAP(name, bits)	unsigned long name[BITS_TO_LONGS(bits)]

static inline unsigned long unit_index_nospec(unsigned long idx,
					      unsigned long size)
{
	(void)size;
	return idx;
}

#define array_index_nospec(idx, size)	unit_index_nospec((idx), (size))

static inline void __set_bit(unsigned int nr, unsigned long *map)
{
	map[nr / BITS_PER_LONG] |= 1UL << (nr % BITS_PER_LONG);
}

static inline void __clear_bit(unsigned int nr, unsigned long *map)
{
	map[nr / BITS_PER_LONG] &= ~(1UL << (nr % BITS_PER_LONG));
}

static inline bool test_bit(unsigned int nr, const unsigned long *map)
{
	return map[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG) & 1;
}

static inline void bitmap_zero(unsigned long *map, unsigned int nbits)
{
	memset(map, 0, BITS_TO_LONGS(nbits) * sizeof(long));
}

/* As the kernel's: the bits past @nbits in the last word get set too. */
static inline void bitmap_fill(unsigned long *map, unsigned int nbits)
{
	memset(map, 0xff, BITS_TO_LONGS(nbits) * sizeof(long));
}

static inline void bitmap_clear(unsigned long *map, unsigned int start,
				unsigned int n)
{
	while (n--)
		__clear_bit(start++, map);
}

static inline void bitmap_or(unsigned long *dst, const unsigned long *a,
			     const unsigned long *b, unsigned int nbits)
{
	unsigned int i;

	for (i = 0; i < BITS_TO_LONGS(nbits); i++)
		dst[i] = a[i] | b[i];
}

static inline bool bitmap_andnot(unsigned long *dst, const unsigned long *a,
				 const unsigned long *b, unsigned int nbits)
{
	unsigned long any = 0;
	unsigned int i;

	for (i = 0; i < BITS_TO_LONGS(nbits); i++) {
		dst[i] = a[i] & ~b[i];
		if (i == BITS_TO_LONGS(nbits) - 1 && nbits % BITS_PER_LONG)
			dst[i] &= (1UL << (nbits % BITS_PER_LONG)) - 1;
		any |= dst[i];
	}
	return any != 0;
}

/* for_each_set_bit() as an iterator, so each macro argument appears once. */
struct unit_bit_iter {
	unsigned int *bit;
	const unsigned long *map;
	unsigned int size;
	unsigned int next;
};

static inline struct unit_bit_iter unit_bit_iter(unsigned int *bit,
						 const unsigned long *map,
						 unsigned int size)
{
	struct unit_bit_iter it = { bit, map, size, 0 };

	return it;
}

static inline bool unit_bit_next(struct unit_bit_iter *it)
{
	while (it->next < it->size && !test_bit(it->next, it->map))
		it->next++;
	*it->bit = it->next++;
	return *it->bit < it->size;
}

#define for_each_set_bit(bit, map, size)				\
	for (struct unit_bit_iter unit_it_ =				\
		unit_bit_iter(&(bit), (map), (size));			\
	     unit_bit_next(&unit_it_);)

#endif /* OKVM_UNIT_SHIM_PPC_H */
