/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lock of one CPU's part of a cache (struct ss_pcpu): who may touch a
 * CPU's loaded and previous magazines and its statistics record.
 *
 * Without PREEMPT_RT, ss_cpu_trylock() disables preemption and marks the
 * part owned; ss_cpu_unlock() clears the mark and enables preemption.  No
 * interrupt is disabled and no atomic instruction is used: only the owning
 * CPU ever reads or writes the mark, and an interrupt handler that arrives
 * inside the section finds it set and gets false, so it takes the fallback
 * (straight to the slab layer under its lock, magazine.c) instead of
 * touching a half-done magazine.  This is the semantics of the kernel's
 * local_trylock_t (6.15+, used by SLUB's per-CPU sheaves), which 6.1 and
 * 6.12 lack.  A task never gets NULL: nothing of this CPU can be inside the
 * section when a task runs, because the section cannot be preempted.
 *
 * On PREEMPT_RT the lock is the real local lock: migration disabled and the
 * per-CPU spinlock (an rtmutex) taken.  The section stays preemptible; a
 * task that wants a part someone else holds sleeps on it with priority
 * inheritance.  There is no fallback and none is needed, because on RT
 * slabstat, like the kernel's own allocators, may not be called from hard
 * interrupt context or with preemption or interrupts disabled.
 *
 * The quiesced check relies on both: on non-RT, stop_machine() can only
 * run when no CPU is inside a section; on RT, a preempted section still
 * holds its lock, which the stopped machine can see (check.c).
 */
#ifndef _SLABSTAT_CPU_H
#define _SLABSTAT_CPU_H

#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/preempt.h>

#include "internal.h"

#ifdef SLABSTAT_TEST
void ss_test_in_section(struct slabstat_cache *c);
#else
static inline void ss_test_in_section(struct slabstat_cache *c)
{
}
#endif

#ifdef CONFIG_PREEMPT_RT

static inline void ss_cpu_lock_init(struct ss_cpu_lock *lock)
{
	local_lock_init(&lock->llock);
}

static __always_inline bool ss_cpu_trylock(struct slabstat_cache *c,
					   struct ss_pcpu **pcp)
{
	local_lock(&c->cpu->lock.llock);
	*pcp = this_cpu_ptr(c->cpu);
	return true;
}

static __always_inline void ss_cpu_unlock(struct slabstat_cache *c,
					  struct ss_pcpu *pc)
{
	local_unlock(&c->cpu->lock.llock);
}

/*
 * Lock another CPU's part (a dead CPU's, or a dying cache's), under
 * ss_mutex.
 */
static inline void ss_cpu_lock_remote(struct ss_pcpu *pc, struct mutex *nest)
{
	spin_lock_nest_lock(&pc->lock.llock, nest);
}

static inline void ss_cpu_unlock_remote(struct ss_pcpu *pc)
{
	spin_unlock(&pc->lock.llock);
}

#else /* !CONFIG_PREEMPT_RT */

static inline void ss_cpu_lock_init(struct ss_cpu_lock *lock)
{
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	static struct lock_class_key key;

	/* A per-CPU lock with the wait type of local_lock_t. */
	lockdep_init_map_type(&lock->dep_map, "ss_pcpu.lock", &key, 0,
			      LD_WAIT_CONFIG, LD_WAIT_INV, LD_LOCK_PERCPU);
#endif
	lock->owned = 0;
}

static __always_inline bool ss_cpu_trylock(struct slabstat_cache *c,
					   struct ss_pcpu **pcp)
{
	struct ss_pcpu *pc;

	preempt_disable();
	pc = this_cpu_ptr(c->cpu);
	if (unlikely(pc->lock.owned)) {
		preempt_enable();
		return false;
	}
	pc->lock.owned = 1;
	/* The mark is set before the part is touched (an interrupt's view). */
	barrier();
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	lock_map_acquire_try(&pc->lock.dep_map);
#endif
	*pcp = pc;
	return true;
}

static __always_inline void ss_cpu_unlock(struct slabstat_cache *c,
					  struct ss_pcpu *pc)
{
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	lock_map_release(&pc->lock.dep_map);
#endif
	ss_test_in_section(c);
	barrier();
	pc->lock.owned = 0;
	preempt_enable();
}

/*
 * Nothing to take: the check stops the machine instead, and a dead CPU's
 * part has no owner.  Preemption is disabled so that stop_machine() never
 * sees a remote drain half done.
 */
static inline void ss_cpu_lock_remote(struct ss_pcpu *pc, struct mutex *nest)
{
	preempt_disable();
}

static inline void ss_cpu_unlock_remote(struct ss_pcpu *pc)
{
	preempt_enable();
}

#endif /* CONFIG_PREEMPT_RT */

#endif /* _SLABSTAT_CPU_H */
