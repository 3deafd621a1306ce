/* SPDX-License-Identifier: GPL-2.0 */
/*
 * slabstat's trace events: tracefs events/slabstat/, trace-cmd, perf.
 *
 * slabstat:alloc and slabstat:free fire once per object a caller gets or
 * gives back (single and bulk calls), with the exported function's caller
 * as call_site; the other events mark the slow moves between the layers.
 * A disabled event costs its call site one static-key branch (a NOP).
 * Documentation/observability.rst describes every field.
 *
 * The events are created in trace.c (CREATE_TRACE_POINTS); this header is
 * found there by TRACE_INCLUDE_PATH, relative to include/trace/ of the
 * kernel, so slabstat/Kbuild adds this directory to the include path.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM slabstat

#if !defined(_SLABSTAT_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _SLABSTAT_TRACE_H

#include <linux/string.h>
#include <linux/tracepoint.h>
#include <trace/events/mmflags.h>

#include "internal.h"

/* The cache's name, copied whole: a name is at most SLABSTAT_NAME_MAX. */
#define SS_TRACE_NAME		__array(char, name, SLABSTAT_NAME_MAX + 1)
#define SS_TRACE_SET_NAME(c)	memcpy(__entry->name, (c)->name, \
				       sizeof(__entry->name))

TRACE_EVENT(alloc,
	    TP_PROTO(struct slabstat_cache *c, const void *obj,
		     unsigned long call_site, gfp_t gfp),
	    TP_ARGS(c, obj, call_site, gfp),
	    TP_STRUCT__entry(SS_TRACE_NAME
			     __field(unsigned long, call_site)
			     __field(const void *, ptr)
			     __field(unsigned int, size)
			     __field(unsigned long, gfp_flags)),
	    TP_fast_assign(SS_TRACE_SET_NAME(c);
			   __entry->call_site = call_site;
			   __entry->ptr = obj;
			   __entry->size = c->size;
			   __entry->gfp_flags = (__force unsigned long)gfp;),
	    TP_printk("cache=%s call_site=%pS ptr=%p size=%u gfp_flags=%s",
		      __entry->name, (void *)__entry->call_site,
		      __entry->ptr, __entry->size,
		      show_gfp_flags(__entry->gfp_flags))
);

TRACE_EVENT(free,
	    TP_PROTO(struct slabstat_cache *c, const void *obj,
		     unsigned long call_site),
	    TP_ARGS(c, obj, call_site),
	    TP_STRUCT__entry(SS_TRACE_NAME
			     __field(unsigned long, call_site)
			     __field(const void *, ptr)
			     __field(unsigned int, size)),
	    TP_fast_assign(SS_TRACE_SET_NAME(c);
			   __entry->call_site = call_site;
			   __entry->ptr = obj;
			   __entry->size = c->size;),
	    TP_printk("cache=%s call_site=%pS ptr=%p size=%u",
		      __entry->name, (void *)__entry->call_site,
		      __entry->ptr, __entry->size)
);

/* A magazine enters or leaves the depot. */
DECLARE_EVENT_CLASS(slabstat_depot,
		    TP_PROTO(struct slabstat_cache *c, unsigned int rounds),
		    TP_ARGS(c, rounds),
		    TP_STRUCT__entry(SS_TRACE_NAME
				     __field(unsigned int, rounds)
				     __field(unsigned int, size)),
		    TP_fast_assign(SS_TRACE_SET_NAME(c);
				   __entry->rounds = rounds;
				   __entry->size = c->mag_size;),
		    TP_printk("cache=%s rounds=%u/%u", __entry->name,
			      __entry->rounds, __entry->size)
);

/* A CPU takes a full magazine (to allocate) or an empty one (to free). */
DEFINE_EVENT(slabstat_depot, depot_get,
	     TP_PROTO(struct slabstat_cache *c, unsigned int rounds),
	     TP_ARGS(c, rounds)
);

