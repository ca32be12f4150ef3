// pcapng and Wirepool's index want LINKTYPE_* values; pcap_datalink gives DLT_* values, which
// are the same numbers except for a few that differ between platforms. Shared by the binding
// (binding.cc) and the capture helper (capture_helper.c).
#ifndef CAP_LINK_TYPE_H
#define CAP_LINK_TYPE_H

#include <pcap/pcap.h>
#include <stdint.h>

static inline uint16_t link_type_of(int dlt) {
  switch (dlt) {
#ifdef DLT_RAW
    case DLT_RAW: return 101;  // LINKTYPE_RAW (DLT_RAW is 12, or 14 on OpenBSD)
#endif
#if defined(DLT_LOOP) && DLT_LOOP != 108
    case DLT_LOOP: return 108;  // LINKTYPE_LOOP (OpenBSD's DLT_LOOP is 12)
#endif
    default: return (uint16_t)dlt;
  }
}

#endif
