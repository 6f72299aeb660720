// SPDX-License-Identifier: GPL-2.0
/*
 * v2 transport: the PAPR H_GUEST_* API (seed 004, "New PAPR API";
 * Documentation/ppc-nested.rst).
 *
 * The L0 keeps the L2's state between runs, so this transport only moves
 * what the state layer asks for, in Guest State Buffers (gsb.h):
 *
 *  - flush: dirty guest-wide ids (logical PVR, TB offset) go out in one
 *    guest-wide H_GUEST_SET_STATE; dirty per-vCPU ids are staged in the
 *    run input buffer;
 *  - run: H_GUEST_RUN_VCPU with the staged input plus the HDEC expiry;
 *    afterwards every per-vCPU id is invalid but those the L0 wrote to
 *    the run output buffer;
 *  - sync: one H_GUEST_GET_STATE for every id the state layer misses.
 *
 * An L2 hcall that goes to userspace and back therefore costs one L0
 * hcall (the run): the exit handler reads r3-r12, which the output of a
 * 0xC00 exit carries, and its results ride in the next run's input.
 *
 * Interrupts for the L2 are synthesised by the common exit code (SRR0/1,
 * NIA, MSR through the state layer), as in v1: H_GUEST_RUN_VCPU's
 * interrupt flags are not used, because QEMU's L0 refuses any flag with
 * H_PARAMETER (power-nested-facts.md §3.6).
 *
 * Only marshalling and hcalls live here; register semantics are above
 * the state layer (exit.c, onereg.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "../core/okvm.h"
#include <linux/log2.h>
#include <linux/of.h>
#include <linux/seq_file.h>
#include <linux/sched/signal.h>
#include <asm/hvcall.h>
#include <asm/reg.h>
#include <asm/time.h>

#include "hcall.h"
#include "ppc.h"

/*
 * Buffer sizes. The run input buffer (between runs also the GET/SET one)
 * holds at most every per-vCPU id the state layer has (about 2.5 KiB);
 * QEMU's L0 wants run
 * buffers of 128 bytes to 16 KiB and asserts otherwise.
 */
#define OKVM_V2_IN_SIZE		4096
#define OKVM_V2_OUT_SIZE	1024
#define OKVM_V2_RUNBUF_MIN	128
#define OKVM_V2_RUNBUF_MAX	16384

/* H_BUSY / H_LONG_BUSY_*: how often and how long to try again. */
#define OKVM_V2_BUSY_TRIES	100
#define OKVM_V2_BUSY_MAX_MS	10000

/* Guests the L0 would not delete at VM destruction, tried again at unload. */
static DEFINE_XARRAY(okvm_v2_orphans);

/*
 * QEMU's v2 L0 (8.2 to 10.0 at least) stores the L2's DEC expiry at every
 * exit as now - DEC instead of now + DEC (spapr_nested.c,
 * exit_nested_restore_vcpu()), so the next entry gives the L2 an expired
 * decrementer. With the fix-up on, okvm reads the expiry back after each
 * run (one H_GUEST_GET_STATE), undoes the sign error and sends the right
 * value with the next run. auto: on when the L0 is QEMU.
 */
static char *dec_fixup = "auto";
module_param(dec_fixup, charp, 0444);
MODULE_PARM_DESC(dec_fixup, "v2: undo QEMU's L0 DEC expiry sign error: auto (when the L0 is QEMU), on or off");
static bool okvm_v2_dec_fixup;
static bool okvm_v2_l0_qemu;

static u64 okvm_v2_cpu_caps(void)
{
	u64 caps = 0;

	if (cpu_has_feature(CPU_FTR_ARCH_300))
		caps |= OKVM_GUEST_CAP_POWER9;
	if (cpu_has_feature(CPU_FTR_ARCH_31))
		caps |= OKVM_GUEST_CAP_POWER10;
	if (PVR_VER(mfspr(SPRN_PVR)) == 0x0082)	/* POWER11 */
		caps |= OKVM_GUEST_CAP_POWER11;
	return caps;
}

