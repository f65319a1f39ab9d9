#ifndef CHAINDESK_CZLIB_SHIM_H
#define CHAINDESK_CZLIB_SHIM_H

#include <zlib.h>

// zlib's *Init2 entry points are macros that pass the library version and the
// stream size; Swift cannot call function-like macros, so they are wrapped here.

static inline int CZlib_deflateInit2(z_streamp stream, int level, int windowBits, int memLevel, int strategy) {
    return deflateInit2(stream, level, Z_DEFLATED, windowBits, memLevel, strategy);
}

static inline int CZlib_inflateInit2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}

#endif
