// wirepool-capture-helper: the one Wirepool process that holds the right to capture.
//
// Electron cannot be given CAP_NET_RAW (a setcap'd binary loses LD_LIBRARY_PATH-style loading
// of its shared libraries; as root it needs --no-sandbox), so, as Wireshark does with dumpcap,
// a small program alone gets `setcap cap_net_raw,cap_net_admin=eip` (or runs through
// pkexec/sudo). It opens one interface with libpcap, gives up its privileges, and writes
// sealed Wirepool batches (WPB1: pcapng Enhanced Packet Blocks + index, batch_fill.h) to
// stdout, a pipe to the engine. It writes nowhere else but stderr.
//
// Messages on stdout (little-endian): u32 type, u32 length, `length` bytes.
//   1 OPENED  u32 link type (LINKTYPE_, from pcap_datalink), u32 snap length, libpcap's version string
//   2 BATCH   one whole sealed WPB1 batch (frame numbers and sequence 0)
//   3 STATS   u32 received, u32 dropped, u32 ifDropped (pcap_stats; every 200 ms and at the end)
//   4 ERROR   utf-8 text: what failed; the helper then exits 1
//   5 END     clean end (after the last BATCH and STATS); exit 0
// stdin: a line "stop" (or EOF) ends the capture, a line "flush" seals the batch at once.
// Other modes: --list-time-stamp-types IFACE (names on stdout), --check IFACE (exit status).
// A batch is sealed when the next packet does not fit, at 4096 packets, or after 50 ms.
// Usage errors: stderr, exit 2.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <grp.h>
#ifdef __linux__
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

#include "batch_fill.h"
#include "link_type.h"

#define WP_OPENED 1
#define WP_BATCH 2
#define WP_STATS 3
#define WP_ERROR 4
#define WP_END 5

#define HEADER_BYTES 32
#define MAX_PACKETS 4096
#define FLUSH_MS 50
#define STATS_MS 200
#define MSG_HEAD 8
/** Packets one pcap_dispatch may hand over: under a flood the loop still looks at stdin and the clock. */
#define DISPATCH_MAX 1024

static const char* prog = "wirepool-capture-helper";
static volatile sig_atomic_t stop_signal = 0;

static void on_stop_signal(int sig) {
  (void)sig;
  stop_signal = 1;
}

static int64_t now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

// ---- writing messages ----------------------------------------------------------------------

/** Writes all of buf to stdout; a broken pipe (the parent is gone) ends the helper. */
static void write_all(const uint8_t* buf, size_t n) {
  while (n > 0) {
    ssize_t w = write(1, buf, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE) _exit(1);  // nobody reads any more: nothing to tell
      fprintf(stderr, "%s: writing to stdout failed: %s\n", prog, strerror(errno));
      _exit(1);
    }
    buf += w;
    n -= (size_t)w;
  }
}

static void put_head(uint8_t* p, uint32_t type, uint32_t len) {
  batch_put_u32(p, type);
  batch_put_u32(p + 4, len);
}

static void send_msg(uint32_t type, const void* payload, uint32_t len) {
  uint8_t head[MSG_HEAD];
  put_head(head, type, len);
  write_all(head, MSG_HEAD);
  if (len > 0) write_all((const uint8_t*)payload, len);
}

