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
static inline int av_key_code_yes(void) { return KEY_CODE_YES; }
static inline WINDOW *av_stdscr(void) { return stdscr; }
static inline int av_has_colors(void) { return has_colors(); }
static inline int av_color_pairs(void) { return COLOR_PAIRS; }
/* Draws n wide characters at (y, x) with the given attributes and colour pair. */
static inline int av_put(WINDOW *w, int y, int x, const wchar_t *s, int n, attr_t a, short pair) {
    wattr_set(w, a, pair, NULL);
    return mvwaddnwstr(w, y, x, s, n);
}
#endif
