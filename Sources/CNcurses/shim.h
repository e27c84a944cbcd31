#ifndef ASYNCVIZ_CNCURSES_SHIM_H
#define ASYNCVIZ_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#if __has_include(<ncursesw/curses.h>)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif

static inline unsigned int av_attr_bold(void) { return A_BOLD; }
static inline unsigned int av_attr_reverse(void) { return A_REVERSE; }
static inline unsigned int av_attr_dim(void) { return A_DIM; }
static inline unsigned int av_attr_underline(void) { return A_UNDERLINE; }
static inline unsigned int av_attr_normal(void) { return A_NORMAL; }
static inline unsigned int av_color_pair(int n) { return COLOR_PAIR(n); }
static inline int av_colors(void) { return COLORS; }
static inline FILE *av_stdout(void) { return stdout; }
static inline FILE *av_stdin(void) { return stdin; }
static inline const char *av_codeset(void) { return nl_langinfo(CODESET); }
#endif
