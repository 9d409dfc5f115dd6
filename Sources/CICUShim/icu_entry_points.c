// icu_entry_points.c: opens ICU's libraries on first use (see icu_entry_points.h).
#include "csvcheck_icu.h"
#include "icu_entry_points.h"

#if !defined(CSVCHECK_ICU_LINKED)

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

#define CSVCHECK_ICU_TEXT2(token) #token
/// A token after macro expansion, as a string literal ("ucnv_open_72", "72").
#define CSVCHECK_ICU_TEXT(token) CSVCHECK_ICU_TEXT2(token)

/// The runtime names of the libraries of the ICU whose headers this file was built with
/// (Debian's libicu72 has libicuuc.so.72): the functions' version suffix must match.
#define CSVCHECK_ICU_SONAME(library) "libicu" #library ".so." CSVCHECK_ICU_TEXT(U_ICU_VERSION_MAJOR_NUM)

struct csvcheck_icu_entry_points csvcheck_icu_entry_points;

static pthread_once_t bind_once = PTHREAD_ONCE_INIT;
static int bound = 0;

static void bind_entry_points(void) {
    // RTLD_LOCAL: ICU's symbols stay out of the global scope, where Foundation's own ICU lives
    // under other names. The handles are kept for the process's life.
    void *uc = dlopen(CSVCHECK_ICU_SONAME(uc), RTLD_NOW | RTLD_LOCAL);
    void *i18n = uc != NULL ? dlopen(CSVCHECK_ICU_SONAME(i18n), RTLD_NOW | RTLD_LOCAL) : NULL;
    if (uc == NULL || i18n == NULL) return;
    int complete = 1;
#define CSVCHECK_ICU_FIND(library, name)                                                         \
    csvcheck_icu_entry_points.name##_entry =                                                     \
        (__typeof__(name) *)dlsym(library, CSVCHECK_ICU_TEXT(name));                             \
    if (csvcheck_icu_entry_points.name##_entry == NULL) complete = 0;
    CSVCHECK_ICU_ENTRY_POINTS(CSVCHECK_ICU_FIND)
#undef CSVCHECK_ICU_FIND
    bound = complete;
}

int csvcheck_icu_bind(void) {
    pthread_once(&bind_once, bind_entry_points);
    return bound;
}

#endif

int csvcheck_icu_available(void) { return csvcheck_icu_bind(); }
