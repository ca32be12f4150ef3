#!/usr/bin/env bash
# Dev script (root; needs tcpdump, python3, openssl, dig, ping): records real traffic between
# real clients and servers on a private network namespace's loopback, to check our reading
# against TShark's on captures nobody tuned (issue 17's "fresh loopback traffic").
#
#   bash scripts/record-loopback.sh OUT_DIR [MTU] [small]
#
# `small` leaves out the large files (the 200 kB and 2 MB bodies): a recording small enough to
# keep as a test fixture (test/fixtures/dissect/loopback.pcap).
# Writes OUT_DIR/lo.pcap (tcpdump -i lo) and OUT_DIR/any.pcap (tcpdump -i any: Linux cooked
# headers) of one session: HTTP/1.0 and 1.1 (static files up to 2 MB, JSON, gzip, chunked, a
# form and a JSON POST, a 404) over IPv4 and IPv6, TLS 1.2 and 1.3 (openssl s_server/s_client),
# DNS over UDP and TCP (dig against a small responder), ping over IPv4 and IPv6, and (MTU below
# 65536) IP fragments from large pings. Everything runs inside a new namespace: only its own
# loopback carries traffic, and the host's loopback MTU is not touched.
set -euo pipefail
out=$(realpath -m "${1:?usage: record-loopback.sh OUT_DIR [MTU]}")
mtu=${2:-65536}
size=${3:-full}
here=$(cd "$(dirname "$0")" && pwd)/record-loopback
ns=wprec$$
work=$(mktemp -d)
mkdir -p "$out"
cleanup() {
  ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
  sleep 0.3
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$ns"
ip netns exec "$ns" ip link set lo up mtu "$mtu"
run() { ip netns exec "$ns" "$@"; }

# Content the servers hand out.
mkdir -p "$work/www"
python3 - "$work/www" <<'PY'
import os, random, sys
d = sys.argv[1]
r = random.Random(17)
open(os.path.join(d, "index.html"), "w").write("<!doctype html><html><head><title>Wirepool</title></head><body>" + "<p>line of a real page</p>\n" * 300 + "</body></html>\n")
open(os.path.join(d, "page.html"), "w").write("<html><body>" + "<div>block</div>\n" * 4000 + "</body></html>\n")
open(os.path.join(d, "small.txt"), "w").write("hello from the recording\n")
open(os.path.join(d, "mid.bin"), "wb").write(bytes(r.randrange(256) for _ in range(200_000)))
open(os.path.join(d, "big.bin"), "wb").write(os.urandom(2_000_000))
PY
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 2 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 2>/dev/null

run tcpdump -B 65536 -i lo -U -w "$out/lo.pcap" 2>"$work/tcpdump-lo.err" &
run tcpdump -B 65536 -i any -U -w "$out/any.pcap" 2>"$work/tcpdump-any.err" &
sleep 1.5

run python3 "$here/http_server.py" 127.0.0.1 8000 HTTP/1.0 "$work/www" &
run python3 "$here/http_server.py" 127.0.0.1 8080 HTTP/1.1 "$work/www" &
run python3 "$here/http_server.py" ::1 8081 HTTP/1.1 "$work/www" &
run python3 "$here/dns_server.py" 127.0.0.1 53 &
(cd "$work" && run openssl s_server -quiet -www -accept 4433 -cert cert.pem -key key.pem -tls1_2 >/dev/null 2>&1) &
(cd "$work" && run openssl s_server -quiet -www -accept 4443 -cert cert.pem -key key.pem -tls1_3 >/dev/null 2>&1) &
(cd "$work/www" && run openssl s_server -quiet -WWW -accept 4444 -cert ../cert.pem -key ../key.pem >/dev/null 2>&1) &
sleep 1.5

run python3 "$here/http_client.py" 127.0.0.1 8000 8080 "$size"
run curl -s -o /dev/null -g 'http://[::1]:8081/index.html' 'http://[::1]:8081/api'
for name in example.test www.wirepool.test mail.wirepool.test; do
  run dig +short +tries=1 +time=2 @127.0.0.1 "$name" A >/dev/null
  run dig +short +tries=1 +time=2 @127.0.0.1 "$name" AAAA >/dev/null
done
run dig +short +tcp +tries=1 +time=2 @127.0.0.1 txt.wirepool.test TXT >/dev/null
run dig +short +tcp +tries=1 +time=2 @127.0.0.1 tcp.wirepool.test A >/dev/null
for port in 4433 4443; do
  printf 'GET / HTTP/1.0\r\n\r\n' | timeout 5 ip netns exec "$ns" openssl s_client -quiet -connect 127.0.0.1:$port -servername localhost >/dev/null 2>&1 || true
done
# A file over TLS: records of 16 KiB spread over segments.
tls_file=/mid.bin
[ "$size" = small ] && tls_file=/page.html
printf 'GET %s HTTP/1.0\r\n\r\n' "$tls_file" | timeout 5 ip netns exec "$ns" openssl s_client -quiet -connect 127.0.0.1:4444 >/dev/null 2>&1 || true
run ping -c 3 -i 0.2 127.0.0.1 >/dev/null
run ping -6 -c 3 -i 0.2 ::1 >/dev/null
if [ "$mtu" -lt 65536 ]; then
  run ping -c 2 -i 0.2 -s 4000 127.0.0.1 >/dev/null
  run ping -6 -c 2 -i 0.2 -s 4000 ::1 >/dev/null
fi
sleep 1
ip netns pids "$ns" | xargs -r kill -INT 2>/dev/null || true
sleep 1
cat "$work"/tcpdump-*.err | grep -E 'packets (captured|dropped)' || true
echo "wrote $out/lo.pcap and $out/any.pcap"
