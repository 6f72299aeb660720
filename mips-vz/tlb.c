// SPDX-License-Identifier: GPL-2.0
/*
 * Guest TLB save and restore with TLBGR/TLBGWI, and invalidation of guest
 * entries in the guest and root TLBs.
 *
 * With GuestIDs (GuestCtl0.G1=1, RAD=0) one guest TLB holds the entries
 * of every guest, each tagged with a GuestID. In root mode the guest TLB
 * instructions use GuestCtl1.RID as the GuestID: TLBGWI tags what it
 * writes with RID, and TLBGR sets RID to the GuestID of the entry it read
 * ("if GuestCtl0.G1 = 1, GuestCtl1.RID <- Guest.TLB[i].GuestID", the VZ
 * manual's TLBGR). So a save sets RID to the vCPU's GuestID, reads each
 * entry, and when RID comes back different the entry is another guest's
 * (or the root's): it is saved as an invalid entry with a unique EntryHi,
 * never as what was read, and marked foreign. A load writes nothing into
 * a foreign slot: what is there carries another GuestID, which the guest
 * cannot see, just as before the save. Writing the unique entry there
 * instead would, without TLBINV, give the guest a valid EntryHi at an
 * address it may map itself elsewhere: a duplicate, a machine check in
 * root mode (found by tests/fuzz/fuzz_mips_tlb).
 *
 * While RID is not 0, a root TLB refill or the root hardware page walker
 * would tag host mappings with it: the whole window runs with interrupts
 * off and the walker stopped, and RID is 0 again before either returns.
 * TLBGR also overwrites the live Guest EntryHi/EntryLo0/EntryLo1/PageMask,
 * and the loops write Guest Index: those five guest registers are saved
 * on the way in and put back on the way out.
 *
 * Hazards (R2 and later: each is an EHB): a CP0 write before the TLB
 * instruction that reads it, and a TLB read before the MFC0 of its result.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "vz.h"

/* What a guest TLB window saves: the guest's TLB registers, root state. */
struct okvm_vz_tlb_window {
	unsigned long flags;
	unsigned long entryhi;
	unsigned long entrylo0;
	unsigned long entrylo1;
	u32 index;
	u32 pagemask;
	u32 guestctl1;
};

/**
 * okvm_vz_guest_unique_entryhi() - an EntryHi no other guest TLB entry has
 * @index: the guest TLB index the entry is written at
 *
 * Each index gets its own unmapped CKSEG1 address (CKSEG0 is where a
 * Linux guest puts its own), 8K apart: an entry written with PageMask 0
 * there cannot match the same address as any other such entry. With
 * TLBINV the entry is also marked invalid (EHINV) and matches nothing.
 *
 * Return: the EntryHi value for @index.
 */
unsigned long okvm_vz_guest_unique_entryhi(unsigned int index)
{
	return (CKSEG1 + ((unsigned long)index << 13)) |
	       (okvm_vz_caps.tlbinv ? OKVM_ENTRYHI_EHINV : 0);
}

static void okvm_vz_tlbe_unique(struct okvm_vz_tlbe *e, unsigned int index)
{
	e->entryhi = okvm_vz_guest_unique_entryhi(index);
	e->entrylo0 = 0;
	e->entrylo1 = 0;
	e->pagemask = 0;
	e->foreign = false;
}

/* Open the window: interrupts off, guest registers saved, RID = @guestid. */
static void okvm_vz_tlb_open(struct okvm_vz_tlb_window *w, u32 guestid)
{
	local_irq_save(w->flags);
	w->index = okvm_gc0_read(OKVM_GC0_INDEX);
	w->entryhi = okvm_gc0_read(OKVM_GC0_ENTRYHI);
	w->entrylo0 = okvm_gc0_read(OKVM_GC0_ENTRYLO0);
	w->entrylo1 = okvm_gc0_read(OKVM_GC0_ENTRYLO1);
	w->pagemask = okvm_gc0_read(OKVM_GC0_PAGEMASK);
	okvm_htw_stop();
	if (okvm_vz_caps.guestid) {
		w->guestctl1 = okvm_read_c0_guestctl1() & ~OKVM_GCTL1_RID;
		okvm_write_c0_guestctl1(w->guestctl1 |
					guestid << OKVM_GCTL1_RID_SHIFT);
	}
}

