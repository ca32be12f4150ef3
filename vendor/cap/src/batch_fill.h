// Batched capture: packets written back to back as pcapng Enhanced Packet Blocks into a
// caller's buffer, with a fixed-size index entry per packet in a second caller's array.
//
// Plain C, no V8 or Node: the binding (binding.cc) fills ArrayBuffers that JavaScript
// allocated (Electron's memory cage refuses buffers that point at native memory), and the
// capture helper (capture_helper.c) fills its own memory before writing it to a pipe.
//
// A record, at a 4-aligned offset of the buffer (pcapng section 4.3, little-endian):
//   0 block type (6)   4 block total length   8 interface id   12 timestamp high   16 timestamp low
//  20 captured length  24 original (wire) length  28 packet data, zero-padded to 4  … total length
// The timestamp counts nanoseconds since 1970 (the IDB must say if_tsresol = 9).
//
// An index entry (8 little-endian u32, the layout of Wirepool's batch index):
//   0 offset of the packet data (not of its block) from the buffer's start   1 captured length
//   2 wire length   3 frame number   4 seconds, low 32 bits   5 seconds, high 32 bits
//   6 nanoseconds   7 interface id << 16 | link type
#ifndef CAP_BATCH_FILL_H
#define CAP_BATCH_FILL_H

#include <stdint.h>
#include <string.h>

#define BATCH_EPB_HEAD 28
#define BATCH_EPB_TAIL 4
#define BATCH_ENTRY_WORDS 8
#define BATCH_ENTRY_BYTES (BATCH_ENTRY_WORDS * 4)

typedef struct batch_fill {
  uint8_t* buf;        // the buffer written into
  uint32_t end;        // bytes of buf that may be used (index reserve included)
  uint32_t data_end;   // where the next block goes (4-aligned)
  uint32_t* index;     // count entries so far
  uint32_t max_packets;
  uint32_t count;
  uint32_t first_number;  // frame number of entry 0
  uint32_t reserve;       // bytes kept free at the end per packet (its batch index entry), plus 3 of padding
  uint16_t interface_id;
  uint16_t link_type;
} batch_fill;

static inline uint32_t batch_pad4(uint32_t n) { return (n + 3u) & ~3u; }

/** Bytes a packet of `caplen` captured bytes takes as a block. */
static inline uint32_t batch_block_bytes(uint32_t caplen) {
  return BATCH_EPB_HEAD + batch_pad4(caplen) + BATCH_EPB_TAIL;
}

/** Bytes an empty buffer starting to write at `start` needs for one packet of `caplen`. */
static inline uint32_t batch_need_alone(uint32_t start, uint32_t caplen, uint32_t reserve) {
  return start + batch_block_bytes(caplen) + 3u + reserve;
}

/** Whether one more packet of `caplen` bytes fits (its block, and index room for all). */
static inline int batch_fits(const batch_fill* b, uint32_t caplen) {
  if (b->count >= b->max_packets) return 0;
  uint64_t need = (uint64_t)b->data_end + batch_block_bytes(caplen) + 3u + (uint64_t)(b->count + 1) * b->reserve;
  return need <= b->end;
}

static inline void batch_put_u32(uint8_t* p, uint32_t v) {
  p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

/**
 * Appends one packet (check batch_fits first). sec/nsec: the kernel's timestamp; caplen the
 * bytes in `data`; wirelen the length on the wire.
 */
static inline void batch_put(batch_fill* b, int64_t sec, uint32_t nsec, const uint8_t* data, uint32_t caplen, uint32_t wirelen) {
  uint8_t* at = b->buf + b->data_end;
  uint32_t total = batch_block_bytes(caplen);
  uint64_t ns = (uint64_t)sec * 1000000000ull + nsec;
  batch_put_u32(at, 6);
  batch_put_u32(at + 4, total);
  batch_put_u32(at + 8, b->interface_id);
  batch_put_u32(at + 12, (uint32_t)(ns >> 32));
  batch_put_u32(at + 16, (uint32_t)ns);
  batch_put_u32(at + 20, caplen);
  batch_put_u32(at + 24, wirelen);
  memcpy(at + BATCH_EPB_HEAD, data, caplen);
  for (uint32_t i = BATCH_EPB_HEAD + caplen; i < total - BATCH_EPB_TAIL; i++) at[i] = 0;
  batch_put_u32(at + total - BATCH_EPB_TAIL, total);

  uint32_t* e = b->index + (size_t)b->count * BATCH_ENTRY_WORDS;
  uint64_t usec = (uint64_t)sec;
  e[0] = b->data_end + BATCH_EPB_HEAD;
  e[1] = caplen;
  e[2] = wirelen;
  e[3] = b->first_number + b->count;
  e[4] = (uint32_t)usec;
  e[5] = (uint32_t)(usec >> 32);
  e[6] = nsec;
  e[7] = ((uint32_t)b->interface_id << 16) | b->link_type;
  b->data_end += total;
  b->count++;
}

#endif
