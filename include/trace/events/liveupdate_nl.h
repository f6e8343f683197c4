/* SPDX-License-Identifier: GPL-2.0 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM liveupdate_nl

#if !defined(_TRACE_LIVEUPDATE_NL_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_LIVEUPDATE_NL_H

#include <linux/tracepoint.h>

/*
 * The first request after boot claims the sessions the previous kernel
 * handed over and rebuilds each from its record: one begin and one end
 * per session, the end with 0 or the errno that made it unrecoverable
 * (-ENOMEM: left to the next request).
 */
TRACE_EVENT(liveupdate_nl_incoming_begin,
	    TP_PROTO(const char *name),
	    TP_ARGS(name),
	    TP_STRUCT__entry(__string(name, name)),
	    TP_fast_assign(__assign_str(name);),
	    TP_printk("session=%s", __get_str(name))
);

TRACE_EVENT(liveupdate_nl_incoming_end,
	    TP_PROTO(const char *name, int err),
	    TP_ARGS(name, err),
	    TP_STRUCT__entry(__string(name, name)
			     __field(int, err)),
	    TP_fast_assign(__assign_str(name);
			   __entry->err = err;),
	    TP_printk("session=%s err=%d", __get_str(name), __entry->err)
);

#endif /* _TRACE_LIVEUPDATE_NL_H */

#include <trace/define_trace.h>