/* Close it: RID = 0 (the root's), walker on, guest registers back. */
static void okvm_vz_tlb_close(struct okvm_vz_tlb_window *w)
{
	if (okvm_vz_caps.guestid) {
		okvm_write_c0_guestctl1(w->guestctl1);
		okvm_mtc0_tlbw_hazard();
	}
	okvm_htw_start();
	okvm_gc0_write(OKVM_GC0_INDEX, w->index);
	okvm_gc0_write(OKVM_GC0_ENTRYHI, w->entryhi);
	okvm_gc0_write(OKVM_GC0_ENTRYLO0, w->entrylo0);
	okvm_gc0_write(OKVM_GC0_ENTRYLO1, w->entrylo1);
	okvm_gc0_write(OKVM_GC0_PAGEMASK, w->pagemask);
	okvm_tlbw_use_hazard();
	local_irq_restore(w->flags);
}

/**
 * okvm_vz_guest_tlb_save() - read guest TLB entries into a buffer
 * @buf: @count entries: @buf[k] receives guest TLB entry @index + k
 * @index: first guest TLB index
 * @count: number of entries
 * @guestid: the vCPU's GuestID (0 without GuestIDs)
 *
 * With GuestIDs an entry tagged with another GuestID is stored as an
 * invalid entry with a unique EntryHi (okvm_vz_guest_unique_entryhi())
 * marked foreign, so nothing of another guest ever reaches @buf. The guest's Index,
 * EntryHi, EntryLo0, EntryLo1 and PageMask are as before, and
 * GuestCtl1.RID is 0 on return.
 *
 * Context: preemption disabled; disables interrupts itself.
 */
void okvm_vz_guest_tlb_save(struct okvm_vz_tlbe *buf, unsigned int index,
			    unsigned int count, u32 guestid)
{
	u32 rid = guestid << OKVM_GCTL1_RID_SHIFT;
	struct okvm_vz_tlb_window w;
	unsigned int i;

	if (!count)
		return;
	okvm_vz_tlb_open(&w, guestid);
	for (i = 0; i < count; i++) {
		okvm_gc0_write(OKVM_GC0_INDEX, index + i);
		okvm_mtc0_tlbr_hazard();
		okvm_tlbgr();
		okvm_tlb_read_hazard();
		if (okvm_vz_caps.guestid &&
		    (okvm_read_c0_guestctl1() & OKVM_GCTL1_RID) != rid) {
			okvm_vz_tlbe_unique(&buf[i], index + i);
			buf[i].foreign = true;
			continue;
		}
		buf[i].entryhi = okvm_gc0_read(OKVM_GC0_ENTRYHI);
		buf[i].entrylo0 = okvm_gc0_read(OKVM_GC0_ENTRYLO0);
		buf[i].entrylo1 = okvm_gc0_read(OKVM_GC0_ENTRYLO1);
		buf[i].pagemask = okvm_gc0_read(OKVM_GC0_PAGEMASK);
		buf[i].foreign = false;
	}
	okvm_vz_tlb_close(&w);
}

/**
 * okvm_vz_guest_tlb_load() - write guest TLB entries from a buffer
 * @buf: @count entries: @buf[k] is written at guest TLB index @index + k
 * @index: first guest TLB index
 * @count: number of entries
 * @guestid: the GuestID to tag them with (0 without GuestIDs)
 *
 * Entries marked foreign are skipped: their slots keep what they hold.
 * The guest's Index, EntryHi, EntryLo0, EntryLo1 and PageMask are as
 * before, and GuestCtl1.RID is 0 on return.
 *
 * Context: preemption disabled; disables interrupts itself.
 */
void okvm_vz_guest_tlb_load(const struct okvm_vz_tlbe *buf,
			    unsigned int index, unsigned int count,
			    u32 guestid)
{
	struct okvm_vz_tlb_window w;
	unsigned int i;

	if (!count)
		return;
	okvm_vz_tlb_open(&w, guestid);
	for (i = 0; i < count; i++) {
		if (buf[i].foreign)
			continue;
		okvm_gc0_write(OKVM_GC0_INDEX, index + i);
		okvm_gc0_write(OKVM_GC0_ENTRYHI, buf[i].entryhi);
		okvm_gc0_write(OKVM_GC0_ENTRYLO0, buf[i].entrylo0);
		okvm_gc0_write(OKVM_GC0_ENTRYLO1, buf[i].entrylo1);
		okvm_gc0_write(OKVM_GC0_PAGEMASK, buf[i].pagemask);
		okvm_mtc0_tlbw_hazard();
		okvm_tlbgwi();
	}
	okvm_vz_tlb_close(&w);
}

