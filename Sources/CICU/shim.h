#include <unicode/ucsdet.h>
#include <unicode/ucnv.h>
#include <unicode/unorm2.h>
