// cap's libpcap binding, written against Node-API (node-addon-api) so that one binary loads in
// Node and in Electron without a rebuild. See WIREPOOL.md for what differs from cap 0.2.1.
//
// Calls into JavaScript from libuv callbacks (the packet and batch events, the close callback)
// use the C API directly and check every status: while a worker thread is being terminated,
// node-addon-api's error path (napi_throw failing) would abort the process.
#include <napi.h>
#include <uv.h>
#include <pcap/pcap.h>
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif
#include <string>

#ifdef _MSC_VER
# include "windows_polyfills.h"
#else
# include <arpa/inet.h>
# include <sys/ioctl.h>
#endif

#include "batch_fill.h"
#include "link_type.h"

#if __linux__
# include <dlfcn.h>
  // Without immediate mode some architectures (e.g. Linux with TPACKET_V3)
  // will buffer replies and potentially cause a *long* delay in packet
  // reception

  // pcap_set_immediate_mode is new as of libpcap 1.5.1, so we check for
  // this new method dynamically ...
  typedef void* (*set_immediate_fn)(pcap_t *p, int immediate);
  void* _pcap_lib_handle = dlopen("libpcap.so", RTLD_LAZY);
  set_immediate_fn set_immediate_mode =
    (set_immediate_fn)(dlsym(_pcap_lib_handle, "pcap_set_immediate_mode"));
#endif

// Wirepool: no static JavaScript handles. Each thread (the main thread, every worker) has its
// own environment, and a handle made in one must never be used in another: what a thread
// needs lives in its instance data (AddonData) or in each Pcap.
struct AddonData {
  Napi::FunctionReference cap_constructor;
};

#define THROW_TYPE(env, msg) \
  do { Napi::TypeError::New(env, msg).ThrowAsJavaScriptException(); return env.Undefined(); } while (0)
#define THROW_RANGE(env, msg) \
  do { Napi::RangeError::New(env, msg).ThrowAsJavaScriptException(); return env.Undefined(); } while (0)
#define THROW_ERROR(env, msg) \
  do { Napi::Error::New(env, msg).ThrowAsJavaScriptException(); return env.Undefined(); } while (0)

static void SetAddrStringHelper(Napi::Env env,
                                const char* key,
                                sockaddr *addr,
                                Napi::Object address) {
  if (key && addr) {
    char dst_addr[INET6_ADDRSTRLEN + 1] = {0};
    char* src = 0;
    socklen_t size = 0;
    if (addr->sa_family == AF_INET) {
      struct sockaddr_in* saddr = (struct sockaddr_in*) addr;
      src = (char*) &(saddr->sin_addr);
      size = INET_ADDRSTRLEN;
    } else {
      struct sockaddr_in6* saddr6 = (struct sockaddr_in6*) addr;
      src = (char*) &(saddr6->sin6_addr);
      size = INET6_ADDRSTRLEN;
    }
    const char* str = inet_ntop(addr->sa_family, src, dst_addr, size);
    if (str == nullptr)
      address.Set(key, env.Undefined());
    else
      address.Set(key, Napi::String::New(env, str));
  }
}

// The names of the timestamp types a created (not activated) handle offers, for messages.
static std::string OfferedTstampTypes(pcap_t* p) {
  int* types = nullptr;
  int n = pcap_list_tstamp_types(p, &types);
  std::string out;
  if (n <= 0) {
    out = "only the default (host)";
  } else {
    for (int i = 0; i < n; i++) {
      const char* name = pcap_tstamp_type_val_to_name(types[i]);
      if (i > 0) out += ", ";
      out += name ? name : std::to_string(types[i]);
    }
  }
  if (types) pcap_free_tstamp_types(types);
  return out;
}

// A JavaScript number that is an integer in [min, max].
static bool IntegerIn(const Napi::Value& v, double min, double max, double* out) {
  if (!v.IsNumber()) return false;
  double d = v.As<Napi::Number>().DoubleValue();
  if (!isfinite(d) || floor(d) != d || d < min || d > max) return false;
  *out = d;
  return true;
}

class Pcap : public Napi::ObjectWrap<Pcap> {
  public:
    napi_env env_;
    // this.emit, per instance. (The event names are made per event: Node-API 8 has no
    // references to strings.)
    napi_ref emit_ref;
    // Wirepool: the buffer given to open() (packet mode), held so it cannot be collected while
    // libpcap's packets are copied into it (upstream kept only its data pointer).
    napi_ref buffer_ref;
    // Wirepool: the poll (or async) handle lives on the event loop of the thread that called
    // open(), and is closed with uv_close() before the object may go away: an open capture holds
    // a reference to its object (Ref in open(), Unref in the close callback). handle_open stays
    // true until the close callback has run. If the thread's environment is torn down first (a
    // worker thread exits while capturing), an async cleanup hook closes the capture and tells
    // Node when the handle is closed.
    bool handle_open;
    napi_async_cleanup_hook_handle cleanup_hook;
    // Wirepool: the async context of the capture's events, made at open() and destroyed in the
    // close callback (never in a finalizer).
    napi_async_context async_ctx;
    bool closing;
    bool handling_packets;
    // Set when a call into JavaScript failed (it threw, or the thread is terminating): the drain
    // loop leaves at once.
    bool js_failed;
#ifdef _WIN32
    HANDLE wait;
    uv_async_t async;
#else
    uv_poll_t poll_handle;
    int fd;
    bool polling;
#endif
    pcap_t *pcap_handle;

    char *buffer_data;
    size_t buffer_length;
    // Wirepool: whether libpcap gives timestamps in nanoseconds (else microseconds).
    bool nano_ts;

    // Wirepool: batch mode (open(..., { batch: true })). Packets are written as pcapng blocks,
    // with an index entry each, into the ArrayBuffer and Uint32Array that fill() gave; the
    // 'batch' event hands them back. held: whether the binding holds such a pair now.
    bool batch_mode;
    bool held;
    batch_fill bf;
    napi_ref held_buf_ref;
    napi_ref held_index_ref;
    uint32_t batch_start;   // where the held batch's blocks start
    uint32_t last_start;    // the same, of the last buffer given (for emit('batch', 0, start, need))
    uint32_t last_reserve;
    uint32_t next_number;   // frame number of the next packet written (from 0, per capture)
    uint16_t interface_id;
    uint16_t link_type;
    double buffer_dropped;  // packets dropped for lack of a buffer big enough