/**
 * okvm_vz_guest_tlb_flush() - invalidate guest TLB entries
 * @index: first guest TLB index
 * @count: number of entries
 *
 * Each entry becomes an invalid one with a unique EntryHi, tagged with
 * GuestID 0 (the root's, which no guest runs with). Wired entries are
 * flushed too.
 *
 * Context: preemption disabled; disables interrupts itself.
 */
void okvm_vz_guest_tlb_flush(unsigned int index, unsigned int count)
{
	struct okvm_vz_tlb_window w;
	unsigned int i;

	if (!count)
		return;
	okvm_vz_tlb_open(&w, OKVM_GUESTID_ROOT);
	okvm_gc0_write(OKVM_GC0_ENTRYLO0, 0);
	okvm_gc0_write(OKVM_GC0_ENTRYLO1, 0);
	okvm_gc0_write(OKVM_GC0_PAGEMASK, 0);
	for (i = index; i < index + count; i++) {
		okvm_gc0_write(OKVM_GC0_INDEX, i);
		okvm_gc0_write(OKVM_GC0_ENTRYHI,
			       okvm_vz_guest_unique_entryhi(i));
		okvm_mtc0_tlbw_hazard();
		okvm_tlbgwi();
	}
	okvm_vz_tlb_close(&w);
}

/**
 * okvm_vz_root_tlb_flush_guests() - drop every guest mapping from the root TLB
 *
 * Root TLB entries with a GuestID other than 0 map guest physical pages
 * of some guest. Each is read with TLBR (which sets RID to its GuestID)
 * and replaced by an invalid root entry of the kernel's own unique form;
 * the host's entries (GuestID 0) are left alone. Root EntryHi, PageMask
 * and GuestCtl1 are as before, with RID 0. Needs GuestIDs.
 *
 * Context: preemption disabled; disables interrupts itself.
 */
void okvm_vz_root_tlb_flush_guests(void)
{
	unsigned int i, size = okvm_vz_caps.root_tlb_size;
	unsigned long flags, entryhi;
	u32 pagemask, guestctl1;

	if (WARN_ON_ONCE(!okvm_vz_caps.guestid))
		return;
	local_irq_save(flags);
	entryhi = okvm_read_c0_entryhi();
	pagemask = okvm_read_c0_pagemask();
	guestctl1 = okvm_read_c0_guestctl1() & ~OKVM_GCTL1_RID;
	okvm_htw_stop();
	for (i = 0; i < size; i++) {
		okvm_write_c0_index(i);
		okvm_mtc0_tlbr_hazard();
		okvm_tlbr();
		okvm_tlb_read_hazard();
		if (!(okvm_read_c0_guestctl1() & OKVM_GCTL1_RID))
			continue;
		okvm_write_c0_entryhi(okvm_root_unique_entryhi(i));
		okvm_write_c0_entrylo0(0);
		okvm_write_c0_entrylo1(0);
		okvm_write_c0_pagemask(OKVM_ROOT_PAGEMASK);
		okvm_write_c0_guestctl1(guestctl1);
		okvm_mtc0_tlbw_hazard();
		okvm_tlbwi();
	}
	okvm_write_c0_guestctl1(guestctl1);
	okvm_write_c0_entryhi(entryhi);
	okvm_write_c0_pagemask(pagemask);
	okvm_mtc0_tlbw_hazard();
	okvm_htw_start();
	okvm_tlbw_use_hazard();
	local_irq_restore(flags);
}

/**
 * okvm_vz_guest_tlb_size() - how many entries the guest TLB has
 *
 * From the guest Config registers, as the kernel sizes its own TLB:
 * Config1.MMUSize-1 plus, before R6, Config4.MMUExtDef's extension
 * (MMUSizeExt or VTLBSizeExt, 64 entries per step); with an FTLB
 * (Config.MT = 4) also its sets times ways from Config4. On R6 Config4
 * has no MMUExtDef and holds VTLBSizeExt and the FTLB only with an FTLB.
 *
 * Return: the number of guest TLB entries TLBGR/TLBGWI may index.
 */
