// SPDX-License-Identifier: GPL-2.0
/*
 * slabstat's trace events (trace.h) are created here.  They are used
 * through tracefs (events/slabstat/), trace-cmd, perf and BPF; the
 * tracepoints themselves are not exported (their short names, alloc and
 * free, would be global export names).  Test builds let the KUnit suites
 * attach probes through the two calls below.
 */
#include <linux/module.h>

#define CREATE_TRACE_POINTS
#include "trace.h"

#ifdef SLABSTAT_TEST
/**
 * slabstat_test_trace_alloc() - attach or detach a probe on slabstat:alloc
 *	(test builds only)
 * @probe: the probe
 * @data: its first argument
 * @on: true attaches, false detaches and waits until no CPU runs it
 *
 * Return: 0 or a negative errno from the tracepoint API.
 */
int slabstat_test_trace_alloc(ss_alloc_probe_t probe, void *data, bool on)
{
	int ret;

	if (on)
		return register_trace_alloc(probe, data);
	ret = unregister_trace_alloc(probe, data);
	tracepoint_synchronize_unregister();
	return ret;
}
EXPORT_SYMBOL_GPL(slabstat_test_trace_alloc);

/**
 * slabstat_test_trace_free() - attach or detach a probe on slabstat:free
 *	(test builds only)
 * @probe: the probe
 * @data: its first argument
 * @on: true attaches, false detaches and waits until no CPU runs it
 *
 * Return: 0 or a negative errno from the tracepoint API.
 */
int slabstat_test_trace_free(ss_free_probe_t probe, void *data, bool on)
{
	int ret;

	if (on)
		return register_trace_free(probe, data);
	ret = unregister_trace_free(probe, data);
	tracepoint_synchronize_unregister();
	return ret;
}
EXPORT_SYMBOL_GPL(slabstat_test_trace_free);
#endif