    Pcap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Pcap>(info) {
      env_ = info.Env();
      emit_ref = nullptr;
      buffer_ref = nullptr;
      handle_open = false;
      cleanup_hook = nullptr;
      async_ctx = nullptr;
      closing = false;
      handling_packets = false;
      js_failed = false;
#ifdef _WIN32
      wait = nullptr;
#else
      fd = -1;
      polling = false;
#endif
      pcap_handle = nullptr;
      buffer_data = nullptr;
      buffer_length = 0;
      nano_ts = false;
      batch_mode = false;
      held = false;
      memset(&bf, 0, sizeof(bf));
      held_buf_ref = nullptr;
      held_index_ref = nullptr;
      batch_start = 0;
      last_start = 0;
      last_reserve = 0;
      next_number = 0;
      interface_id = 0;
      link_type = 0;
      buffer_dropped = 0;

      Napi::Value emit = info.This().As<Napi::Object>().Get("emit");
      if (emit.IsFunction())
        napi_create_reference(env_, emit, 1, &emit_ref);
    }

    ~Pcap() {
      // Only reached once the handle is closed (an open capture holds a reference to this
      // object), or when the environment is torn down after the cleanup hook closed it. Runs as
      // a finalizer: deleting references is all it does with the engine.
      close();
      DeleteRef(&emit_ref);
      DeleteRef(&buffer_ref);
      DeleteRef(&held_buf_ref);
      DeleteRef(&held_index_ref);
    }

    void DeleteRef(napi_ref* r) {
      if (*r != nullptr) {
        napi_delete_reference(env_, *r);
        *r = nullptr;
      }
    }

    // Forgets the buffers of the held batch (pointers and references). Any packets in it that
    // were not handed over are the caller's to count.
    void ReleaseHeld() {
      held = false;
      bf.buf = nullptr;
      bf.index = nullptr;
      bf.count = 0;
      DeleteRef(&held_buf_ref);
      DeleteRef(&held_index_ref);
    }

    bool close() {
      if (pcap_handle == nullptr || closing)
        return false;
      // Packets of a batch not handed over are dropped with the capture.
      ReleaseHeld();
      if (handle_open) {
#ifdef _WIN32
        if (wait) {
          UnregisterWait(wait);
          wait = nullptr;
        }
        uv_close((uv_handle_t*)&async, cb_handle_closed);
#else
        uv_poll_stop(&poll_handle);
        polling = false;
        uv_close((uv_handle_t*)&poll_handle, cb_handle_closed);
#endif
        closing = true;  // until cb_handle_closed
      }
      cleanup();
      return true;
    }

    void cleanup() {
      if (pcap_handle && !handling_packets) {
        pcap_close(pcap_handle);
        pcap_handle = nullptr;
        buffer_data = nullptr;
        buffer_length = 0;
        DeleteRef(&buffer_ref);
      }
    }

    static void cb_handle_closed(uv_handle_t* handle) {
      Pcap *obj = (Pcap*)handle->data;
      napi_env env = obj->env_;
      obj->handle_open = false;
      obj->closing = false;
      if (obj->async_ctx != nullptr) {
        napi_async_destroy(env, obj->async_ctx);
        obj->async_ctx = nullptr;
      }
      napi_async_cleanup_hook_handle hook = obj->cleanup_hook;
      obj->cleanup_hook = nullptr;
      uint32_t refs;
      napi_reference_unref(env, obj->WrapRef(), &refs);
      // Last: during a teardown this tells Node the hook is done (and the environment, with
      // this object, may then go). Otherwise it unregisters the hook.
      if (hook != nullptr)
        napi_remove_async_cleanup_hook(hook);
    }

    napi_ref WrapRef() const {
      return static_cast<napi_ref>(static_cast<const Napi::Reference<Napi::Object>&>(*this));
    }

    // The environment is going away (a worker exits or is terminated) while capturing: close
    // libpcap and the handle, then tell Node (from the close callback).
    static void OnTeardown(napi_async_cleanup_hook_handle hook, void* arg) {
      Pcap *obj = (Pcap*)arg;
      if (!obj->handle_open) {
        obj->cleanup_hook = nullptr;
        napi_remove_async_cleanup_hook(hook);
        return;
      }
      obj->close();  // a no-op if a close is already under way; either way the callback ends it
    }

    // A call into JavaScript failed. From a libuv callback (no JavaScript below us), an
    // exception the listener threw goes to the thread's uncaught-exception handling, as a throw
    // from an event listener does; while terminating there is none, and nothing may run.
    void JsFailed(bool from_js) {
      js_failed = true;
      if (from_js)
        return;  // left pending: it propagates to the JavaScript caller
      bool pending = false;
      if (napi_is_exception_pending(env_, &pending) == napi_ok && pending) {
        napi_value exc;
        if (napi_get_and_clear_last_exception(env_, &exc) == napi_ok)
          napi_fatal_exception(env_, exc);
      }
    }

    // this.emit(argv[0], argv[1..]) in the capture's async context; argv[0] is set here to
    // the event's name. False when the call failed (see JsFailed). The caller has a handle
    // scope open.
    bool EmitRaw(const char* name, size_t argc, napi_value* argv, bool from_js) {
      napi_value recv, fn, result;
      if (emit_ref == nullptr
          || napi_get_reference_value(env_, WrapRef(), &recv) != napi_ok || recv == nullptr
          || napi_get_reference_value(env_, emit_ref, &fn) != napi_ok
          || napi_create_string_latin1(env_, name, NAPI_AUTO_LENGTH, &argv[0]) != napi_ok) {
        JsFailed(from_js);
        return false;
      }
      if (napi_make_callback(env_, async_ctx, recv, fn, argc, argv, &result) != napi_ok) {
        JsFailed(from_js);
        return false;
      }
      return true;
    }