/* A magazine goes back to the depot, full or empty. */
DEFINE_EVENT(slabstat_depot, depot_put,
	     TP_PROTO(struct slabstat_cache *c, unsigned int rounds),
	     TP_ARGS(c, rounds)
);

/*
 * Slabs taken from (grow) or given back to (free) the page allocator, and
 * their pages (slabs of a cache have its preferred or its fallback order).
 */
DECLARE_EVENT_CLASS(slabstat_slabs,
		    TP_PROTO(struct slabstat_cache *c, unsigned long nr,
			     unsigned long pages),
		    TP_ARGS(c, nr, pages),
		    TP_STRUCT__entry(SS_TRACE_NAME
				     __field(unsigned long, nr)
				     __field(unsigned long, pages)),
		    TP_fast_assign(SS_TRACE_SET_NAME(c);
				   __entry->nr = nr;
				   __entry->pages = pages;),
		    TP_printk("cache=%s slabs=%lu pages=%lu",
			      __entry->name, __entry->nr, __entry->pages)
);

DEFINE_EVENT(slabstat_slabs, slab_grow,
	     TP_PROTO(struct slabstat_cache *c, unsigned long nr,
		      unsigned long pages),
	     TP_ARGS(c, nr, pages)
);

DEFINE_EVENT(slabstat_slabs, slab_free,
	     TP_PROTO(struct slabstat_cache *c, unsigned long nr,
		      unsigned long pages),
	     TP_ARGS(c, nr, pages)
);

/*
 * Reclaim gave back what a cache held idle: the reclaim worker (keep_ws:
 * only what the last interval did not need), the shrinker, shrink and
 * destroy (everything).  Only passes that gave something back fire it.
 */
TRACE_EVENT(reap,
	    TP_PROTO(struct slabstat_cache *c, unsigned long mags,
		     unsigned long slabs, bool keep_ws),
	    TP_ARGS(c, mags, slabs, keep_ws),
	    TP_STRUCT__entry(SS_TRACE_NAME
			     __field(unsigned long, mags)
			     __field(unsigned long, slabs)
			     __field(bool, keep_ws)),
	    TP_fast_assign(SS_TRACE_SET_NAME(c);
			   __entry->mags = mags;
			   __entry->slabs = slabs;
			   __entry->keep_ws = keep_ws;),
	    TP_printk("cache=%s magazines=%lu slabs=%lu keep_ws=%d",
		      __entry->name, __entry->mags, __entry->slabs,
		      __entry->keep_ws)
);

TRACE_DEFINE_ENUM(SS_BAD_FOREIGN);
TRACE_DEFINE_ENUM(SS_BAD_WRONG_CACHE);
TRACE_DEFINE_ENUM(SS_BAD_INTERIOR);
TRACE_DEFINE_ENUM(SS_BAD_DOUBLE_FREE);

/* slabstat_free() refused a pointer (counted as refused in the report). */
TRACE_EVENT(refuse,
	    TP_PROTO(struct slabstat_cache *c, const void *obj,
		     unsigned long call_site, enum ss_bad_kind why),
	    TP_ARGS(c, obj, call_site, why),
	    TP_STRUCT__entry(SS_TRACE_NAME
			     __field(unsigned long, call_site)
			     __field(const void *, ptr)
			     __field(unsigned int, why)),
	    TP_fast_assign(SS_TRACE_SET_NAME(c);
			   __entry->call_site = call_site;
			   __entry->ptr = obj;
			   __entry->why = why;),
	    TP_printk("cache=%s call_site=%pS ptr=%p why=%s",
		      __entry->name, (void *)__entry->call_site,
		      __entry->ptr,
		      __print_symbolic(__entry->why,
				       { SS_BAD_FOREIGN, "foreign" },
				       { SS_BAD_WRONG_CACHE, "wrong_cache" },
				       { SS_BAD_INTERIOR, "interior" },
				       { SS_BAD_DOUBLE_FREE, "double_free" }))
);

#endif /* _SLABSTAT_TRACE_H */

/* Outside the guard: define_trace.h reads this header again. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
