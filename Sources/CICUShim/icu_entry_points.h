// icu_entry_points.h: how csvcheck_icu.c reaches ICU's functions (private to CICUShim).
//
// By default ICU is not linked: its two libraries are opened with dlopen the first time a
// function of csvcheck_icu.h needs them (`csvcheck_icu_bind`), so that a run that never
// meets a legacy charset or a text that needs ICU's normalizer (every UTF-8 file whose text
// the fast paths settle) never loads them. Loading libicuuc, libicui18n and libicudata at
// start took 1.2 ms of every run (the 2,000-row check 6.41 -> 5.18 ms, median of 150
// interleaved runs each; Benchmarks/README.md, session 14).
//
// Built with CSVCHECK_ICU_LINKED defined (scripts/build-release.sh, whose static binary links
// ICU's archives), the functions are called directly.
#ifndef CSVCHECK_ICU_ENTRY_POINTS_H
#define CSVCHECK_ICU_ENTRY_POINTS_H

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ucsdet.h>
#include <unicode/unorm2.h>

#if defined(CSVCHECK_ICU_LINKED)

/// ICU's function `name`.
#define CSVCHECK_ICU(name) name

/// Whether ICU can be called: always, when it is linked.
static inline int csvcheck_icu_bind(void) { return 1; }

#else

/// Every ICU function csvcheck_icu.c calls (or hands to ICU, as the stop callback), with the library that has it (`uc` for libicuuc,
/// `i18n` for libicui18n). ICU's headers rename each function with the version's suffix
/// (ucnv_open is ucnv_open_72), so `name` expands to the exported symbol.
#define CSVCHECK_ICU_ENTRY_POINTS(X)                                                             \
    X(uc, ucnv_open)                                                                             \
    X(uc, ucnv_close)                                                                            \
    X(uc, ucnv_getMaxCharSize)                                                                   \
    X(uc, ucnv_setToUCallBack)                                                                   \
    X(uc, ucnv_resetToUnicode)                                                                   \
    X(uc, ucnv_toUnicode)                                                                        \
    X(uc, ucnv_getInvalidChars)                                                                  \
    X(uc, ucnv_toUCountPending)                                                                  \
    X(uc, UCNV_TO_U_CALLBACK_STOP)                                                               \
    X(uc, unorm2_getNFCInstance)                                                                 \
    X(uc, unorm2_quickCheck)                                                                     \
    X(uc, unorm2_isNormalized)                                                                   \
    X(uc, unorm2_normalize)                                                                      \
    X(i18n, ucsdet_open)                                                                         \
    X(i18n, ucsdet_close)                                                                        \
    X(i18n, ucsdet_setText)                                                                      \
    X(i18n, ucsdet_detectAll)                                                                    \
    X(i18n, ucsdet_getName)                                                                      \
    X(i18n, ucsdet_getConfidence)

// `name##_entry` takes the name as written; `__typeof__(name)` takes the renamed declaration.
#define CSVCHECK_ICU_FIELD(library, name) __typeof__(name) *name##_entry;

/// The addresses of ICU's functions, filled once by ``csvcheck_icu_bind``.
struct csvcheck_icu_entry_points {
    CSVCHECK_ICU_ENTRY_POINTS(CSVCHECK_ICU_FIELD)
};

#undef CSVCHECK_ICU_FIELD

extern struct csvcheck_icu_entry_points csvcheck_icu_entry_points;

/// ICU's function `name` (valid once ``csvcheck_icu_bind`` returned 1).
#define CSVCHECK_ICU(name) (csvcheck_icu_entry_points.name##_entry)

/// Opens ICU's libraries and finds every function in them, the first time it is called (from
/// any thread); returns 1 when all of them are there, else 0 (every later call too).
int csvcheck_icu_bind(void);

#endif

#endif