/**
 * okvm_v2_init() - negotiate the L2 processor modes with the L0
 * @l0_caps: what H_GUEST_GET_CAPABILITIES returned
 *
 * H_GUEST_SET_CAPABILITIES with the modes both this CPU and the L0
 * support. An L0 accepts it once per boot (QEMU answers H_STATE
 * afterwards, power-nested-facts.md §3.1): H_STATE means an earlier load
 * (of okvm or kvm_hv) negotiated already, and that is kept.
 *
 * Return: 0, or -ENODEV after one log line.
 */
int okvm_v2_init(u64 l0_caps)
{
	unsigned long ret[PLPAR_HCALL_BUFSIZE];
	u64 cpu = okvm_v2_cpu_caps(), caps = cpu & l0_caps;
	const char *model = "";
	long rc;

	of_property_read_string(of_root, "model", &model);
	okvm_v2_l0_qemu = strstr(model, "qemu");
	if (!strcmp(dec_fixup, "auto"))
		okvm_v2_dec_fixup = okvm_v2_l0_qemu;
	else if (!strcmp(dec_fixup, "on") || !strcmp(dec_fixup, "off"))
		okvm_v2_dec_fixup = !strcmp(dec_fixup, "on");
	else
		pr_info("v2: dec_fixup=%s: not auto, on or off; using auto\n",
			dec_fixup);
	if (okvm_v2_dec_fixup)
		pr_info("v2: undoing the L0's DEC expiry sign error (dec_fixup)\n");
	if (!caps) {
		pr_info("v2: no L2 processor mode both this CPU (%#llx) and the L0 (%#llx) support\n",
			cpu, l0_caps);
		return -ENODEV;
	}
	rc = okvm_hcall(OKVM_H_GUEST_SET_CAPABILITIES, ret, 0, caps, 0, 0, 0);
	if (rc == H_STATE) {
		pr_info("v2: L2 modes were negotiated before this load; asked for %#llx\n",
			caps);
		return 0;
	}
	if (rc != H_SUCCESS) {
		pr_info("v2: H_GUEST_SET_CAPABILITIES(%#llx) failed: %ld (bitmap %lu)\n",
			caps, rc, ret[1]);
		return -ENODEV;
	}
	pr_info("v2: L0 modes %#llx, CPU modes %#llx: set %#llx\n", l0_caps, cpu,
		caps);
	return 0;
}

static void okvm_v2_count(struct okvm_ppc_vcpu *pv, unsigned long opcode)
{
	okvm_ppc_vcpu_stat_inc(pv->vcpu, OKVM_PPC_STAT_L0_HCALLS);
	if (opcode == OKVM_H_GUEST_RUN_VCPU)
		okvm_ppc_vcpu_stat_inc(pv->vcpu, OKVM_PPC_STAT_L0_RUNS);
	else if (opcode == OKVM_H_GUEST_GET_STATE)
		okvm_ppc_vcpu_stat_inc(pv->vcpu, OKVM_PPC_STAT_L0_GET_STATE);
	else if (opcode == OKVM_H_GUEST_SET_STATE)
		okvm_ppc_vcpu_stat_inc(pv->vcpu, OKVM_PPC_STAT_L0_SET_STATE);
}

/*
 * One v2 hcall, made again while the L0 says busy: H_BUSY at once,
 * H_LONG_BUSY_* after sleeping as long as the code says, at most
 * OKVM_V2_BUSY_TRIES times and OKVM_V2_BUSY_MAX_MS in all (a 100 s
 * H_LONG_BUSY_ORDER_100_SEC is cut to what is left), and not once a
 * signal is pending: the caller then sees the busy code (-EBUSY) and its
 * task handles the signal. H_GUEST_CREATE continues with the token the
 * busy answer gave (seed 004, H_GUEST_CREATE). Counted in @pv's stats.
 */
static long okvm_v2_call(struct okvm_ppc_vcpu *pv, unsigned long opcode,
			 unsigned long *ret, unsigned long a1, unsigned long a2,
			 unsigned long a3, unsigned long a4, unsigned long a5)
{
	unsigned int tries = 0, slept = 0, ms;
	long rc;

	for (;;) {
		rc = okvm_hcall(opcode, ret, a1, a2, a3, a4, a5);
		if (pv)
			okvm_v2_count(pv, opcode);
		if (rc != H_BUSY && !H_IS_LONG_BUSY(rc))
			return rc;
		if (++tries >= OKVM_V2_BUSY_TRIES ||
		    slept >= OKVM_V2_BUSY_MAX_MS || signal_pending(current))
			return rc;
		if (H_IS_LONG_BUSY(rc)) {
			ms = min(get_longbusy_msecs(rc),
				 OKVM_V2_BUSY_MAX_MS - slept);
			slept += ms;
			schedule_timeout_interruptible(msecs_to_jiffies(ms));
		} else {
			cond_resched();
		}
		if (opcode == OKVM_H_GUEST_CREATE)
			a2 = ret[0];
	}
}