/** ERROR message (and the same line on stderr), then exit 1. */
static void fail(const char* fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void fail(const char* fmt, ...) {
  char text[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  if (n < 0) n = 0;
  if ((size_t)n >= sizeof text) n = sizeof text - 1;
  fprintf(stderr, "%s: %s\n", prog, text);
  send_msg(WP_ERROR, text, (uint32_t)n);
  _exit(1);
}

// ---- batches -------------------------------------------------------------------------------

typedef struct batch {
  uint8_t* mem;      // MSG_HEAD bytes of message head, then the batch
  uint32_t bytes;    // the batch's size (without the message head)
  batch_fill fill;
  int64_t first_at;  // ms when its first packet came
} batch;

static uint32_t* index_entries;  // MAX_PACKETS entries: batch_fill writes the index here
static uint16_t interface_id = 0;
static uint16_t link_type = 0;

static void batch_start(batch* b) {
  b->fill.buf = b->mem + MSG_HEAD;
  b->fill.end = b->bytes;
  b->fill.data_end = HEADER_BYTES;
  b->fill.index = index_entries;
  b->fill.max_packets = MAX_PACKETS;
  b->fill.count = 0;
  b->fill.first_number = 0;
  b->fill.reserve = BATCH_ENTRY_BYTES;
  b->fill.interface_id = interface_id;
  b->fill.link_type = link_type;
}

/** Seals the batch (header, padding, index after the blocks), writes it as one BATCH message. */
static void batch_send(batch* b) {
  batch_fill* f = &b->fill;
  if (f->count == 0) return;
  uint8_t* buf = f->buf;
  uint32_t index_at = batch_pad4(f->data_end);
  uint32_t used = index_at + f->count * BATCH_ENTRY_BYTES;
  memset(buf + f->data_end, 0, index_at - f->data_end);
  // The index entries are u32 in host order; the layout is little-endian.
  uint8_t* at = buf + index_at;
  for (uint32_t i = 0; i < f->count * BATCH_ENTRY_WORDS; i++, at += 4) batch_put_u32(at, index_entries[i]);
  batch_put_u32(buf + 0, 0x31425057u);  // 'WPB1'
  batch_put_u32(buf + 4, 1u | (HEADER_BYTES << 16));
  batch_put_u32(buf + 8, f->count);
  batch_put_u32(buf + 12, BATCH_ENTRY_BYTES);
  batch_put_u32(buf + 16, index_at);
  batch_put_u32(buf + 20, used);
  batch_put_u32(buf + 24, 0);
  batch_put_u32(buf + 28, 0);
  put_head(b->mem, WP_BATCH, used);
  write_all(b->mem, MSG_HEAD + used);
  batch_start(b);
}

typedef struct state {
  pcap_t* p;
  batch cur;
  int nano;
  int64_t now;  // ms, refreshed per dispatch
} state;

static void on_packet(u_char* user, const struct pcap_pkthdr* h, const u_char* data) {
  state* s = (state*)user;
  batch* b = &s->cur;
  uint32_t caplen = h->caplen;
  uint32_t nsec = s->nano ? (uint32_t)h->ts.tv_usec : (uint32_t)h->ts.tv_usec * 1000u;
  if (!batch_fits(&b->fill, caplen)) {
    batch_send(b);
    if (!batch_fits(&b->fill, caplen)) {
      // Bigger than a batch buffer: a buffer of its own size.
      batch alone;
      alone.bytes = batch_need_alone(HEADER_BYTES, caplen, BATCH_ENTRY_BYTES);
      alone.mem = malloc((size_t)MSG_HEAD + alone.bytes);
      if (alone.mem == NULL) fail("out of memory for a %u-byte packet", caplen);
      batch_start(&alone);
      batch_put(&alone.fill, (int64_t)h->ts.tv_sec, nsec, data, caplen, h->len);
      batch_send(&alone);
      free(alone.mem);
      return;
    }
  }
  if (b->fill.count == 0) b->first_at = s->now;
  batch_put(&b->fill, (int64_t)h->ts.tv_sec, nsec, data, caplen, h->len);
}

static void send_stats(pcap_t* p) {
  struct pcap_stat st;
  if (pcap_stats(p, &st) != 0) return;
  uint8_t payload[12];
  batch_put_u32(payload, st.ps_recv);
  batch_put_u32(payload + 4, st.ps_drop);
  batch_put_u32(payload + 8, st.ps_ifdrop);
  send_msg(WP_STATS, payload, sizeof payload);
}

// ---- privileges ----------------------------------------------------------------------------

/**
 * After pcap_activate the open socket is all the helper needs: it gives up every privilege.
 * 1. Set-uid/set-gid: back to the real user and group.
 * 2. Run as root by sudo or pkexec: to the user who asked (SUDO_UID/SUDO_GID, PKEXEC_UID).
 * 3. Linux: clear the effective, permitted and inheritable capability sets (capset(2) through
 *    syscall(), no libcap) and set no_new_privs. What the process was given by `setcap … =eip`
 *    is thereby gone for the rest of its life.
 * Failure to drop is an ERROR: a helper that cannot say it dropped its rights does not capture.
 */
static void drop_privileges(void) {
  uid_t ruid = getuid(), euid = geteuid();
  gid_t rgid = getgid(), egid = getegid();
  uid_t to_uid = ruid;
  gid_t to_gid = rgid;
  if (ruid == 0) {
    const char* su = getenv("SUDO_UID");
    const char* sg = getenv("SUDO_GID");
    const char* pu = getenv("PKEXEC_UID");
    if (su != NULL && sg != NULL) {
      to_uid = (uid_t)strtoul(su, NULL, 10);
      to_gid = (gid_t)strtoul(sg, NULL, 10);
    } else if (pu != NULL) {
      to_uid = (uid_t)strtoul(pu, NULL, 10);
      to_gid = to_uid;  // pkexec does not pass the group; the user's private group is the usual one
    }
  }
  if (to_uid != euid || to_gid != egid || to_uid != ruid) {
    if (geteuid() == 0 && setgroups(0, NULL) != 0) fail("dropping privileges: setgroups failed: %s", strerror(errno));
    if (setresgid(to_gid, to_gid, to_gid) != 0) fail("dropping privileges: setresgid(%u) failed: %s", (unsigned)to_gid, strerror(errno));
    if (setresuid(to_uid, to_uid, to_uid) != 0) fail("dropping privileges: setresuid(%u) failed: %s", (unsigned)to_uid, strerror(errno));
  }
#ifdef __linux__
  struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2];
  memset(data, 0, sizeof data);
  if (syscall(SYS_capset, &hdr, data) != 0) fail("dropping privileges: capset failed: %s", strerror(errno));
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) fail("dropping privileges: PR_SET_NO_NEW_PRIVS failed: %s", strerror(errno));
#endif
}