    static void EmitPacket(u_char* user,
                           const struct pcap_pkthdr* pkt_hdr,
                           const u_char* pkt_data) {
      Pcap *obj = (Pcap*) user;
      if (obj->closing || obj->js_failed || obj->buffer_data == nullptr)
        return;
      napi_env env = obj->env_;

      size_t copy_len = pkt_hdr->caplen;
      bool truncated = false;
      if (copy_len > obj->buffer_length) {
        copy_len = obj->buffer_length;
        truncated = true;
      }
      memcpy(obj->buffer_data, pkt_data, copy_len);

      napi_handle_scope scope;
      if (napi_open_handle_scope(env, &scope) != napi_ok) {
        obj->JsFailed(false);
        return;
      }
      // Wirepool: the kernel's timestamp (seconds, nanoseconds) and the packet's length on
      // the wire follow cap's two arguments, so a listener written for cap still works.
      double frac_ns = obj->nano_ts ? (double)pkt_hdr->ts.tv_usec : (double)pkt_hdr->ts.tv_usec * 1000.0;
      napi_value argv[6];
      argv[0] = nullptr;
      bool ok = napi_create_double(env, (double)copy_len, &argv[1]) == napi_ok
        && napi_get_boolean(env, truncated, &argv[2]) == napi_ok
        && napi_create_double(env, (double)pkt_hdr->ts.tv_sec, &argv[3]) == napi_ok
        && napi_create_double(env, frac_ns, &argv[4]) == napi_ok
        && napi_create_double(env, (double)pkt_hdr->len, &argv[5]) == napi_ok;
      if (!ok)
        obj->JsFailed(false);
      else
        obj->EmitRaw("packet", 6, argv, false);
      napi_close_handle_scope(env, scope);
    }

    // ---- batch mode ----

    // Whether the held buffers are still what fill() was given: JavaScript ran since, and a
    // detached (transferred) or shrunk buffer must never be written. If not, the packets
    // written in it are lost (counted in bufferDropped) and the binding holds nothing.
    bool ValidateHeld() {
      if (!held)
        return false;
      napi_value ab, idx_ab;
      bool detached = true;
      void* data = nullptr;
      size_t len = 0;
      bool ok = napi_get_reference_value(env_, held_buf_ref, &ab) == napi_ok && ab != nullptr
        && napi_is_detached_arraybuffer(env_, ab, &detached) == napi_ok && !detached
        && napi_get_arraybuffer_info(env_, ab, &data, &len) == napi_ok
        && data == bf.buf && len >= bf.end
        && napi_get_reference_value(env_, held_index_ref, &idx_ab) == napi_ok && idx_ab != nullptr
        && napi_is_detached_arraybuffer(env_, idx_ab, &detached) == napi_ok && !detached;
      if (!ok) {
        buffer_dropped += bf.count;
        ReleaseHeld();
      }
      return ok;
    }

    // Stops reading for want of a buffer: the rest stays in libpcap's ring (the kernel counts
    // drops if it overflows); fill() starts again.
    void StopReading() {
      if (handling_packets && pcap_handle)
        pcap_breakloop(pcap_handle);
#ifndef _WIN32
      if (polling && handle_open && !closing) {
        uv_poll_stop(&poll_handle);
        polling = false;
      }
#endif
    }

    void StartReading() {
#ifdef _WIN32
      // The wait thread signals on new packets only; those already buffered are read now.
      if (handle_open && !closing)
        uv_async_send(&async);
#else
      if (!polling && handle_open && !closing) {
        uv_poll_start(&poll_handle, UV_READABLE, cb_packets);
        polling = true;
      }
#endif
    }

    // Hands the held batch (possibly empty) over: emit('batch', count, dataEnd, need). The
    // binding forgets the buffers first: from the event on they are JavaScript's alone. A
    // listener is expected to call fill() with the next pair. False when the call failed.
    bool HandOver(uint32_t need, bool from_js) {
      uint32_t count = held ? bf.count : 0;
      uint32_t data_end = held ? bf.data_end : last_start;
      next_number += count;
      ReleaseHeld();
      napi_handle_scope scope;
      if (napi_open_handle_scope(env_, &scope) != napi_ok) {
        JsFailed(from_js);
        return false;
      }
      napi_value argv[4];
      argv[0] = nullptr;
      bool ok = napi_create_uint32(env_, count, &argv[1]) == napi_ok
        && napi_create_uint32(env_, data_end, &argv[2]) == napi_ok
        && napi_create_uint32(env_, need, &argv[3]) == napi_ok;
      if (!ok)
        JsFailed(from_js);
      else
        ok = EmitRaw("batch", 4, argv, from_js);
      if (ok && held)
        ValidateHeld();  // the listener gave a new pair (and may have run anything after)
      napi_close_handle_scope(env_, scope);
      return ok;
    }

    bool Stopped() const {
      return closing || js_failed || pcap_handle == nullptr;
    }

    void PutPacket(const struct pcap_pkthdr* h, const u_char* data) {
      uint32_t nsec = nano_ts ? (uint32_t)h->ts.tv_usec : (uint32_t)h->ts.tv_usec * 1000u;
      batch_put(&bf, (int64_t)h->ts.tv_sec, nsec, data, h->caplen, h->len);
    }

    // Puts the packet if the held batch has room; hands the batch over when it reaches
    // maxPackets. False when it did not fit.
    bool TryPut(const struct pcap_pkthdr* h, const u_char* data) {
      if (!held || !batch_fits(&bf, h->caplen))
        return false;
      PutPacket(h, data);
      if (bf.count >= bf.max_packets) {
        if (HandOver(0, false) && !held && !Stopped())
          StopReading();
      }
      return true;
    }

    static void BatchPacket(u_char* user,
                            const struct pcap_pkthdr* h,
                            const u_char* data) {
      Pcap *obj = (Pcap*) user;
      if (obj->Stopped()) {
        // close() was called (the packet goes with the capture) or JavaScript failed.
        if (obj->pcap_handle) pcap_breakloop(obj->pcap_handle);
        return;
      }
      if (obj->TryPut(h, data))
        goto after;
      {
        uint32_t caplen = h->caplen;
        // It does not fit: hand over what the batch holds, with the size this packet needs alone.
        if (obj->held && obj->bf.count > 0) {
          uint32_t need = batch_need_alone(obj->batch_start, caplen, obj->bf.reserve);
          if (!obj->HandOver(need, false) || obj->Stopped())
            goto stop;
          if (obj->TryPut(h, data))
            goto after;
        }
        // The buffer is empty and still too small, or there is none: ask once more.
        uint32_t start = obj->held ? obj->batch_start : obj->last_start;
        uint32_t reserve = obj->held ? obj->bf.reserve : obj->last_reserve;
        if (!obj->HandOver(batch_need_alone(start, caplen, reserve), false) || obj->Stopped())
          goto stop;
        if (obj->TryPut(h, data))
          goto after;
        obj->buffer_dropped++;
      }
    after:
      if (!obj->held && !obj->Stopped())
        obj->StopReading();
    stop:
      if (obj->Stopped() && obj->pcap_handle)
        pcap_breakloop(obj->pcap_handle);
    }

