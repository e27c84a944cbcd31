#ifndef ASYNCVIZ_CPREFETCH_H
#define ASYNCVIZ_CPREFETCH_H

/// A hint to the CPU that `p` is about to be read; it changes no value and cannot fault.
static inline void asyncviz_prefetch(const void *p) { __builtin_prefetch(p, 1, 3); }

#endif
