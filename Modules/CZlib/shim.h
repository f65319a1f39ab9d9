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

// A bump arena for zlib's allocations. A compressor with a preset dictionary copies, for every message, one
// stream primed with that dictionary (hashing its 32 KiB costs tens of microseconds; copying the primed state costs
// a few). The primed stream is shared between threads and never changed after priming; each copy takes its memory
// from the calling thread's current arena, which is reused message after message instead of a round of malloc and
// free of a quarter-megabyte of state.
typedef struct {
    unsigned char *base;
    size_t used;
    size_t capacity;
} CZlib_arena;

static inline CZlib_arena **CZlib_currentArena(void) {
    static _Thread_local CZlib_arena *current;
    return &current;
}

static inline voidpf CZlib_arenaAllocate(voidpf opaque, uInt items, uInt size) {
    (void)opaque;
    CZlib_arena *arena = *CZlib_currentArena();
    size_t bytes = ((size_t)items * (size_t)size + 63) & ~(size_t)63;
    if (arena == NULL || arena->base == NULL || bytes > arena->capacity - arena->used) {
        return Z_NULL;
    }
    voidpf address = arena->base + arena->used;
    arena->used += bytes;
    return address;
}

static inline void CZlib_arenaRelease(voidpf opaque, voidpf address) {
    (void)opaque;
    (void)address;
}

// Initialises `stream` with its memory from `arena` and primes it with `dictionary`.
static inline int CZlib_deflatePrime(
    z_streamp stream, CZlib_arena *arena, int level, int memLevel, const Bytef *dictionary, uInt length
) {
    stream->zalloc = CZlib_arenaAllocate;
    stream->zfree = CZlib_arenaRelease;
    stream->opaque = Z_NULL;
    *CZlib_currentArena() = arena;
    int rc = deflateInit2(stream, level, Z_DEFLATED, 15, memLevel, Z_DEFAULT_STRATEGY);
    if (rc == Z_OK) {
        rc = deflateSetDictionary(stream, dictionary, length);
    }
    *CZlib_currentArena() = NULL;
    return rc;
}

// Copies the primed stream `source` into `destination`, the copy's memory from `arena` (emptied first).
static inline int CZlib_deflateCopyPrimed(z_streamp destination, const z_stream *source, CZlib_arena *arena) {
    arena->used = 0;
    *CZlib_currentArena() = arena;
    int rc = deflateCopy(destination, (z_streamp)source);
    *CZlib_currentArena() = NULL;
    return rc;
}

#endif