    void Drain() {
      handling_packets = true;
      js_failed = false;
      if (batch_mode) {
        if (held) {
          napi_handle_scope scope;
          if (napi_open_handle_scope(env_, &scope) == napi_ok) {
            ValidateHeld();
            napi_close_handle_scope(env_, scope);
          }
        }
        while (held && !Stopped()) {
          if (pcap_dispatch(pcap_handle, -1, Pcap::BatchPacket, (u_char*)this) <= 0)
            break;
        }
        if (!held && !Stopped())
          StopReading();
      } else {
        int packet_count;
        do {
          packet_count = pcap_dispatch(pcap_handle, 1, Pcap::EmitPacket, (u_char*)this);
        } while (packet_count > 0 && !Stopped());
      }
      handling_packets = false;
      if (closing)
        cleanup();
    }

#ifdef _WIN32
    static void cb_packets(uv_async_t* handle) {
      Pcap *obj = (Pcap*)handle->data;
      if (obj->closing)
        return obj->cleanup();
      if (obj->pcap_handle == nullptr || (obj->batch_mode && !obj->held))
        return;  // fill() signals again
      obj->Drain();
    }
    static void CALLBACK OnPacket(void* data, BOOLEAN didTimeout) {
      assert(!didTimeout);
      uv_async_t* async = (uv_async_t*)data;
      int r = uv_async_send(async);
      assert(r == 0);
    }
#else
    static void cb_packets(uv_poll_t* handle, int status, int events) {
      Pcap *obj = (Pcap*)handle->data;
      if (obj->closing)
        return obj->cleanup();
      if (status < 0 || !(events & UV_READABLE) || obj->pcap_handle == nullptr)
        return;
      obj->Drain();
    }
#endif

    Napi::Value Send(const Napi::CallbackInfo& info) {
      Napi::Env env = info.Env();
      size_t buffer_size = 0;

      if (info.Length() == 0)
        THROW_TYPE(env, "the first parameter must be a buffer");
      if (!info[0].IsBuffer())
        THROW_TYPE(env, "first parameter must be a buffer");
      Napi::Buffer<char> buf = info[0].As<Napi::Buffer<char>>();

      if (info.Length() >= 2) {
        double n;
        if (!IntegerIn(info[1], 0, 4294967295.0, &n))
          THROW_TYPE(env, "length must be a positive integer");
        buffer_size = (size_t)n;
        if (buffer_size > buf.Length())
          THROW_TYPE(env, "size must be smaller or equal to buffer length");
      } else {
        buffer_size = buf.Length();
      }

      if (pcap_handle == nullptr || closing)
        THROW_ERROR(env, "Not currently capturing/open");

      if (pcap_sendpacket(pcap_handle, (const u_char*)buf.Data(), (int)buffer_size) == -1)
        THROW_ERROR(env, pcap_geterr(pcap_handle));

      return env.Undefined();
    }

    // Fails open(): closes the half-made handle and throws.
    Napi::Value OpenFailed(Napi::Env env, const std::string& msg) {
      if (pcap_handle) {
        pcap_close(pcap_handle);
        pcap_handle = nullptr;
      }
      buffer_data = nullptr;
      buffer_length = 0;
      DeleteRef(&buffer_ref);
      THROW_ERROR(env, msg);
    }