unsigned int okvm_vz_guest_tlb_size(void)
{
	u32 c0, c1, c4 = 0, extdef;
	unsigned int size;
	bool ftlb;

	c0 = okvm_gc0_read(OKVM_GC0_CONFIG);
	if (!(c0 & OKVM_CONF_M))
		return 0;
	c1 = okvm_gc0_read(OKVM_GC0_CONFIG1);
	if ((c1 & OKVM_CONF_M) &&
	    (okvm_gc0_read(OKVM_GC0_CONFIG2) & OKVM_CONF_M) &&
	    (okvm_gc0_read(OKVM_GC0_CONFIG3) & OKVM_CONF_M))
		c4 = okvm_gc0_read(OKVM_GC0_CONFIG4);

	size = ((c1 & OKVM_CONF1_MMU) >> OKVM_CONF1_MMU_SHIFT) + 1;
	ftlb = ((c0 & OKVM_CONF_MT) >> OKVM_CONF_MT_SHIFT) == OKVM_CONF_MT_FTLB;
	if (((c0 & OKVM_CONF_AR) >> OKVM_CONF_AR_SHIFT) < OKVM_CONF_AR_R6)
		extdef = (c4 & OKVM_CONF4_MMUEXTDEF) >>
			 OKVM_CONF4_MMUEXTDEF_SHIFT;
	else
		extdef = ftlb ? OKVM_CONF4_EXTDEF_VTLBSIZEEXT : 0;

	if (extdef == OKVM_CONF4_EXTDEF_MMUSIZEEXT)
		size += (c4 & OKVM_CONF4_MMUSIZEEXT) << 6;
	else if (extdef == OKVM_CONF4_EXTDEF_VTLBSIZEEXT)
		size += ((c4 & OKVM_CONF4_VTLBSIZEEXT) >>
			 OKVM_CONF4_VTLBSIZEEXT_SHIFT) << 6;
	if (ftlb && (extdef == OKVM_CONF4_EXTDEF_FTLB ||
		     extdef == OKVM_CONF4_EXTDEF_VTLBSIZEEXT))
		size += (1U << (c4 & OKVM_CONF4_FTLBSETS)) *
			(((c4 & OKVM_CONF4_FTLBWAYS) >>
			  OKVM_CONF4_FTLBWAYS_SHIFT) + 2);
	return size;
}

/**
 * okvm_vz_root_map() - map a pair of guest physical pages in the root TLB
 * @gpa: guest physical address of the even page of the pair
 * @entrylo0: root EntryLo0 for the even page (G set, V clear if absent)
 * @entrylo1: root EntryLo1 for the odd page
 * @guestid: the vCPU's GuestID on this CPU, the entry's tag
 *
 * Guest-mode loads, stores and fetches go through the root TLB with
 * GuestCtl1.ID as the GuestID (the onion model, VZ manual §4.7.1): an
 * entry written here with RID = @guestid serves the vCPU holding that
 * GuestID and nobody else. The entry is global, so the host's ASID in
 * root EntryHi does not matter; a root TLBP with the same RID finds an
 * entry for the same pair left by an earlier fault, which is rewritten
 * in place (two matching entries would be a machine check), and
 * otherwise TLBWR picks a slot above the root's wired ones. Root EntryHi,
 * PageMask and GuestCtl1 are as before and RID is 0 on return; root
 * Index and EntryLo0/1 are clobbered (the kernel keeps nothing there).
 *
 * Context: preemption disabled, on the CPU the vCPU enters on; disables
 * interrupts itself. Needs GuestIDs.
 */
void okvm_vz_root_map(unsigned long gpa, unsigned long entrylo0,
		      unsigned long entrylo1, u32 guestid)
{
	unsigned long flags, entryhi;
	u32 pagemask, guestctl1;

	if (WARN_ON_ONCE(!okvm_vz_caps.guestid || !guestid))
		return;
	local_irq_save(flags);
	entryhi = okvm_read_c0_entryhi();
	pagemask = okvm_read_c0_pagemask();
	guestctl1 = okvm_read_c0_guestctl1() & ~OKVM_GCTL1_RID;
	okvm_htw_stop();
	okvm_write_c0_guestctl1(guestctl1 | guestid << OKVM_GCTL1_RID_SHIFT);
	okvm_write_c0_entryhi(gpa);
	okvm_write_c0_pagemask(OKVM_ROOT_PAGEMASK);
	okvm_mtc0_tlbw_hazard();
	okvm_tlbp();
	okvm_tlb_probe_hazard();
	okvm_write_c0_entrylo0(entrylo0);
	okvm_write_c0_entrylo1(entrylo1);
	okvm_mtc0_tlbw_hazard();
	if (okvm_read_c0_index() < 0)
		okvm_tlbwr();
	else
		okvm_tlbwi();
	okvm_tlbw_use_hazard();
	okvm_write_c0_guestctl1(guestctl1);
	okvm_write_c0_entryhi(entryhi);
	okvm_write_c0_pagemask(pagemask);
	okvm_mtc0_tlbw_hazard();
	okvm_htw_start();
	okvm_tlbw_use_hazard();
	local_irq_restore(flags);
}