// ---- arguments -----------------------------------------------------------------------------

static void usage(const char* why, ...) __attribute__((noreturn));
static void usage(const char* why, ...) {
  va_list ap;
  va_start(ap, why);
  fprintf(stderr, "%s: ", prog);
  vfprintf(stderr, why, ap);
  va_end(ap);
  fprintf(stderr,
          "\nusage: %s -i IFACE [-f FILTER] [-s SNAPLEN] [-B KERNEL_BUFFER_BYTES] [-p] [--immediate]\n"
          "         [--timeout MS] [-j TSTAMP_TYPE] [-y LINKTYPE] [--interface-id N] [--batch-bytes N]\n"
          "       %s --list-time-stamp-types IFACE\n"
          "       %s --check IFACE   (exit 0: may capture there, 3: no permission, 1: other failure)\n"
          "Captures on IFACE and writes Wirepool batch messages to stdout (a pipe); a line \"stop\"\n"
          "or EOF on stdin ends the capture. See vendor/cap/WIREPOOL.md.\n",
          prog, prog, prog);
  exit(2);
}

static uint32_t number(const char* opt, const char* v, uint64_t min, uint64_t max) {
  if (v == NULL) usage("%s needs a value", opt);
  char* end = NULL;
  errno = 0;
  unsigned long long n = strtoull(v, &end, 10);
  if (errno != 0 || end == v || *end != '\0' || v[0] == '-' || n < min || n > max)
    usage("%s %s: give a whole number from %llu to %llu", opt, v, (unsigned long long)min, (unsigned long long)max);
  return (uint32_t)n;
}

