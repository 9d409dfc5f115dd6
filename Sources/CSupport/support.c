// Header-only: see include/csvcheck_support.h.