/* Byte offset of element @n of a well-formed GSB (its length for n = count). */
static u32 okvm_v2_gsb_offset(const u8 *buf, u32 len, unsigned long n)
{
	u32 off = OKVM_GSB_HDR_LEN;
	__be16 size;

	while (n-- && off + OKVM_GSE_HDR_LEN <= len) {
		memcpy(&size, buf + off + 2, sizeof(size));
		off += OKVM_GSE_HDR_LEN + be16_to_cpu(size);
	}
	return min(off, len);
}

/*
 * An L0 failure as one rate-limited line and an errno. For the
 * H_INVALID_ELEMENT_* codes r4 says which element of @buf: its index for
 * GET/SET_STATE, its byte offset in the input buffer for RUN_VCPU (seed
 * 004). QEMU's L0 never fills r4 (power-nested-facts.md §3.7).
 */
static int okvm_v2_fail(unsigned long opcode, long rc, unsigned long r4,
			const u8 *buf, u32 len)
{
	static const char * const what[] = { "id", "size", "value" };
	u32 off;
	__be16 id = 0;

	if (rc > OKVM_H_INVALID_ELEMENT_ID || rc < OKVM_H_INVALID_ELEMENT_VALUE) {
		pr_err_ratelimited("%s failed: %ld\n", okvm_hcall_name(opcode),
				   rc);
		return okvm_hcall_errno(rc);
	}
	off = opcode == OKVM_H_GUEST_RUN_VCPU ? min_t(unsigned long, r4, len) :
	      okvm_v2_gsb_offset(buf, len, r4);
	if (buf && off + sizeof(id) <= len)
		memcpy(&id, buf + off, sizeof(id));
	pr_err_ratelimited("%s: the L0 refused the %s of element %lu (id %#06x)\n",
			   okvm_hcall_name(opcode),
			   what[OKVM_H_INVALID_ELEMENT_ID - rc], r4,
			   be16_to_cpu(id));
	return -EINVAL;
}

/*
 * H_GUEST_GET_STATE or H_GUEST_SET_STATE of buffer @b (its scope from
 * b->mode) for L0 vCPU @vcpu_id of @guest; a GET's answer is in @b's
 * memory afterwards.
 */
static int okvm_v2_state_call(struct okvm_ppc_vcpu *pv, u64 guest,
			      unsigned int vcpu_id, const struct okvm_gsb *b)
{
	bool get = b->mode & OKVM_GSB_GET;
	unsigned long opcode = get ? OKVM_H_GUEST_GET_STATE :
				     OKVM_H_GUEST_SET_STATE;
	u64 flags = (b->mode & OKVM_GSB_GUEST) ? OKVM_H_GUEST_FLAG_WIDE : 0;
	unsigned long ret[PLPAR_HCALL_BUFSIZE];
	long rc;

	rc = okvm_v2_call(pv, opcode, ret, flags, guest, vcpu_id,
			  __pa(b->buf), b->len);
	if (pv) {
		okvm_ppc_vcpu_stat_add(pv->vcpu, OKVM_PPC_STAT_GSB_BYTES_TO_L0,
				       b->len);
		if (get)
			okvm_ppc_vcpu_stat_add(pv->vcpu,
					       OKVM_PPC_STAT_GSB_BYTES_FROM_L0,
					       b->len);
	}
	if (rc != H_SUCCESS)
		return okvm_v2_fail(opcode, rc, ret[0], b->buf, b->len);
	return 0;
}

/*
 * Live L0 objects, for debugfs okvm/objects: guests (orphans included),
 * their vCPUs, and the GSB buffers okvm holds.
 */
static atomic64_t okvm_v2_guests, okvm_v2_vcpus, okvm_v2_buffers;