/**
 * --check IFACE: whether this process may capture there (pcap_activate with a small buffer, then
 * close). Exit 0: yes; 3: no permission; 1: another failure. libpcap's words go to stderr.
 * Wirepool runs it to tell whether the helper has its capabilities: the one honest test (file
 * capabilities are ignored on a nosuid mount, and an LSM may refuse what getcap shows).
 */
static int check(const char* iface) {
  char err[PCAP_ERRBUF_SIZE] = "";
  pcap_t* p = pcap_create(iface, err);
  if (p == NULL) {
    fprintf(stderr, "%s: pcap_create(%s): %s\n", prog, iface, err);
    return 1;
  }
  pcap_set_buffer_size(p, 64 * 1024);
  pcap_set_snaplen(p, 64);
  int rc = pcap_activate(p);
  if (rc < 0) {
    const char* said = pcap_geterr(p);
    fprintf(stderr, "%s: pcap_activate(%s): %s\n", prog, iface, said[0] != '\0' ? said : pcap_statustostr(rc));
  }
  pcap_close(p);
  return rc >= 0 ? 0 : rc == PCAP_ERROR_PERM_DENIED ? 3 : 1;
}

static int list_tstamp_types(const char* iface) {
  char err[PCAP_ERRBUF_SIZE] = "";
  pcap_t* p = pcap_create(iface, err);
  if (p == NULL) {
    fprintf(stderr, "%s: pcap_create(%s): %s\n", prog, iface, err);
    return 1;
  }
  int* types = NULL;
  int n = pcap_list_tstamp_types(p, &types);
  if (n < 0) {
    fprintf(stderr, "%s: pcap_list_tstamp_types(%s): %s\n", prog, iface, pcap_geterr(p));
    pcap_close(p);
    return 1;
  }
  for (int i = 0; i < n; i++) {
    const char* name = pcap_tstamp_type_val_to_name(types[i]);
    const char* desc = pcap_tstamp_type_val_to_description(types[i]);
    printf("%s\t%s\n", name ? name : "?", desc ? desc : "");
  }
  pcap_free_tstamp_types(types);
  pcap_close(p);
  return 0;
}