    Napi::Value Open(const Napi::CallbackInfo& info) {
      Napi::Env env = info.Env();

      if (handle_open)
        THROW_ERROR(env, "this Cap is capturing (or its capture is still closing); use a new Cap");
      if (pcap_handle)
        close();

      if (info.Length() < 3)
        THROW_TYPE(env, "Expecting 4 arguments");
      if (!info[0].IsString())
        THROW_TYPE(env, "device must be a string");
      if (!info[1].IsString())
        THROW_TYPE(env, "filter must be a string");
      double buf_size_d;
      if (!IntegerIn(info[2], 0, 4294967295.0, &buf_size_d))
        THROW_TYPE(env, "bufSize must be a positive integer");

      // Wirepool: an optional fifth argument { snaplen, promiscuous, immediate, timeout } with
      // libpcap's meanings, left out: cap's choices (65535, promiscuous, immediate, 1000 ms);
      // and { batch, interfaceId, tstampType } (see WIREPOOL.md).
      int opt_snaplen = 65535;
      int opt_promisc = 1;
      int opt_immediate = 1;
      int opt_timeout = 1000;
      bool opt_batch = false;
      uint16_t opt_interface = 0;
      std::string opt_tstamp;
      bool have_tstamp = false;
      int opt_linktype = -1;
      if (info.Length() > 4 && info[4].IsObject()) {
        Napi::Object o = info[4].As<Napi::Object>();
        Napi::Value v;
        double d;
        v = o.Get("snaplen");
        if (IntegerIn(v, 0, 2147483647.0, &d)) opt_snaplen = (int)d;
        v = o.Get("promiscuous");
        if (v.IsBoolean()) opt_promisc = v.As<Napi::Boolean>().Value() ? 1 : 0;
        v = o.Get("immediate");
        if (v.IsBoolean()) opt_immediate = v.As<Napi::Boolean>().Value() ? 1 : 0;
        v = o.Get("timeout");
        if (IntegerIn(v, 0, 2147483647.0, &d)) opt_timeout = (int)d;
        v = o.Get("batch");
        if (!v.IsUndefined()) {
          if (!v.IsBoolean())
            THROW_TYPE(env, "options.batch must be a boolean");
          opt_batch = v.As<Napi::Boolean>().Value();
        }
        v = o.Get("interfaceId");
        if (!v.IsUndefined()) {
          if (!IntegerIn(v, 0, 65535, &d))
            THROW_RANGE(env, "options.interfaceId must be an integer from 0 to 65535");
          opt_interface = (uint16_t)d;
        }
        v = o.Get("linkType");
        if (!v.IsUndefined()) {
          if (!IntegerIn(v, 0, 65535, &d))
            THROW_RANGE(env, "options.linkType must be an integer from 0 to 65535 (a DLT_/LINKTYPE_ value)");
          opt_linktype = (int)d;
        }
        v = o.Get("tstampType");
        if (!v.IsUndefined()) {
          if (!v.IsString())
            THROW_TYPE(env, "options.tstampType must be a string (a libpcap time stamp type name, e.g. 'adapter_unsynced')");
          opt_tstamp = v.As<Napi::String>().Utf8Value();
          have_tstamp = true;
        }
        if (env.IsExceptionPending())  // a getter threw
          return env.Undefined();
      }

      if (!opt_batch && !info[3].IsBuffer())
        THROW_TYPE(env, "buffer must be a Buffer");

      std::string device = info[0].As<Napi::String>().Utf8Value();
      std::string filter = info[1].As<Napi::String>().Utf8Value();
      int buffer_size = (int)buf_size_d;
      struct bpf_program fp;
      bpf_u_int32 mask;
      bpf_u_int32 net;
      char errbuf[PCAP_ERRBUF_SIZE];

      batch_mode = opt_batch;
      interface_id = opt_interface;
      buffer_dropped = 0;
      next_number = 0;
      last_start = 0;
      last_reserve = 0;
      ReleaseHeld();
      if (!opt_batch) {
        Napi::Buffer<char> buf = info[3].As<Napi::Buffer<char>>();
        buffer_data = buf.Data();
        buffer_length = buf.Length();
        DeleteRef(&buffer_ref);
        napi_create_reference(env, buf, 1, &buffer_ref);
      }

      if (pcap_lookupnet(device.c_str(), &net, &mask, errbuf) == -1) {
        net = 0;
        mask = 0;
        fprintf(stderr, "Warning: %s - This may not actually work\n", errbuf);
      }

      pcap_handle = pcap_create(device.c_str(), errbuf);

      if (pcap_handle == nullptr)
        return OpenFailed(env, errbuf);

      if (pcap_set_snaplen(pcap_handle, opt_snaplen) != 0)
        return OpenFailed(env, "Unable to set snaplen");

      if (pcap_set_promisc(pcap_handle, opt_promisc) != 0)
        return OpenFailed(env, "Unable to set promiscuous mode");

      // Try to set buffer size. Sometimes the OS has a lower limit that it will
      // silently enforce.
      if (pcap_set_buffer_size(pcap_handle, buffer_size) != 0)
        return OpenFailed(env, "Unable to set buffer size");

      // Set "timeout" on read, even though we are also setting nonblock below.
      // On Linux this is required.
      if (pcap_set_timeout(pcap_handle, opt_timeout) != 0)
        return OpenFailed(env, "Unable to set read timeout");

#if __linux__
      if (set_immediate_mode != nullptr)
        set_immediate_mode(pcap_handle, opt_immediate);
#endif

#ifdef PCAP_TSTAMP_PRECISION_NANO
      // Wirepool: nanosecond timestamps where the platform has them (microseconds otherwise).
      pcap_set_tstamp_precision(pcap_handle, PCAP_TSTAMP_PRECISION_NANO);
#endif

      // Wirepool: the time stamp source (tcpdump's -j), before activation.
      if (have_tstamp) {
        int type = pcap_tstamp_type_name_to_val(opt_tstamp.c_str());
        if (type < 0) {
          return OpenFailed(env, "unknown time stamp type '" + opt_tstamp + "' (tstampType); " + device
                            + " offers: " + OfferedTstampTypes(pcap_handle));
        }
        int r = pcap_set_tstamp_type(pcap_handle, type);
        if (r != 0) {
          return OpenFailed(env, "time stamp type '" + opt_tstamp + "' (tstampType) is not offered by " + device
                            + (r < 0 ? std::string(" (") + pcap_statustostr(r) + ")" : std::string())
                            + "; it offers: " + OfferedTstampTypes(pcap_handle));
        }
      }

      {
        int r = pcap_activate(pcap_handle);
        if (r < 0) {  // > 0: a warning (e.g. promiscuous mode not supported); the capture works
          std::string msg = pcap_geterr(pcap_handle);
          if (msg.empty()) msg = pcap_statustostr(r);
          return OpenFailed(env, msg);
        }
      }

      // Wirepool: the link-layer header type (tcpdump's -y), e.g. DLT_LINUX_SLL2 on Linux's "any".
      if (opt_linktype >= 0 && pcap_datalink(pcap_handle) != opt_linktype) {
        if (pcap_set_datalink(pcap_handle, opt_linktype) != 0) {
          std::string offered;
          int* dlts = nullptr;
          int n = pcap_list_datalinks(pcap_handle, &dlts);
          for (int i = 0; i < n; i++) {
            const char* name = pcap_datalink_val_to_name(dlts[i]);
            if (!offered.empty()) offered += ", ";
            offered += name ? name : std::to_string(dlts[i]);
          }
          if (dlts) pcap_free_datalinks(dlts);
          return OpenFailed(env, "link type " + std::to_string(opt_linktype) + " (linkType) is not offered by " + device
                            + "; it offers: " + offered);
        }
      }


#ifdef PCAP_TSTAMP_PRECISION_NANO
      nano_ts = pcap_get_tstamp_precision(pcap_handle) == PCAP_TSTAMP_PRECISION_NANO;
#else
      nano_ts = false;
#endif

      if (pcap_setnonblock(pcap_handle, 1, errbuf) == -1)
        return OpenFailed(env, errbuf);

      if (filter.length() != 0) {
        if (pcap_compile(pcap_handle, &fp, filter.c_str(), 1, net) == -1)
          return OpenFailed(env, pcap_geterr(pcap_handle));

        if (pcap_setfilter(pcap_handle, &fp) == -1) {
          pcap_freecode(&fp);
          return OpenFailed(env, pcap_geterr(pcap_handle));
        }

        pcap_freecode(&fp);
      }

#if defined(__APPLE_CC__) || defined(__APPLE__)
      // Work around buffering bug in BPF on OSX 10.6 as of May 19, 2010
      // This may result in dropped packets under load because it disables the
      // (broken) buffer
      // http://seclists.org/tcpdump/2010/q1/110
      #include <net/bpf.h>
      int fd = pcap_get_selectable_fd(pcap_handle);
      int v = 1;
      ioctl(fd, BIOCIMMEDIATE, &v);
      // TODO - check return value
#endif

      int dlt = pcap_datalink(pcap_handle);
      link_type = link_type_of(dlt);

      Napi::Value ret;
      switch (dlt) {
        case DLT_NULL:
          ret = Napi::String::New(env, "NULL");
          break;
        case DLT_EN10MB: // most wifi interfaces pretend to be "ethernet"
          ret = Napi::String::New(env, "ETHERNET");
          break;
        case DLT_IEEE802_11_RADIO: // 802.11 "monitor mode"
          ret = Napi::String::New(env, "IEEE802_11_RADIO");
          break;
        case DLT_LINUX_SLL: // "Linux cooked-mode capture"
          ret = Napi::String::New(env, "LINKTYPE_LINUX_SLL");
          break;
        case DLT_RAW: // "raw IP"
          ret = Napi::String::New(env, "RAW");
          break;
        default:
          snprintf(errbuf, PCAP_ERRBUF_SIZE, "Unknown linktype %d", dlt);
          ret = Napi::String::New(env, errbuf);
          break;
      }

      uv_loop_t* loop = nullptr;
      if (napi_get_uv_event_loop(env, &loop) != napi_ok || loop == nullptr)
        return OpenFailed(env, "no event loop for this thread");

      int r;
#ifdef _WIN32
      r = uv_async_init(loop, &async, (uv_async_cb)cb_packets);
      assert(r == 0);
      async.data = this;
      r = RegisterWaitForSingleObject(
        &wait,
        pcap_getevent(pcap_handle),
        OnPacket,
        &async,
        INFINITE,
        WT_EXECUTEINWAITTHREAD
      );
      if (!r) {
        char *errmsg = nullptr;
        FormatMessage(FORMAT_MESSAGE_ALLOCATE_BUFFER
                      | FORMAT_MESSAGE_FROM_SYSTEM
                      | FORMAT_MESSAGE_IGNORE_INSERTS,
                      nullptr,
                      GetLastError(),
                      MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT),
                      (LPTSTR)&errmsg,
                      0,
                      nullptr);
        std::string msg = errmsg ? errmsg : "RegisterWaitForSingleObject failed";
        if (errmsg) LocalFree(errmsg);
        // The async handle is initialized: it must be closed like an open capture's.
        handle_open = true;
        Ref();
        napi_async_init(env, Value(), Napi::String::New(env, "cap:packet"), &async_ctx);
        close();
        THROW_ERROR(env, msg);
      }
#else
      fd = pcap_get_selectable_fd(pcap_handle);
      r = uv_poll_init(loop, &poll_handle, fd);
      if (r != 0)
        return OpenFailed(env, std::string("uv_poll_init: ") + uv_strerror(r));
      poll_handle.data = this;
      polling = false;
      if (!batch_mode) {  // batch mode reads once fill() gives a buffer
        r = uv_poll_start(&poll_handle, UV_READABLE, cb_packets);
        assert(r == 0);
        polling = true;
      }
#endif