/**
 * okvm_v2_show() - the v2 transport's live objects
 * @m: debugfs okvm/objects
 */
void okvm_v2_show(struct seq_file *m)
{
	seq_printf(m, "l0_guests %lld\n", atomic64_read(&okvm_v2_guests));
	seq_printf(m, "l0_vcpus %lld\n", atomic64_read(&okvm_v2_vcpus));
	seq_printf(m, "gsb_buffers %lld\n", atomic64_read(&okvm_v2_buffers));
}

static bool okvm_v2_delete_one(u64 guest, unsigned int nr_vcpus)
{
	long rc;

	rc = okvm_v2_call(NULL, OKVM_H_GUEST_DELETE, NULL, 0, guest, 0, 0, 0);
	if (rc != H_SUCCESS)
		return false;
	atomic64_dec(&okvm_v2_guests);
	atomic64_sub(nr_vcpus, &okvm_v2_vcpus);
	return true;
}

/*
 * The orphans, each deleted by one thread only: a thread claims a guest by
 * erasing it from the array before its H_GUEST_DELETE and puts it back if
 * the L0 refuses again. Two threads deleting the same id would be fatal:
 * once the L0 has freed an id it hands it to the next H_GUEST_CREATE, and
 * the second delete would take that new guest from under its VM (found by
 * fuzz_ioctl with L0 fault injection: QEMU's L0 then asserts in
 * H_GUEST_CREATE_VCPU).
 */
static void okvm_v2_retry_orphans(bool at_unload)
{
	unsigned long id;
	void *entry;
	bool ok;

	xa_for_each(&okvm_v2_orphans, id, entry) {
		entry = xa_erase(&okvm_v2_orphans, id);
		if (!entry)
			continue;	/* another thread has claimed it */
		ok = okvm_v2_delete_one(id, xa_to_value(entry));
		if (at_unload)
			pr_info("v2: deleting L0 guest %lu at unload: %s\n", id,
				ok ? "done" : "refused again");
		else if (!ok && xa_err(xa_store(&okvm_v2_orphans, id, entry,
						GFP_KERNEL)))
			pr_err_ratelimited("v2: L0 guest %lu lost (no memory)\n",
					   id);
	}
}

/*
 * H_GUEST_DELETE; a guest the L0 will not delete now is kept (with its
 * vCPU count as the entry's value) and tried again with the next delete
 * and at unload.
 */
static void okvm_v2_guest_delete(u64 guest, unsigned int nr_vcpus)
{
	if (!okvm_v2_delete_one(guest, nr_vcpus)) {
		pr_err_ratelimited("H_GUEST_DELETE(%llu) failed; trying again later\n",
				   guest);
		if (xa_err(xa_store(&okvm_v2_orphans, guest,
				    xa_mk_value(nr_vcpus), GFP_KERNEL)))
			pr_err_ratelimited("v2: L0 guest %llu lost (no memory)\n",
					   guest);
		return;
	}
	okvm_v2_retry_orphans(false);
}

/**
 * okvm_v2_exit() - delete the guests the L0 refused to delete before
 *
 * One by one: H_GUEST_DELETE's delete-all flag leaves QEMU's L0 with a
 * dangling guest table (power-nested-facts.md §3.2). With no VM left,
 * nothing else of okvm's is in the L0.
 */
void okvm_v2_exit(void)
{
	okvm_v2_retry_orphans(true);
}

/*
 * Guest-wide tables: the partition-scoped tree (0x0005: root, 52 address
 * bits, root size) when @tree, and the process table (0x0006: base and
 * size in bytes; a new L2 has none yet and gets the smallest size QEMU
 * accepts).
 */
