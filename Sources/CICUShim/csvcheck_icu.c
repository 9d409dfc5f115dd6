#include "csvcheck_icu.h"
int csvc_placeholder(void) { return 0; }