      napi_async_init(env, Value(), Napi::String::New(env, batch_mode ? "cap:batch" : "cap:packet"), &async_ctx);
      handle_open = true;
      closing = false;
      js_failed = false;
      napi_add_async_cleanup_hook(env, OnTeardown, this, &cleanup_hook);
      Ref();
      return ret;
    }

#ifdef _WIN32
    Napi::Value WIN_SetMin(const Napi::CallbackInfo& info) {
      Napi::Env env = info.Env();
      if (info.Length() < 1)
        THROW_TYPE(env, "missing min bytes value");
      double n;
      if (!IntegerIn(info[0], 0, 4294967295.0, &n))
        THROW_TYPE(env, "min bytes must be a positive number");
      if (pcap_handle == nullptr)
        THROW_ERROR(env, "Not currently capturing/open");
      if (pcap_setmintocopy(pcap_handle, (int)n) != 0)
        THROW_ERROR(env, "Unable to set min bytes");
      return env.Undefined();
    }
#endif

    Napi::Value Close(const Napi::CallbackInfo& info) {
      return Napi::Boolean::New(info.Env(), close());
    }

    // Wirepool: libpcap's counters (pcap_stats) for an open capture: { received, dropped,
    // ifDropped } (packets the filter passed, dropped by the kernel for lack of buffer space,
    // dropped by the interface or its driver), and bufferDropped (dropped by this binding in
    // batch mode: no buffer big enough was given); undefined when closed or unsupported.
    Napi::Value Stats(const Napi::CallbackInfo& info) {
      Napi::Env env = info.Env();
      struct pcap_stat ps;
      if (pcap_handle == nullptr || closing || pcap_stats(pcap_handle, &ps) != 0)
        return env.Undefined();
      Napi::Object out = Napi::Object::New(env);
      out.Set("received", Napi::Number::New(env, (double)ps.ps_recv));
      out.Set("dropped", Napi::Number::New(env, (double)ps.ps_drop));
      out.Set("ifDropped", Napi::Number::New(env, (double)ps.ps_ifdrop));
      out.Set("bufferDropped", Napi::Number::New(env, buffer_dropped));
      return out;
    }

    // Wirepool: fill(buffer, start, end, index, maxPackets, reserve): the buffer the next
    // packets are written into (batch mode). See WIREPOOL.md.
    Napi::Value Fill(const Napi::CallbackInfo& info) {
      Napi::Env env = info.Env();
      if (pcap_handle == nullptr || closing || !handle_open)
        THROW_ERROR(env, "fill(): the capture is closed");
      if (!batch_mode)
        THROW_ERROR(env, "fill(): the capture was not opened in batch mode (open(..., { batch: true }))");
      if (held && bf.count > 0)
        THROW_ERROR(env, "fill(): the binding still holds a batch of " + std::to_string(bf.count)
                    + " packets; it is handed over by the 'batch' event or flush()");

      if (info.Length() < 6)
        THROW_TYPE(env, "fill(buffer, start, end, index, maxPackets, reserve[, prefault]): expecting 6 arguments");
      if (!info[0].IsArrayBuffer())
        THROW_TYPE(env, "fill(): buffer must be an ArrayBuffer");
      Napi::ArrayBuffer ab = info[0].As<Napi::ArrayBuffer>();
      if (ab.IsDetached())
        THROW_TYPE(env, "fill(): buffer is detached");
      size_t ab_len = ab.ByteLength();
      double start, end, max_packets, reserve;
      if (!IntegerIn(info[1], 0, 4294967295.0, &start))
        THROW_TYPE(env, "fill(): start must be an integer from 0");
      if (!IntegerIn(info[2], 0, 4294967295.0, &end))
        THROW_TYPE(env, "fill(): end must be an integer from 0 to 2^32 - 1");
      if (((uint32_t)start & 3u) != 0)
        THROW_RANGE(env, "fill(): start must be a multiple of 4 (pcapng blocks are 4-aligned)");
      if (start > end)
        THROW_RANGE(env, "fill(): start must not be past end");
      if (end > (double)ab_len)
        THROW_RANGE(env, "fill(): end " + std::to_string((uint64_t)end) + " is past the buffer's "
                    + std::to_string(ab_len) + " bytes");
      if (!info[3].IsTypedArray() || info[3].As<Napi::TypedArray>().TypedArrayType() != napi_uint32_array)
        THROW_TYPE(env, "fill(): index must be a Uint32Array");
      Napi::Uint32Array index = info[3].As<Napi::Uint32Array>();
      if (!IntegerIn(info[4], 1, 134217727.0, &max_packets))
        THROW_RANGE(env, "fill(): maxPackets must be an integer from 1");
      if (!IntegerIn(info[5], 0, 1048576.0, &reserve))
        THROW_RANGE(env, "fill(): reserve must be an integer from 0 to 1048576");
      bool prefault = false;
      if (info.Length() > 6 && !info[6].IsUndefined()) {
        if (!info[6].IsBoolean())
          THROW_TYPE(env, "fill(): prefault must be a boolean");
        prefault = info[6].As<Napi::Boolean>().Value();
      }
      size_t need_words = (size_t)max_packets * BATCH_ENTRY_WORDS;
      if (index.ElementLength() < need_words)
        THROW_RANGE(env, "fill(): index holds " + std::to_string(index.ElementLength()) + " words; "
                    + std::to_string((uint64_t)max_packets) + " packets need " + std::to_string(need_words)
                    + " (8 per packet)");
      Napi::ArrayBuffer idx_ab = index.ArrayBuffer();
      if (env.IsExceptionPending())
        return env.Undefined();
      if (idx_ab.IsDetached())
        THROW_TYPE(env, "fill(): index's buffer is detached");
      // A resizable ArrayBuffer could shrink under the binding's feet.
      Napi::Value resizable = ab.Get("resizable");
      if (resizable.IsBoolean() && resizable.As<Napi::Boolean>().Value())
        THROW_TYPE(env, "fill(): buffer must not be a resizable ArrayBuffer");
      resizable = idx_ab.Get("resizable");
      if (resizable.IsBoolean() && resizable.As<Napi::Boolean>().Value())
        THROW_TYPE(env, "fill(): index must not be over a resizable ArrayBuffer");
      if (env.IsExceptionPending())
        return env.Undefined();
      if (idx_ab.StrictEquals(ab)) {
        size_t off = index.ByteOffset();
        size_t idx_end = off + need_words * 4;
        if (off < (size_t)end && (size_t)start < idx_end)
          THROW_RANGE(env, "fill(): the index's first maxPackets entries overlap bytes start..end of buffer");
      }
      // fill() may have been called from inside a listener after close().
      if (pcap_handle == nullptr || closing)
        THROW_ERROR(env, "fill(): the capture is closed");

      ReleaseHeld();  // an empty batch given earlier is replaced
      napi_create_reference(env, ab, 1, &held_buf_ref);
      napi_create_reference(env, idx_ab, 1, &held_index_ref);
      bf.buf = (uint8_t*)ab.Data();
      bf.end = (uint32_t)end;
      bf.data_end = (uint32_t)start;
      bf.index = index.Data();
      bf.max_packets = (uint32_t)max_packets;
      bf.count = 0;
      bf.first_number = next_number;
      bf.reserve = (uint32_t)reserve;
      bf.interface_id = interface_id;
      bf.link_type = link_type;
      batch_start = (uint32_t)start;
      last_start = (uint32_t)start;
      last_reserve = (uint32_t)reserve;
      held = true;
      if (prefault)
        Prefault(bf.buf + batch_start, bf.end - batch_start);
      StartReading();
      return env.Undefined();
    }

    // Wirepool: maps the pages of a freshly allocated buffer at once (Linux 5.14's
    // MADV_POPULATE_WRITE) instead of one page fault per 4 KiB as packets are copied in: the
    // memory store's first fill costs half as much. Only for a buffer the caller says is new:
    // on one already mapped the page-table walk costs as much as the copy. An older kernel
    // says EINVAL and the faults happen as before.
    static void Prefault(uint8_t* from, size_t bytes) {
#if defined(__linux__)
      static const uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
      uintptr_t a = ((uintptr_t)from + page - 1) & ~(page - 1);
      uintptr_t b = ((uintptr_t)from + bytes) & ~(page - 1);
      if (b > a)
        madvise((void*)a, b - a, 23 /* MADV_POPULATE_WRITE */);
#else
      (void)from;
      (void)bytes;
#endif
    }

    // Wirepool: hands over the held batch now if it has packets (emit('batch', count, dataEnd,
    // 0), synchronously); true if it did.
    Napi::Value Flush(const Napi::CallbackInfo& info) {
      Napi::Env env = info.Env();
      if (!batch_mode || !held || bf.count == 0 || pcap_handle == nullptr || closing)
        return Napi::Boolean::New(env, false);
      if (!ValidateHeld())
        return Napi::Boolean::New(env, false);
      bool in_drain = handling_packets;
      bool was_failed = js_failed;
      bool ok = HandOver(0, true);
      if (!in_drain)
        js_failed = was_failed;  // a throw here goes to flush()'s caller, not to a drain
      if (!ok)
        return env.Undefined();  // the exception is pending
      if (!held && !Stopped())
        StopReading();
      return Napi::Boolean::New(env, true);
    }

    // Wirepool: the time stamp types a device offers (pcap_list_tstamp_types on a created, not
    // activated, handle): [{ name, description }]; empty when it offers only the default.
    static Napi::Value TimestampTypes(const Napi::CallbackInfo& info) {
      Napi::Env env = info.Env();
      if (info.Length() < 1 || !info[0].IsString())
        THROW_TYPE(env, "timestampTypes(device): device must be a string");
      std::string device = info[0].As<Napi::String>().Utf8Value();
      char errbuf[PCAP_ERRBUF_SIZE];
      errbuf[0] = 0;
      pcap_t* p = pcap_create(device.c_str(), errbuf);
      if (p == nullptr)
        THROW_ERROR(env, errbuf);
      int* types = nullptr;
      int n = pcap_list_tstamp_types(p, &types);
      if (n < 0) {
        std::string msg = pcap_geterr(p);
        pcap_close(p);
        THROW_ERROR(env, msg);
      }
      Napi::Array out = Napi::Array::New(env, n);
      for (int i = 0; i < n; i++) {
        Napi::Object t = Napi::Object::New(env);
        const char* name = pcap_tstamp_type_val_to_name(types[i]);
        const char* desc = pcap_tstamp_type_val_to_description(types[i]);
        t.Set("name", name ? Napi::String::New(env, name) : Napi::String::New(env, std::to_string(types[i])));
        t.Set("description", desc ? Napi::String::New(env, desc) : Napi::String::New(env, ""));
        out.Set((uint32_t)i, t);
      }
      if (types) pcap_free_tstamp_types(types);
      pcap_close(p);
      return out;
    }

    static Napi::Function Initialize(Napi::Env env) {
      return DefineClass(env, "Cap", {
        InstanceMethod<&Pcap::Send>("send"),
        InstanceMethod<&Pcap::Open>("open"),
        InstanceMethod<&Pcap::Close>("close"),
        InstanceMethod<&Pcap::Stats>("stats"),
        InstanceMethod<&Pcap::Fill>("fill"),
        InstanceMethod<&Pcap::Flush>("flush"),
#ifdef _WIN32
        InstanceMethod<&Pcap::WIN_SetMin>("setMinBytes"),
#endif
        StaticMethod<&Pcap::TimestampTypes>("timestampTypes"),
      });
    }
};