static int okvm_v2_set_tables(struct okvm_ppc_vm *pvm, bool tree, u64 prtb_base,
			      u64 prtb_size)
{
	u64 ptbl[3] = { okvm_ppc_mmu_root(&pvm->mmu), OKVM_RADIX_TREE_BITS,
			OKVM_RADIX_ROOT_SIZE };
	u64 prtb[2] = { prtb_base, prtb_size };
	struct okvm_gsb b;
	void *buf;
	int r;

	buf = kzalloc(64, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	r = okvm_gsb_init(&b, buf, 64, OKVM_GSB_GUEST | OKVM_GSB_SET);
	if (!r && tree)
		r = okvm_gsb_put(&b, OKVM_GSID_PARTITION_TABLE, ptbl, sizeof(ptbl));
	if (!r)
		r = okvm_gsb_put(&b, OKVM_GSID_PROCESS_TABLE, prtb, sizeof(prtb));
	if (!r)
		r = okvm_v2_state_call(NULL, pvm->v2.guest, 0, &b);
	kfree(buf);
	return r;
}

/*
 * KVM_PPC_CONFIGURE_V3_MMU: PRTB | PRTS, as a partition-table entry has
 * it. QEMU's L0 aborts (g_assert_not_reached(), copy_state_proctbl())
 * on any process table size but 4 KiB and 16 MiB: those are all it gets.
 */
static int okvm_v2_set_process_table(struct okvm_ppc_vm *pvm, u64 dw1)
{
	u64 size = 1ULL << (12 + (dw1 & OKVM_PRTS_MASK));

	if (okvm_v2_l0_qemu && size != SZ_4K && size != SZ_16M) {
		pr_info_ratelimited("v2: QEMU's L0 takes only 4 KiB and 16 MiB process tables, not %llu bytes\n",
				    size);
		return -EINVAL;
	}
	return okvm_v2_set_tables(pvm, false, dw1 & OKVM_PRTB_MASK, size);
}

static int okvm_v2_guest_create(struct okvm_ppc_vm *pvm)
{
	unsigned long ret[PLPAR_HCALL_BUFSIZE];
	long rc;
	int r;

	mutex_init(&pvm->v2.lock);
	rc = okvm_v2_call(NULL, OKVM_H_GUEST_CREATE, ret, 0, -1UL, 0, 0, 0);
	if (rc != H_SUCCESS)
		return okvm_v2_fail(OKVM_H_GUEST_CREATE, rc, 0, NULL, 0);
	pvm->v2.guest = ret[0];
	atomic64_inc(&okvm_v2_guests);
	r = okvm_v2_set_tables(pvm, true, 0, 4096);
	if (r) {
		okvm_v2_guest_delete(pvm->v2.guest, 0);
		pvm->v2.guest = 0;
	}
	return r;
}

static void okvm_v2_guest_destroy(struct okvm_ppc_vm *pvm)
{
	if (pvm->v2.guest)
		okvm_v2_guest_delete(pvm->v2.guest, pvm->v2.nr_l0_vcpus);
	mutex_destroy(&pvm->v2.lock);
}

/*
 * An L0 vCPU id for a new vCPU: an idle one, or the next one created.
 * QEMU's L0 asserts unless ids are created densely and in order, so
 * creation is serialised and a failed creation takes no id.
 */
static int okvm_v2_l0_vcpu_get(struct okvm_ppc_vm *pvm,
			       struct okvm_ppc_vcpu *pv, unsigned int *id)
{
	struct okvm_v2_vm *g = &pvm->v2;
	unsigned int n;
	long rc;
	int r = 0;

	mutex_lock(&g->lock);
	n = find_first_bit(g->idle, OKVM_V2_MAX_VCPUS);
	if (n < OKVM_V2_MAX_VCPUS) {
		__clear_bit(n, g->idle);
		goto out;
	}
	n = g->nr_l0_vcpus;
	if (n >= OKVM_V2_MAX_VCPUS) {
		r = -ENOSPC;
		goto unlock;
	}
	rc = okvm_v2_call(pv, OKVM_H_GUEST_CREATE_VCPU, NULL, 0, g->guest, n,
			  0, 0);
	if (rc != H_SUCCESS) {
		r = okvm_v2_fail(OKVM_H_GUEST_CREATE_VCPU, rc, 0, NULL, 0);
		goto unlock;
	}
	g->nr_l0_vcpus++;
	atomic64_inc(&okvm_v2_vcpus);
out:
	*id = n;
unlock:
	mutex_unlock(&g->lock);
	return r;
}

static void okvm_v2_l0_vcpu_put(struct okvm_ppc_vm *pvm, unsigned int id)
{
	mutex_lock(&pvm->v2.lock);
	__set_bit(id, pvm->v2.idle);
	mutex_unlock(&pvm->v2.lock);
}

static int okvm_v2_take_u64(void *ctx, const struct okvm_gsb_elem *e)
{
	return okvm_gsb_elem_value(e, ctx, sizeof(u64));
}

/* The run output size the L0 asks for (0x0002), within QEMU's bounds. */
static int okvm_v2_out_size(struct okvm_ppc_vm *pvm, struct okvm_ppc_vcpu *pv)
{
	struct okvm_v2_vcpu *v = pv->v2;
	struct okvm_gsb b;
	u64 min = 0;
	int r;

	r = okvm_gsb_init(&b, v->in, OKVM_V2_IN_SIZE,
			  OKVM_GSB_GUEST | OKVM_GSB_GET);
	if (!r)
		r = okvm_gsb_put_request(&b, OKVM_GSID_RUN_OUTPUT_MIN_SIZE);
	if (!r)
		r = okvm_v2_state_call(pv, pvm->v2.guest, v->id, &b);
	if (!r)
		r = okvm_gsb_parse(v->in, b.len, OKVM_GSB_GUEST | OKVM_GSB_GET,
				   okvm_v2_take_u64, &min, NULL);
	if (r < 0)
		return r;
	if (min > OKVM_V2_RUNBUF_MAX) {
		pr_err_ratelimited("v2: the L0 wants a %llu-byte run output buffer\n",
				   min);
		return -ENOSPC;
	}
	return roundup_pow_of_two(max_t(u64, min, OKVM_V2_OUT_SIZE));
}

/* Register the run buffers (0x0C00, 0x0C01) with the L0 vCPU. */
static int okvm_v2_set_run_buffers(struct okvm_ppc_vm *pvm,
				   struct okvm_ppc_vcpu *pv)
{
	struct okvm_v2_vcpu *v = pv->v2;
	u64 in[2] = { __pa(v->in), OKVM_V2_IN_SIZE };
	u64 out[2] = { __pa(v->out), v->out_size };
	struct okvm_gsb b;
	int r;

	r = okvm_gsb_init(&b, v->in, OKVM_V2_IN_SIZE,
			  OKVM_GSB_THREAD | OKVM_GSB_SET);
	if (!r)
		r = okvm_gsb_put(&b, OKVM_GSID_RUN_INPUT, in, sizeof(in));
	if (!r)
		r = okvm_gsb_put(&b, OKVM_GSID_RUN_OUTPUT, out, sizeof(out));
	if (!r)
		r = okvm_v2_state_call(pv, pvm->v2.guest, v->id, &b);
	return r;
}

static void okvm_v2_vcpu_free(struct okvm_v2_vcpu *v)
{
	atomic64_sub(!!v->out + !!v->in, &okvm_v2_buffers);
	kfree(v->out);
	kfree(v->in);
	kfree(v);
}

static int okvm_v2_vcpu_create(struct okvm_ppc_vm *pvm,
			       struct okvm_ppc_vcpu *pv)
{
	struct okvm_v2_vcpu *v;
	int r;

	v = kzalloc(sizeof(*v), GFP_KERNEL_ACCOUNT);
	if (!v)
		return -ENOMEM;
	v->in = kzalloc(OKVM_V2_IN_SIZE, GFP_KERNEL_ACCOUNT);
	atomic64_add(!!v->in, &okvm_v2_buffers);
	if (!v->in) {
		r = -ENOMEM;
		goto free;
	}
	r = okvm_gsb_init(&v->in_b, v->in, OKVM_V2_IN_SIZE,
			  OKVM_GSB_THREAD | OKVM_GSB_SET);
	if (r)
		goto free;
	pv->v2 = v;
	r = okvm_v2_l0_vcpu_get(pvm, pv, &v->id);
	if (r)
		goto free;
	r = okvm_v2_out_size(pvm, pv);
	if (r < 0)
		goto put;
	v->out_size = r;
	v->out = kzalloc(v->out_size, GFP_KERNEL_ACCOUNT);
	atomic64_add(!!v->out, &okvm_v2_buffers);
	if (!v->out) {
		r = -ENOMEM;
		goto put;
	}
	r = okvm_v2_set_run_buffers(pvm, pv);
	if (r)
		goto put;
	return 0;

put:
	okvm_v2_l0_vcpu_put(pvm, v->id);
free:
	pv->v2 = NULL;
	okvm_v2_vcpu_free(v);
	return r;
}

static void okvm_v2_vcpu_destroy(struct okvm_ppc_vm *pvm,
				 struct okvm_ppc_vcpu *pv)
{
	/*
	 * An L0 vCPU that never ran still has its initial state and can
	 * serve the next vCPU; one that ran goes with the guest.
	 */
	if (!pv->v2->ran)
		okvm_v2_l0_vcpu_put(pvm, pv->v2->id);
	okvm_v2_vcpu_free(pv->v2);
}

static struct okvm_ppc_vcpu *okvm_v2_of(struct okvm_state *st)
{
	return container_of(st, struct okvm_ppc_vcpu, st);
}

/*
 * flush: guest-wide ids in one guest-wide SET_STATE now, per-vCPU ids
 * staged in the run input buffer for the next run.
 */
static int okvm_v2_flush(struct okvm_state *st, const u16 *ids,
			 unsigned int nr)
{
	struct okvm_ppc_vcpu *pv = okvm_v2_of(st);
	struct okvm_v2_vcpu *v = pv->v2;
	struct okvm_gsb wide;
	unsigned int i;
	u64 dec;
	int r;

	/* guest-wide first, through the input buffer, then the input */
	r = okvm_gsb_init(&wide, v->in, OKVM_V2_IN_SIZE,
			  OKVM_GSB_GUEST | OKVM_GSB_SET);
	for (i = 0; !r && i < nr; i++) {
		const struct okvm_gsid_info *info = okvm_gsid_info(ids[i]);

		if (!info)
			return -ENOENT;
		if (info->flags & OKVM_GSF_GUEST)
			r = okvm_state_put_gsb(st, &wide, ids[i]);
	}
	if (!r && wide.nelems)
		r = okvm_v2_state_call(pv, pv->pvm->v2.guest, v->id, &wide);
	if (r)
		return r;

	okvm_gsb_reset(&v->in_b);
	for (i = 0; i < nr; i++) {
		if (okvm_gsid_info(ids[i])->flags & OKVM_GSF_GUEST)
			continue;
		if (ids[i] == OKVM_GSID_DEC_EXPIRY_TB) {
			r = __okvm_state_peek(st, ids[i], &dec, sizeof(dec));
			if (!r && !dec)
				dec = mftb() + OKVM_DEC_MAX;
			if (!r)
				r = okvm_gsb_put_u64(&v->in_b, ids[i], dec);
		} else {
			r = okvm_state_put_gsb(st, &v->in_b, ids[i]);
		}
		if (r)
			return r;
	}
	v->staged = true;
	return 0;
}

static int okvm_v2_redirty_elem(void *ctx, const struct okvm_gsb_elem *e)
{
	if (e->id != OKVM_GSID_HDEC_EXPIRY_TB)
		okvm_state_mark_dirty(ctx, e->id);
	return 0;
}

/*
 * dec_fixup: the L0 stored e = now - DEC at the exit; the L2's expiry was
 * now + DEC = 2 * now - e. @tb was read just after the run returned, a
 * few microseconds after the L0's "now": the DEC ends that much late.
 */
static int okvm_v2_fix_dec(struct okvm_ppc_vcpu *pv, u64 tb)
{
	static const u16 id = OKVM_GSID_DEC_EXPIRY_TB;
	u64 e;
	int r;

	r = okvm_state_ensure(&pv->st, &id, 1);
	if (!r)
		r = __okvm_state_peek(&pv->st, id, &e, sizeof(e));
	if (!r)
		r = __okvm_state_put(&pv->st, id, &(u64){ 2 * tb - e }, sizeof(e));
	if (!r)
		r = okvm_state_mark_dirty(&pv->st, id);
	okvm_ppc_vcpu_stat_inc(pv->vcpu, OKVM_PPC_STAT_DEC_FIXUPS);
	return r;
}

static int okvm_v2_run(struct okvm_ppc_vcpu *pv, u64 *exit_vector)
{
	struct okvm_v2_vcpu *v = pv->v2;
	unsigned long ret[PLPAR_HCALL_BUFSIZE];
	int r, n;
	long rc;
	u64 tb;

	if (!v->staged)
		okvm_gsb_reset(&v->in_b);
	v->staged = false;
	r = okvm_gsb_put_u64(&v->in_b, OKVM_GSID_HDEC_EXPIRY_TB,
			     mftb() + OKVM_HDEC_SLICE_US * tb_ticks_per_usec);
	if (r)
		goto redirty;

	okvm_ppc_l2_enter(pv);
	rc = okvm_v2_call(pv, OKVM_H_GUEST_RUN_VCPU, ret, 0, pv->pvm->v2.guest,
			  v->id, 0, 0);
	tb = mftb();
	okvm_ppc_l2_exit(pv);
	okvm_ppc_vcpu_stat_add(pv->vcpu, OKVM_PPC_STAT_GSB_BYTES_TO_L0,
			       v->in_b.len);
	if (rc != H_SUCCESS) {
		r = okvm_v2_fail(OKVM_H_GUEST_RUN_VCPU, rc, ret[0], v->in,
				 v->in_b.len);
		goto redirty;
	}
	v->ran = true;
	/* QEMU: r3 = H_SUCCESS, r4 < 0 when it could not write the output */
	if ((long)ret[0] < 0) {
		pr_err_ratelimited("H_GUEST_RUN_VCPU: no run output (%ld)\n",
				   (long)ret[0]);
		okvm_state_invalidate_all(&pv->st);
		return -EIO;
	}
	okvm_state_invalidate_all(&pv->st);
	n = okvm_state_sync_from_output(&pv->st, v->out, v->out_size,
					OKVM_GSB_THREAD);
	if (n < 0) {
		pr_err_ratelimited("H_GUEST_RUN_VCPU: malformed run output (%d)\n",
				   n);
		return -EIO;
	}
	okvm_ppc_vcpu_stat_add(pv->vcpu, OKVM_PPC_STAT_GSB_BYTES_FROM_L0,
			       okvm_v2_gsb_offset(v->out, v->out_size, n));
	if (okvm_v2_dec_fixup) {
		r = okvm_v2_fix_dec(pv, tb);
		if (r)
			return r;
	}
	*exit_vector = ret[0];
	return 0;

redirty:
	/* The L2 did not run: what was staged is still to be sent. */
	okvm_gsb_parse(v->in, v->in_b.len, OKVM_GSB_THREAD | OKVM_GSB_SET,
		       okvm_v2_redirty_elem, &pv->st, NULL);
	return r;
}

/* sync: one GET_STATE per scope for every id the state layer misses. */
static int okvm_v2_sync(struct okvm_state *st, const u16 *ids, unsigned int nr)
{
	static const unsigned int scopes[] = { OKVM_GSB_THREAD, OKVM_GSB_GUEST };
	struct okvm_ppc_vcpu *pv = okvm_v2_of(st);
	struct okvm_v2_vcpu *v = pv->v2;
	struct okvm_gsb b;
	unsigned int i, s;
	int r;

	for (s = 0; s < ARRAY_SIZE(scopes); s++) {
		r = okvm_gsb_init(&b, v->in, OKVM_V2_IN_SIZE,
				  scopes[s] | OKVM_GSB_GET);
		for (i = 0; !r && i < nr; i++) {
			const struct okvm_gsid_info *info = okvm_gsid_info(ids[i]);

			if (info && (info->flags & OKVM_GSF_SCOPE) == scopes[s])
				r = okvm_gsb_put_request(&b, ids[i]);
		}
		if (!r && b.nelems)
			r = okvm_v2_state_call(pv, pv->pvm->v2.guest, v->id, &b);
		if (!r && b.nelems)
			r = okvm_state_sync_from_output(st, v->in, b.len,
							scopes[s]);
		if (r < 0)
			return r;
	}
	return 0;
}

const struct okvm_ppc_transport_ops okvm_v2_transport = {
	.name = "v2",
	.guest_create = okvm_v2_guest_create,
	.vcpu_create = okvm_v2_vcpu_create,
	.vcpu_destroy = okvm_v2_vcpu_destroy,
	.flush = okvm_v2_flush,
	.run = okvm_v2_run,
	.sync = okvm_v2_sync,
	.destroy = okvm_v2_guest_destroy,
	.set_process_table = okvm_v2_set_process_table,
};
