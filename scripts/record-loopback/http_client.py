"""HTTP client for recordings (dev only): real urllib/http.client requests, a fixed mix."""
import http.client
import json
import sys
import urllib.parse
import urllib.request

host, port10, port11 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
small = len(sys.argv) > 4 and sys.argv[4] == "small"
base = f"http://{host}:{port10}"
large = [] if small else ["/big.bin", "/mid.bin"]
for path in ["/index.html", "/small.txt", "/page.html", *large, "/api", "/gzip", "/chunked", "/missing"]:
    try:
        urllib.request.urlopen(base + path).read()
    except Exception:
        pass
form = urllib.parse.urlencode({"name": "wirepool", "q": "tcp reassembly", "n": "42"}).encode()
urllib.request.urlopen(urllib.request.Request(base + "/form", data=form)).read()
payload = json.dumps({"query": "frames", "limit": 1000, "fields": ["tcp.stream"] * 50}).encode()
urllib.request.urlopen(urllib.request.Request(base + "/json", data=payload, headers={"Content-Type": "application/json"})).read()
c = http.client.HTTPConnection(host, port11)
for path in ["/index.html", "/api", *large[1:], "/chunked", "/gzip", "/small.txt", "/index.html", *large[:1]]:
    c.request("GET", path, headers={"Accept-Encoding": "gzip"})
    c.getresponse().read()
c.close()