static Napi::Value ListDevices(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  char errbuf[PCAP_ERRBUF_SIZE];
  pcap_if_t *alldevs = nullptr, *cur_dev;
  pcap_addr_t *cur_addr;
  uint32_t i, j;
  int af;

  if (pcap_findalldevs(&alldevs, errbuf) == -1)
    THROW_ERROR(env, errbuf);

  Napi::Array devs = Napi::Array::New(env);

  for (i = 0, cur_dev = alldevs;
       cur_dev != nullptr;
       cur_dev = cur_dev->next, ++i) {
    Napi::Object dev = Napi::Object::New(env);
    Napi::Array addrs = Napi::Array::New(env);

    dev.Set("name", Napi::String::New(env, cur_dev->name));
    if (cur_dev->description != nullptr)
      dev.Set("description", Napi::String::New(env, cur_dev->description));

    for (j = 0, cur_addr = cur_dev->addresses;
         cur_addr != nullptr;
         cur_addr = cur_addr->next) {
      if (cur_addr->addr) {
        af = cur_addr->addr->sa_family;
        if (af == AF_INET || af == AF_INET6) {
          Napi::Object address = Napi::Object::New(env);
          SetAddrStringHelper(env, "addr", cur_addr->addr, address);
          SetAddrStringHelper(env, "netmask", cur_addr->netmask, address);
          SetAddrStringHelper(env, "broadaddr", cur_addr->broadaddr, address);
          SetAddrStringHelper(env, "dstaddr", cur_addr->dstaddr, address);
          addrs.Set(j++, address);
        }
      }
    }

    dev.Set("addresses", addrs);

    if (cur_dev->flags & PCAP_IF_LOOPBACK)
      dev.Set("flags", Napi::String::New(env, "PCAP_IF_LOOPBACK"));

    devs.Set(i, dev);
  }

  if (alldevs)
    pcap_freealldevs(alldevs);

  return devs;
}