int main(int argc, char** argv) {
  const char* iface = NULL;
  const char* filter = "";
  uint32_t snaplen = 65535;
  int have_buffer = 0;
  uint32_t buffer_bytes = 0;
  int promisc = 1;
  int immediate = 0;
  uint32_t timeout_ms = 100;
  const char* tstamp_name = NULL;
  uint32_t iface_id = 0;
  uint32_t batch_bytes = 65536;
  int want_dlt = -1;

  for (int i = 1; i < argc; i++) {
    const char* a = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--list-time-stamp-types") == 0) {
      if (v == NULL) usage("--list-time-stamp-types needs an interface");
      if (i + 2 < argc) usage("--list-time-stamp-types takes nothing else");
      return list_tstamp_types(v);
    } else if (strcmp(a, "--check") == 0) {
      if (v == NULL) usage("--check needs an interface");
      if (i + 2 < argc) usage("--check takes nothing else");
      return check(v);
    } else if (strcmp(a, "-i") == 0) {
      if (v == NULL || v[0] == '\0') usage("-i needs an interface");
      if (iface != NULL) usage("-i given twice: one helper captures on one interface");
      iface = v;
      i++;
    } else if (strcmp(a, "-f") == 0) {
      if (v == NULL) usage("-f needs a filter ('' for none)");
      filter = v;
      i++;
    } else if (strcmp(a, "-s") == 0) {
      snaplen = number(a, v, 1, 262144);
      i++;
    } else if (strcmp(a, "-B") == 0) {
      buffer_bytes = number(a, v, 1, INT_MAX);
      have_buffer = 1;
      i++;
    } else if (strcmp(a, "-p") == 0) {
      promisc = 0;
    } else if (strcmp(a, "--immediate") == 0) {
      immediate = 1;
    } else if (strcmp(a, "--timeout") == 0) {
      timeout_ms = number(a, v, 0, INT_MAX);
      i++;
    } else if (strcmp(a, "-j") == 0) {
      if (v == NULL) usage("-j needs a time stamp type (see --list-time-stamp-types)");
      tstamp_name = v;
      i++;
    } else if (strcmp(a, "--interface-id") == 0) {
      iface_id = number(a, v, 0, 0xfffe);
      i++;
    } else if (strcmp(a, "-y") == 0) {
      want_dlt = (int)number(a, v, 0, 65535);
      i++;
    } else if (strcmp(a, "--batch-bytes") == 0) {
      batch_bytes = number(a, v, 1024, 64u << 20);
      i++;
    } else {
      usage("unknown argument %s", a);
    }
  }
  if (iface == NULL) usage("-i IFACE is required");
  int tstamp_type = -1;
  if (tstamp_name != NULL) {
    tstamp_type = pcap_tstamp_type_name_to_val(tstamp_name);
    if (tstamp_type < 0) fail("unknown time stamp type '%s' (-j): libpcap knows host, host_lowprec, host_hiprec, adapter, adapter_unsynced…", tstamp_name);
  }

  // A parent that goes away shows as EPIPE on write, not as a signal that kills mid-message.
  signal(SIGPIPE, SIG_IGN);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: poll returns EINTR
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);

  char err[PCAP_ERRBUF_SIZE] = "";
  pcap_t* p = pcap_create(iface, err);
  if (p == NULL) fail("pcap_create(%s): %s", iface, err);
  pcap_set_snaplen(p, (int)snaplen);
  pcap_set_promisc(p, promisc);
  pcap_set_timeout(p, (int)timeout_ms);
  if (immediate) pcap_set_immediate_mode(p, 1);
  if (have_buffer) pcap_set_buffer_size(p, (int)buffer_bytes);
  // > 0 is PCAP_WARNING_TSTAMP_TYPE_NOTSUP: the capture would silently use another source.
  if (tstamp_type >= 0 && pcap_set_tstamp_type(p, tstamp_type) != 0)
    fail("time stamp type '%s' (-j) is not offered by %s (see --list-time-stamp-types)", tstamp_name, iface);
  pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);  // may refuse: microseconds × 1000 then
  int rc = pcap_activate(p);
  if (rc < 0) {
    // libpcap's own words where it has them (they say why: "socket: Operation not permitted").
    const char* said = pcap_geterr(p);
    fail("pcap_activate(%s): %s", iface, said[0] != '\0' ? said : pcap_statustostr(rc));
  }
  if (rc > 0) fprintf(stderr, "%s: pcap_activate(%s) warning: %s %s\n", prog, iface, pcap_statustostr(rc), pcap_geterr(p));
  // -y: the link-layer header type (e.g. LINUX_SLL2 on "any"), before the filter is compiled for it.
  if (want_dlt >= 0 && pcap_datalink(p) != want_dlt && pcap_set_datalink(p, want_dlt) != 0)
    fail("link type %d is not offered by %s: %s", want_dlt, iface, pcap_geterr(p));
  if (filter[0] != '\0') {
    struct bpf_program prog_bpf;
    if (pcap_compile(p, &prog_bpf, filter, 1, PCAP_NETMASK_UNKNOWN) != 0) fail("pcap_compile(%s): %s", filter, pcap_geterr(p));
    if (pcap_setfilter(p, &prog_bpf) != 0) fail("pcap_setfilter(%s): %s", filter, pcap_geterr(p));
    pcap_freecode(&prog_bpf);
  }
  if (pcap_setnonblock(p, 1, err) != 0) fail("pcap_setnonblock(%s): %s", iface, err);
  int pfd = pcap_get_selectable_fd(p);
  if (pfd < 0) fail("pcap_get_selectable_fd(%s): this platform cannot poll a capture", iface);
  drop_privileges();

  state s;
  memset(&s, 0, sizeof s);
  s.p = p;
  s.nano = pcap_get_tstamp_precision(p) == PCAP_TSTAMP_PRECISION_NANO;
  int dlt = pcap_datalink(p);
  link_type = link_type_of(dlt);
  interface_id = (uint16_t)iface_id;
  index_entries = malloc((size_t)MAX_PACKETS * BATCH_ENTRY_BYTES);
  s.cur.bytes = batch_bytes;
  s.cur.mem = malloc((size_t)MSG_HEAD + batch_bytes);
  if (index_entries == NULL || s.cur.mem == NULL) fail("out of memory for a %u-byte batch", batch_bytes);
  batch_start(&s.cur);

  const char* version = pcap_lib_version();
  size_t vlen = strlen(version);
  uint8_t* opened = malloc(8 + vlen);
  if (opened == NULL) fail("out of memory");
  batch_put_u32(opened, link_type);
  batch_put_u32(opened + 4, (uint32_t)pcap_snapshot(p));
  memcpy(opened + 8, version, vlen);
  send_msg(WP_OPENED, opened, (uint32_t)(8 + vlen));
  free(opened);

  const struct timeval* required = pcap_get_required_select_timeout(p);
  int64_t next_stats = now_ms() + STATS_MS;
  char line[256];
  size_t line_len = 0;
  int stdin_open = 1;
  int stopping = 0;
  while (!stopping && !stop_signal) {
    int64_t now = now_ms();
    int64_t wait = next_stats - now;
    if (s.cur.fill.count > 0 && s.cur.first_at + FLUSH_MS - now < wait) wait = s.cur.first_at + FLUSH_MS - now;
    if (required != NULL) {
      int64_t r = (int64_t)required->tv_sec * 1000 + required->tv_usec / 1000;
      if (r < wait) wait = r;
    }
    if (wait < 0) wait = 0;
    struct pollfd fds[2] = {{pfd, POLLIN, 0}, {0, POLLIN, 0}};
    int nfds = stdin_open ? 2 : 1;
    int n = poll(fds, (nfds_t)nfds, (int)wait);
    if (n < 0 && errno != EINTR) fail("poll: %s", strerror(errno));
    s.now = now_ms();
    if (n > 0 && (fds[0].revents & (POLLIN | POLLERR | POLLHUP)) != 0) {
      int got = pcap_dispatch(p, DISPATCH_MAX, on_packet, (u_char*)&s);
      if (got == PCAP_ERROR) fail("pcap_dispatch(%s): %s", iface, pcap_geterr(p));
    } else if (required != NULL && n == 0) {
      int got = pcap_dispatch(p, DISPATCH_MAX, on_packet, (u_char*)&s);
      if (got == PCAP_ERROR) fail("pcap_dispatch(%s): %s", iface, pcap_geterr(p));
    }
    if (n > 0 && stdin_open && (fds[1].revents & (POLLIN | POLLERR | POLLHUP)) != 0) {
      ssize_t r = read(0, line + line_len, sizeof line - 1 - line_len);
      if (r <= 0) {
        if (r < 0 && errno == EINTR) continue;
        stdin_open = 0;
        stopping = 1;  // EOF (or a broken stdin): the parent is done with us
      } else {
        line_len += (size_t)r;
        char* nl;
        while ((nl = memchr(line, '\n', line_len)) != NULL) {
          *nl = '\0';
          if (strcmp(line, "stop") == 0) stopping = 1;
          else if (strcmp(line, "flush") == 0) batch_send(&s.cur);
          size_t rest = line_len - (size_t)(nl + 1 - line);
          memmove(line, nl + 1, rest);
          line_len = rest;
        }
        if (line_len == sizeof line - 1) line_len = 0;  // an overlong line means nothing
      }
    }
    s.now = now_ms();
    if (s.cur.fill.count > 0 && s.now - s.cur.first_at >= FLUSH_MS) batch_send(&s.cur);
    if (s.now >= next_stats) {
      send_stats(p);
      next_stats = s.now + STATS_MS;
    }
  }
  batch_send(&s.cur);
  send_stats(p);
  send_msg(WP_END, NULL, 0);
  pcap_close(p);
  return 0;
}