static Napi::Value FindDevice(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Value ret = env.Undefined();
  char errbuf[PCAP_ERRBUF_SIZE];
  char name4[INET_ADDRSTRLEN];
  char name6[INET6_ADDRSTRLEN];
  std::string ip;
  bool have_ip = false;
  pcap_if_t *alldevs = nullptr, *dev;
  pcap_addr_t *addr;
  bool found = false;

  if (info.Length() > 0) {
    if (!info[0].IsString())
      THROW_TYPE(env, "Expected string for IP");
    ip = info[0].As<Napi::String>().Utf8Value();
    have_ip = true;
  }

  if (pcap_findalldevs(&alldevs, errbuf) == -1)
    THROW_ERROR(env, errbuf);

  for (dev = alldevs; dev != nullptr; dev = dev->next) {
    if (dev->addresses != nullptr) {
      for (addr = dev->addresses; addr != nullptr; addr = addr->next) {
        if (addr->addr && (addr->addr->sa_family == AF_INET
            || addr->addr->sa_family == AF_INET6)) {
          if (have_ip) {
            if (addr->addr->sa_family == AF_INET) {
              inet_ntop(AF_INET,
                        (char*)&(((struct sockaddr_in*)(addr->addr))->sin_addr),
                        name4, INET_ADDRSTRLEN);
              if (strcmp(ip.c_str(), name4) != 0)
                continue;
            } else if (addr->addr->sa_family == AF_INET6) {
              inet_ntop(AF_INET6,
                        (char*)&(
                          ((struct sockaddr_in6*)(addr->addr))->sin6_addr
                        ),
                        name6, INET6_ADDRSTRLEN);
              if (strcmp(ip.c_str(), name6) != 0)
                continue;
            }
          }
          ret = Napi::String::New(env, dev->name);
          found = true;
          break;
        }
      }
      if (found)
        break;
    }
  }

  if (alldevs)
    pcap_freealldevs(alldevs);

  return ret;
}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = Pcap::Initialize(env);
  // Wirepool: the constructor is kept per environment (instance data), never in a static.
  AddonData* data = new AddonData();
  data->cap_constructor = Napi::Persistent(ctor);
  env.SetInstanceData<AddonData>(data);

  exports.Set("Cap", ctor);
  exports.Set("findDevice", Napi::Function::New<FindDevice>(env, "findDevice"));
  exports.Set("deviceList", Napi::Function::New<ListDevices>(env, "deviceList"));
  // Wirepool: tells a caller this build may be loaded and used in worker threads.
  exports.Set("workerThreads", Napi::Boolean::New(env, true));
  return exports;
}

// Node-API modules are loaded once per environment (each worker thread gets its own instance).
NODE_API_MODULE(cap, Init)
